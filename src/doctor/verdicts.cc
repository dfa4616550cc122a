// Verdicts from the step results: loads (check, bench), speed (bench, profile, fix), memory
// (memcheck, bench), portability (check's provider rules, profile's CPU fallback).
#include "doctor/verdicts.h"

#include <algorithm>

#include <fmt/format.h>

#include "doctor/doc_access.h"

namespace ortkit::doctor {
namespace {

Json Verdict(const std::string& area, const std::string& status, const std::string& headline,
             std::vector<std::string> details = {}) {
  return {{"area", area}, {"status", status}, {"headline", headline}, {"details", details}};
}

// Why a step left nothing to judge by: "bench failed: killed by signal 6 (Aborted)".
std::string NoResult(const Json& document, const std::string& name) {
  const Json* step = StepOf(document, name);
  if (!step) return name + " did not run";
  const std::string status = TextAt(*step, "status");
  const std::string message = TextAt(*step, "message");
  std::string what = status == "timed_out" ? "timed out"
                     : status == "skipped" ? "was skipped"
                     : status == "failed"  ? "failed"
                                           : "gave no result";
  return name + " " + what + (message.empty() ? "" : ": " + message);
}

std::string Provider(const Json& document) {
  const std::string p = document.contains("request") ? TextAt(document["request"], "provider", "cpu") : "cpu";
  return p.empty() ? "cpu" : p;
}

std::string OrtVersion(const Json& document) {
  return document.contains("environment") ? TextAt(document["environment"], "onnxruntime", "?") : "?";
}

// The fix step's measured speed-up (after / before > 0), or 0.
double FixSpeedup(const Json& document) {
  const Json* fix = ResultOf(document, "fix");
  if (!fix || !fix->contains("latency") || !(*fix)["verification"].is_object() ||
      !(*fix)["verification"].value("passed", false)) {
    return 0;
  }
  return NumberAt((*fix)["latency"], "speedup");
}

}  // namespace

Json LoadsVerdict(const Json& document) {
  const Json* check = ResultOf(document, "check");
  const Json* bench = ResultOf(document, "bench");
  const std::string where = "ONNX Runtime " + OrtVersion(document) + " on " + Provider(document);
  std::vector<std::string> details;
  if (const Json* inspect = ResultOf(document, "inspect")) {
    const Json& totals = inspect->contains("totals") ? (*inspect)["totals"] : Json::object();
    details.push_back(fmt::format("{} nodes, {} parameters, IR version {}", NumberAt(totals, "nodes"),
                                  NumberAt(totals, "parameters"), NumberAt(*inspect, "ir_version")));
  }
  if (bench && bench->contains("cold_start")) {
    const Json& cold = (*bench)["cold_start"];
    details.push_back(fmt::format("session created in {} (median of {} fresh processes)",
                                  Ms(NumberAt(cold.value("session_create", Json::object()), "p50_ms")),
                                  NumberAt(cold, "runs")));
  }
  if (!check) {
    if (bench)
      return Verdict("loads", "good", "loads in " + where + " (bench ran it; " + NoResult(document, "check") + ")",
                     details);
    const std::string status = StatusOf(document, "check") == "failed" ? "problem" : "not_measured";
    return Verdict("loads", status, NoResult(document, "check"), details);
  }
  int errors = 0;
  std::string load_message;
  for (const Json& f : ArrayAt(*check, "findings")) {
    if (TextAt(f, "severity") != "error") continue;
    ++errors;
    details.push_back(TextAt(f, "rule_id") + " " + TextAt(f, "rule") + ": " + TextAt(f, "message"));
    if (TextAt(f, "rule") == "ort-load" && load_message.empty()) load_message = TextAt(f, "message");
  }
  if (check->contains("loads_in_ort") && (*check)["loads_in_ort"].is_boolean() &&
      !(*check)["loads_in_ort"].get<bool>()) {
    return Verdict("loads", "problem", "does not load in " + where + (load_message.empty() ? "" : ": " + load_message),
                   details);
  }
  if (errors > 0) {
    return Verdict("loads", "problem",
                   fmt::format("loads in {}, but check found {} error{}", where, errors, errors == 1 ? "" : "s"),
                   details);
  }
  std::string timing;
  if (bench && bench->contains("cold_start")) {
    timing = " in " + Ms(NumberAt((*bench)["cold_start"].value("session_create", Json::object()), "p50_ms"));
  }
  return Verdict("loads", "good", "loads in " + where + timing + "; check found no errors", details);
}

Json SpeedVerdict(const Json& document) {
  const Json* bench = ResultOf(document, "bench");
  if (!bench) return Verdict("speed", "not_measured", NoResult(document, "bench"));
  std::vector<std::string> details;
  const Json& phases = ArrayAt(*bench, "steady_state");
  if (phases.empty()) return Verdict("speed", "not_measured", "bench reported no steady-state phase");
  for (const Json& phase : phases) {
    const Json& latency = phase.value("latency", Json::object());
    details.push_back(fmt::format("{}: p50 {}, p99 {}, {:.0f} requests/s", TextAt(phase, "name"),
                                  Ms(NumberAt(latency, "p50_ms")), Ms(NumberAt(latency, "p99_ms")),
                                  NumberAt(phase, "throughput_per_s")));
  }
  const Json& cold = bench->value("cold_start", Json::object());
  const double create = NumberAt(cold.value("session_create", Json::object()), "p50_ms");
  const double first = NumberAt(cold.value("first_run", Json::object()), "p50_ms");
  details.push_back(fmt::format("cold start {}: session {} + first run {}", Ms(create + first), Ms(create), Ms(first)));
  for (const Json& s : ArrayAt(cold, "new_shape_first_run")) {
    details.push_back(fmt::format("first run at new shape {}: {}", TextAt(s, "shape"), Ms(NumberAt(s, "p50_ms"))));
  }
  const Json& headline_phase = phases.back();
  const Json& latency = headline_phase.value("latency", Json::object());
  const std::string headline =
      fmt::format("p50 {}, p99 {} ({}); cold start {}", Ms(NumberAt(latency, "p50_ms")),
                  Ms(NumberAt(latency, "p99_ms")), TextAt(headline_phase, "name"), Ms(create + first));
  for (const Json& w : ArrayAt(*bench, "warnings")) {
    if (w.is_string()) details.push_back("bench: " + w.get<std::string>());
  }
  std::vector<std::string> slow;  // what makes it slower than it needs to be
  for (const Json& f : FindingsOf(document, "ORTKIT001"))
    slow.push_back(TextAt(f, "message") + " (ORT cannot fold or fuse them)");
  if (const Json* profile = ResultOf(document, "profile")) {
    const Json& ops = ArrayAt(*profile, "ops");
    for (std::size_t i = 0; i < ops.size() && i < 3; ++i) {
      details.push_back(fmt::format("profile: {} takes {:.0f}% of kernel time", TextAt(ops[i], "name"),
                                    100 * NumberAt(ops[i], "share")));
    }
    const std::size_t fallback = ArrayAt(*profile, "cpu_fallback_nodes").size();
    const std::size_t memcpy = ArrayAt(*profile, "memcpy_nodes").size();
    if (fallback > 0) slow.push_back(fmt::format("{} node{} fall back to the CPU", fallback, fallback == 1 ? "" : "s"));
    if (memcpy > 0)
      slow.push_back(fmt::format("{} Memcpy node{} copy between devices", memcpy, memcpy == 1 ? "" : "s"));
  }
  const double speedup = FixSpeedup(document);
  if (speedup > 0) {
    const Json& l = (*ResultOf(document, "fix"))["latency"];
    details.push_back(fmt::format("ortkit fix: p50 {} -> {} ({:.2f}x, one intra-op thread)",
                                  Ms(NumberAt(l, "before_ms")), Ms(NumberAt(l, "after_ms")), speedup));
  }
  if (speedup >= 1.1) {
    // fix --bench times on the CPU whatever --provider says; say so when that differs.
    const std::string where = Provider(document) == "cpu" ? "" : " on cpu";
    slow.insert(slow.begin(), fmt::format("ortkit fix makes it {:.2f}x faster{}", speedup, where));
  }
  details.insert(details.end(), slow.begin(), slow.end());
  if (slow.empty()) return Verdict("speed", "good", headline, details);
  return Verdict("speed", "warning", headline + "; " + slow.front(), details);
}

Json MemoryVerdict(const Json& document) {
  const Json* mem = ResultOf(document, "memcheck");
  std::vector<std::string> details;
  const Json* bench = ResultOf(document, "bench");
  if (bench)
    details.push_back(
        fmt::format("peak resident memory while benchmarking: {:.1f} MiB", NumberAt(*bench, "peak_rss_mib")));
  if (!mem) return Verdict("memory", "not_measured", NoResult(document, "memcheck"), details);
  const Json& analysis = mem->value("analysis", Json::object());
  const std::string verdict = TextAt(analysis, "verdict", "?");
  const std::string summary = TextAt(analysis, "summary", verdict);
  const Json& schedule = mem->value("schedule", Json::object());
  details.push_back(fmt::format("{} iterations, {} distinct shape(s); verdict: {}", NumberAt(schedule, "iterations"),
                                NumberAt(schedule, "distinct_shapes"), verdict));
  const std::size_t steps = ArrayAt(analysis, "steps").size();
  if (steps > 0) details.push_back(fmt::format("{} step{} of growth (see the chart)", steps, steps == 1 ? "" : "s"));
  std::string status = "good";
  if (verdict == "leak") status = "problem";
  if (verdict == "allocator growth") status = "warning";
  if (mem->contains("recommendation") && (*mem)["recommendation"].is_object()) {
    const Json& rec = (*mem)["recommendation"];
    details.push_back("settings: " + TextAt(rec, "headline"));
    if (!TextAt(rec, "variant").empty() && status == "good") status = "warning";
  } else {
    details.push_back("memory settings not compared (the variant table needs a larger --budget)");
  }
  const std::string peak = bench ? fmt::format("; peak {:.1f} MiB", NumberAt(*bench, "peak_rss_mib")) : "";
  return Verdict("memory", status, summary + peak, details);
}

Json PortabilityVerdict(const Json& document) {
  const Json* check = ResultOf(document, "check");
  if (!check) return Verdict("portability", "not_measured", NoResult(document, "check"));
  // The rules about running elsewhere: types, ops and opsets providers lack, float64,
  // post-processing, free dimensions, provider coverage.
  static const char* kRules[] = {"ORTKIT003", "ORTKIT004", "ORTKIT005", "ORTKIT006",
                                 "ORTKIT007", "ORTKIT008", "ORTKIT009"};
  std::vector<std::string> details;
  int errors = 0, warnings = 0;
  std::vector<std::string> named;
  for (const Json& f : ArrayAt(*check, "findings")) {
    const std::string id = TextAt(f, "rule_id");
    if (std::find(std::begin(kRules), std::end(kRules), id) == std::end(kRules)) continue;
    const std::string severity = TextAt(f, "severity");
    // Per-node coverage lines repeat the graph-level one; keep the report to what a person reads.
    if (id == "ORTKIT009" && severity == "info" && TextAt(f, "location_kind") == "node") continue;
    details.push_back(severity + ": " + TextAt(f, "rule") + ": " + TextAt(f, "message"));
    if (severity == "error") ++errors;
    if (severity == "warning") ++warnings;
    if (severity != "info" || id == "ORTKIT007" || id == "ORTKIT008") named.push_back(TextAt(f, "rule"));
  }
  const Json& targets = document.contains("request") ? ArrayAt(document["request"], "targets") : Json::array();
  std::string to;
  for (const Json& t : targets) to += (to.empty() ? "" : ", ") + t.get<std::string>();
  const std::string scope = to.empty() ? "other providers" : to;
  if (const Json* profile = ResultOf(document, "profile")) {
    const std::size_t fallback = ArrayAt(*profile, "cpu_fallback_nodes").size();
    if (fallback > 0) {
      ++warnings;
      details.push_back(fmt::format("warning: {} node(s) fell back to the CPU under --provider {} (profile)", fallback,
                                    Provider(document)));
    }
  }
  std::string list;
  for (std::size_t i = 0; i < named.size() && i < 4; ++i) {
    if (list.find(named[i]) == std::string::npos) list += (list.empty() ? "" : ", ") + named[i];
  }
  if (errors > 0) return Verdict("portability", "problem", fmt::format("not portable to {}: {}", scope, list), details);
  if (warnings > 0)
    return Verdict("portability", "warning", fmt::format("needs work before moving to {}: {}", scope, list), details);
  if (!list.empty())
    return Verdict("portability", "good", fmt::format("no blocking issue for {}; worth knowing: {}", scope, list),
                   details);
  return Verdict("portability", "good", "no portability issue found for " + scope, details);
}

Json Verdicts(const Json& document) {
  return Json::array(
      {LoadsVerdict(document), SpeedVerdict(document), MemoryVerdict(document), PortabilityVerdict(document)});
}

}  // namespace ortkit::doctor
