#!/usr/bin/env python3
"""Assembles a realistic `ortkit doctor` JSON document (the contract read by
src/report/doctor_html.cc) from real runs of the ortkit subcommands on a model.

Usage: make_doctor_fixture.py ORTKIT MODEL OUT.json
doctor_demo.json was made in a build directory with
  ../tests/report/data/make_doctor_fixture.py "$PWD/src/ortkit" demo/demo.onnx \
      ../tests/report/data/doctor_demo.json
(the paths it records are as given: demo/demo.onnx, and "ortkit" for the binary).

It runs check, inspect, bench, memcheck, profile and fix exactly as doctor does and wraps their
--json outputs in the doctor contract. Two fields that `ortkit doctor` adds and the subcommands did
not print when this fixture was made are synthesised, deterministically, when missing:
  - bench steady phases' "histogram" {edges_ms, counts}: drawn from the phase's own measured
    percentiles (min, p50, p90, p95, p99, max) by inverse-CDF interpolation;
  - memcheck's "series" [{iteration, rss, anon, heap}]: the load phase's end plus each measured
    step (analysis.steps) from its iteration on, levelled to the measured steady median.
Verdicts and actions are written from the measured results the way doctor phrases them.
"""
import datetime
import json
import os
import platform
import shlex
import subprocess
import sys
import time


def run_step(name, argv, shown_as=None):
    started = time.monotonic()
    proc = subprocess.run(argv, capture_output=True, text=True)
    seconds = round(time.monotonic() - started, 2)
    status = {0: "ok", 1: "findings"}.get(proc.returncode, "failed")
    result = None
    try:
        result = json.loads(proc.stdout)
    except ValueError:
        status = "failed"
    message = proc.stderr.strip().splitlines()[-1] if status == "failed" and proc.stderr.strip() else ""
    # As a user types it: not this machine's build path nor the scratch output.
    shown = ["ortkit"] + [(shown_as or {}).get(a, a) for a in argv[1:]]
    return {"name": name, "status": status, "seconds": seconds, "command": shown,
            "command_line": " ".join(shlex.quote(a) for a in shown), "message": message, "result": result}


def quantile_curve(lat):
    return [(0.0, lat["min_ms"]), (0.5, lat["p50_ms"]), (0.9, lat["p90_ms"]),
            (0.95, lat["p95_ms"]), (0.99, lat["p99_ms"]), (1.0, lat["max_ms"])]


def synth_histogram(lat, bins=24):
    curve = quantile_curve(lat)
    count = int(lat["count"])
    samples = []
    for i in range(count):
        q = (i + 0.5) / count
        for (q0, v0), (q1, v1) in zip(curve, curve[1:]):
            if q <= q1:
                samples.append(v0 + (v1 - v0) * (q - q0) / (q1 - q0))
                break
    low, high = lat["min_ms"], lat["max_ms"]
    width = (high - low) / bins or 1.0
    edges = [round(low + width * i, 4) for i in range(bins + 1)]
    counts = [0] * bins
    for s in samples:
        counts[min(bins - 1, int((s - low) / width))] += 1
    return {"edges_ms": edges, "counts": counts}


def synth_series(memcheck):
    analysis = memcheck["analysis"]
    phases = {p["name"]: p for p in analysis["phases"]}
    iterations = memcheck["schedule"]["iterations"]
    base = phases["load"]["end"]
    steady = phases.get("steady", phases["load"])["median"]
    steps = analysis.get("steps", [])
    total_step = sum(s["bytes"] for s in steps) or 1
    series = []
    for i in range(1, iterations + 1):
        done = sum(s["bytes"] for s in steps if s["iteration"] <= i) / total_step
        point = {"iteration": i}
        for key in ("rss", "anon", "heap"):
            point[key] = int(base[key] + (steady[key] - base[key]) * done + (i * 7919 % 13) * 1024)
        series.append(point)
    return series


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    ortkit, model, out = sys.argv[1:]
    fixed = out + ".fixed.onnx"
    steps = [
        run_step("check", [ortkit, "check", model, "--format", "json"]),
        run_step("inspect", [ortkit, "inspect", model, "--json"]),
        run_step("bench", [ortkit, "bench", model, "--dim", "batch=1,4", "--cold-runs", "3",
                           "--duration", "1", "--json"]),
        run_step("memcheck", [ortkit, "memcheck", model, "--dim", "batch=1..8", "--iterations", "200",
                              "--variants", "--json"]),
        run_step("profile", [ortkit, "profile", model, "--json"]),
        run_step("fix", [ortkit, "fix", model, "-o", fixed, "--force", "--bench", "--json"], {fixed: "fixed.onnx"}),
    ]
    if os.path.exists(fixed):
        os.remove(fixed)
    by_name = {s["name"]: s for s in steps}
    bench = by_name["bench"]["result"]
    for phase in bench["steady_state"]:
        phase.setdefault("histogram", synth_histogram(phase["latency"]))
    memcheck = by_name["memcheck"]["result"]
    memcheck.setdefault("series", synth_series(memcheck))
    check = by_name["check"]["result"]
    fix = by_name["fix"]["result"]

    version = json.loads(subprocess.run([ortkit, "version", "--json"], capture_output=True, text=True).stdout)
    cpu = "unknown"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break

    p50 = {p["name"]: p["latency"]["p50_ms"] for p in bench["steady_state"]}
    summary = check["summary"]
    fix_passes = [p["name"] for p in fix["passes"] if p["changed"]]
    before, after = fix["latency"]["before_ms"], fix["latency"]["after_ms"]
    rec = memcheck["recommendation"]
    doc = {
        "schema_version": 1,
        "tool": {"name": "ortkit", "version": version["ortkit"]},
        "model": {"path": model, "file_bytes": os.path.getsize(model)},
        "environment": {"ortkit": version["ortkit"], "onnxruntime": version["onnxruntime"], "cpu": cpu,
                        "cores": os.cpu_count(), "os": f"{platform.system()} {platform.release()}",
                        "providers": [p["name"] for p in version["providers"] if p["usable"]]},
        "request": {"provider": "cpu", "targets": [], "dims": ["batch=1,4"], "budget_s": 120},
        "started_at": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "elapsed_s": round(sum(s["seconds"] for s in steps), 1),
        "verdicts": [
            {"area": "loads", "status": "good" if check["loads_in_ort"] else "problem",
             "headline": "Loads in ONNX Runtime " + version["onnxruntime"] + " on the CPU provider.",
             "details": [f"{summary['errors']} errors, {summary['warnings']} warnings, {summary['info']} notes from check"]},
            {"area": "speed", "status": "warning",
             "headline": "p50 " + ", ".join(f"{k} {v:.2f} ms" for k, v in p50.items() if k != "mix")
                         + f"; fixing the graph makes it {fix['latency']['speedup']:.1f}x faster.",
             "details": bench.get("warnings", [])},
            {"area": "memory", "status": "good" if not memcheck["leak"] else "problem",
             "headline": memcheck["analysis"]["summary"] + ".", "details": [rec["headline"]]},
            {"area": "portability", "status": "warning" if summary["warnings"] else "good",
             "headline": f"{summary['warnings']} warnings block a clean deployment (float64, weights as inputs).",
             "details": [f["rule"] + ": " + f["message"] for f in check["findings"] if f["severity"] == "warning"]},
        ],
        "actions": [
            {"rank": 1, "title": "Apply " + " and ".join(fix_passes),
             "effect": f"p50 {before:.2f} -> {after:.2f} ms, outputs identical "
                       f"(max abs {max(o['max_abs'] for o in fix['verification']['outputs']):.1e})",
             "command": f"ortkit fix {model} -o fixed.onnx " + " ".join("--pass " + p for p in fix_passes),
             "measured": True},
            {"rank": 2, "title": rec["headline"].split(":")[0],
             "effect": (f"steady memory -{rec['steady_saving'] / 1048576:.1f} MiB, "
                        f"latency {rec['latency_change'] * 100:+.1f}%") if rec["variant"]
                       else rec["headline"].split(": ", 1)[-1],
             "command": f"ortkit memcheck {model} --dim batch=1..8 --variants -o deployment.json",
             "measured": True},
            {"rank": 3, "title": "Move the TopK post-processing out of the model",
             "effect": "a change to your code: the backbone can then run on an accelerator", "command": f"ortkit check {model}",
             "measured": False},
        ],
        "steps": steps,
    }
    with open(out, "w") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
