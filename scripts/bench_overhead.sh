#!/usr/bin/env bash
# Runs bench/run_overhead_bench.cc with repetitions and prints, per model, the median time per
# run of raw ORT, Model::run and Runner::run, and what ortkit adds (absolute and ratio).
# Usage: scripts/bench_overhead.sh [BUILD_DIR] [REPETITIONS]
set -euo pipefail
build=${1:-build}
reps=${2:-15}
bench="$build/bench/ortkit_run_overhead_bench"
[[ -x $bench ]] || { echo "bench_overhead: $bench not built (run: cmake --build $build)" >&2; exit 2; }

"$bench" --benchmark_repetitions="$reps" --benchmark_report_aggregates_only=true \
  --benchmark_min_time=0.2 --benchmark_format=csv 2>/dev/null |
  awk -F, '
    # CSV rows: "RawOrt/add_median",iterations,real_time,cpu_time,time_unit,... (wall time kept).
    { gsub(/"/, "", $1) }
    $1 ~ /_median$/ {
      split($1, parts, "/"); kind = parts[1]; model = parts[2]; sub(/_median$/, "", model)
      t = $3; unit = $5
      if (unit == "us") t *= 1000; else if (unit == "ms") t *= 1e6
      ns[kind, model] = t; models[model] = 1
    }
    END {
      printf "%-8s %14s %14s %14s %12s %12s\n", "model", "raw ORT (ns)", "Model::run", "Runner::run", "added (ns)", "ratio"
      for (m in models) {
        raw = ns["RawOrt", m]; mr = ns["OrtkitModelRun", m]; rr = ns["OrtkitRunnerRun", m]
        printf "%-8s %14.0f %14.0f %14.0f %12.0f %11.3fx\n", m, raw, mr, rr, mr - raw, mr / raw
      }
    }'
