// Verdicts from the step results: loads (check, bench), speed (bench, profile, fix), memory
// (memcheck, bench), portability (check's provider rules, profile's CPU fallback).
#include "doctor/verdicts.h"

#include <algorithm>

#include <fmt/format.h>

#include "doctor/doctor_format.h"

namespace ortkit::doctor {
namespace {

Verdict Make(const std::string& area, const std::string& status, const std::string& headline,
             std::vector<std::string> details = {}) {
  return {area, status, headline, std::move(details)};
}

// Why a step left nothing to judge by: "bench failed: killed by signal 6 (Aborted)".
std::string NoResult(const StepInfo& step) {
  if (step.status == "missing") return step.name + " did not run";
  const std::string what = step.status == "timed_out" ? "timed out"
                           : step.status == "skipped" ? "was skipped"
                           : step.status == "failed"  ? "failed"
                                                      : "gave no result";
  return step.name + " " + what + (step.message.empty() ? "" : ": " + step.message);
}

std::string Provider(const DoctorReport& report) {
  return report.request.provider.empty() ? "cpu" : report.request.provider;
}

// The fix step's measured speed-up (after / before > 0), or 0.
double FixSpeedup(const DoctorReport& report) {
  const auto& fix = report.fix.result;
  if (!fix || !fix->latency || !fix->verification.passed) return 0;
  return fix->latency->speedup;
}

std::vector<const CheckFinding*> FindingsOf(const DoctorReport& report, const std::string& rule_id) {
  std::vector<const CheckFinding*> out;
  if (!report.check.result) return out;
  for (const CheckFinding& f : report.check.result->findings) {
    if (f.rule_id == rule_id) out.push_back(&f);
  }
  return out;
}

}  // namespace

Verdict LoadsVerdict(const DoctorReport& report) {
  const auto& check = report.check.result;
  const auto& bench = report.bench.result;
  const std::string where = "ONNX Runtime " + report.environment.onnxruntime + " on " + Provider(report);
  std::vector<std::string> details;
  if (const auto& inspect = report.inspect.result) {
    details.push_back(fmt::format("{} nodes, {} parameters, IR version {}", inspect->totals.nodes,
                                  inspect->totals.parameters, inspect->ir_version));
  }
  if (bench) {
    details.push_back(fmt::format("session created in {} (median of {} fresh processes)",
                                  Ms(bench->cold.session_create.p50), bench->cold.runs));
  }
  if (!check) {
    if (bench)
      return Make("loads", "good", "loads in " + where + " (bench ran it; " + NoResult(report.check) + ")", details);
    const std::string status = report.check.status == "failed" ? "problem" : "not_measured";
    return Make("loads", status, NoResult(report.check), details);
  }
  int errors = 0;
  std::string load_message;
  for (const CheckFinding& f : check->findings) {
    if (f.severity != "error") continue;
    ++errors;
    details.push_back(f.rule_id + " " + f.rule + ": " + f.message);
    if (f.rule == "ort-load" && load_message.empty()) load_message = f.message;
  }
  if (check->loads_in_ort == false) {
    return Make("loads", "problem", "does not load in " + where + (load_message.empty() ? "" : ": " + load_message),
                details);
  }
  if (errors > 0) {
    return Make("loads", "problem",
                fmt::format("loads in {}, but check found {} error{}", where, errors, errors == 1 ? "" : "s"), details);
  }
  const std::string timing = bench ? " in " + Ms(bench->cold.session_create.p50) : "";
  return Make("loads", "good", "loads in " + where + timing + "; check found no errors", details);
}

Verdict SpeedVerdict(const DoctorReport& report) {
  const auto& bench = report.bench.result;
  if (!bench) return Make("speed", "not_measured", NoResult(report.bench));
  std::vector<std::string> details;
  if (bench->phases.empty()) return Make("speed", "not_measured", "bench reported no steady-state phase");
  for (const bench::PhaseResult& phase : bench->phases) {
    details.push_back(fmt::format("{}: p50 {}, p99 {}, {:.0f} requests/s", phase.name, Ms(phase.latency.p50),
                                  Ms(phase.latency.p99), phase.throughput_per_s));
  }
  const double create = bench->cold.session_create.p50;
  const double first = bench->cold.first_run.p50;
  details.push_back(fmt::format("cold start {}: session {} + first run {}", Ms(create + first), Ms(create), Ms(first)));
  for (const auto& [shape, stats] : bench->cold.new_shape_first_run) {
    details.push_back(fmt::format("first run at new shape {}: {}", shape, Ms(stats.p50)));
  }
  const bench::PhaseResult& headline_phase = bench->phases.back();
  const std::string headline =
      fmt::format("p50 {}, p99 {} ({}); cold start {}", Ms(headline_phase.latency.p50), Ms(headline_phase.latency.p99),
                  headline_phase.name, Ms(create + first));
  for (const std::string& w : bench->warnings) details.push_back("bench: " + w);
  std::vector<std::string> slow;  // what makes it slower than it needs to be
  for (const CheckFinding* f : FindingsOf(report, "ORTKIT001")) slow.push_back(f->message + " (ORT cannot fold or fuse them)");
  if (const auto& profile = report.profile.result) {
    for (std::size_t i = 0; i < profile->ops.size() && i < 3; ++i) {
      details.push_back(
          fmt::format("profile: {} takes {:.0f}% of kernel time", profile->ops[i].name, 100 * profile->ops[i].share));
    }
    const std::size_t fallback = profile->cpu_fallback_nodes.size();
    const std::size_t memcpy = profile->memcpy_nodes.size();
    if (fallback > 0) slow.push_back(fmt::format("{} node{} fall back to the CPU", fallback, fallback == 1 ? "" : "s"));
    if (memcpy > 0)
      slow.push_back(fmt::format("{} Memcpy node{} copy between devices", memcpy, memcpy == 1 ? "" : "s"));
  }
  const double speedup = FixSpeedup(report);
  if (speedup > 0) {
    const FixLatency& l = *report.fix.result->latency;
    details.push_back(fmt::format("ortkit fix: p50 {} -> {} ({:.2f}x, one intra-op thread)", Ms(l.before_ms),
                                  Ms(l.after_ms), speedup));
  }
  if (speedup >= 1.1) {
    // fix --bench times on the CPU whatever --provider says; say so when that differs.
    const std::string where = Provider(report) == "cpu" ? "" : " on cpu";
    slow.insert(slow.begin(), fmt::format("ortkit fix makes it {:.2f}x faster{}", speedup, where));
  }
  const EnvironmentInfo& env = report.environment;
  if (env.usable_cpus > 0 && env.usable_cpus < env.cores) {
    // ortkit's own steps fit their threads to the usable CPUs; an application on ORT's defaults
    // does not, and its threads then queue for the CPUs the quota or affinity leaves it.
    slow.push_back(fmt::format("only {} of {} CPUs are usable here (limited by {}), and ONNX Runtime's default "
                               "intra-op pool starts a thread per core: set intra_op_threads={} (doctor's steps did)",
                               env.usable_cpus, env.cores, env.cpu_limit, env.usable_cpus));
  }
  details.insert(details.end(), slow.begin(), slow.end());
  if (slow.empty()) return Make("speed", "good", headline, details);
  return Make("speed", "warning", headline + "; " + slow.front(), details);
}

// A peak resident memory above kPeakPerWeight x the weights + kPeakFloorMib is large: ORT holds the
// weights (sometimes twice, while it prepacks), activations and its own code, which for small
// models is most of the process.
constexpr double kPeakPerWeight = 4;
constexpr double kPeakFloorMib = 256;

Verdict MemoryVerdict(const DoctorReport& report) {
  const auto& mem = report.memcheck.result;
  const auto& bench = report.bench.result;
  std::vector<std::string> details;
  if (bench)
    details.push_back(fmt::format("peak resident memory while benchmarking: {:.1f} MiB", bench->peak_rss_mib));
  if (!mem) return Make("memory", "not_measured", NoResult(report.memcheck), details);
  const std::string& verdict = mem->analysis.verdict;
  details.push_back(fmt::format("{} iterations, {} distinct shape(s); verdict: {}", mem->schedule.iterations,
                                mem->schedule.distinct_shapes, verdict));
  const std::size_t steps = mem->analysis.steps.size();
  if (steps > 0) details.push_back(fmt::format("{} step{} of growth (see the chart)", steps, steps == 1 ? "" : "s"));
  // A warning is for growth, or a peak out of proportion to the model; memory settings that would
  // save some are an action, not a warning about a healthy plateau.
  std::string status = "good";
  if (verdict == "leak") status = "problem";
  if (verdict == "step growth" || verdict == "allocator growth") status = "warning";
  std::string large;
  if (bench && report.inspect.result) {
    const double weights_mib = report.inspect.result->graph.initializers.bytes / (1024.0 * 1024.0);
    const double limit = kPeakPerWeight * weights_mib + kPeakFloorMib;
    details.push_back(fmt::format("peak {:.1f} MiB against {:.1f} MiB of weights; a warning from {:.0f} MiB ({:.0f}x the "
                                  "weights + {:.0f} MiB)",
                                  bench->peak_rss_mib, weights_mib, limit, kPeakPerWeight, kPeakFloorMib));
    if (bench->peak_rss_mib > limit) {
      if (status == "good") status = "warning";
      large = fmt::format("; the peak is large for {:.1f} MiB of weights", weights_mib);
    }
  }
  if (mem->recommendation) {
    details.push_back("settings: " + mem->recommendation->headline);
  } else {
    details.push_back("memory settings not compared (the variant table needs a larger --budget)");
  }
  const std::string peak = bench ? fmt::format("; peak {:.1f} MiB", bench->peak_rss_mib) : "";
  return Make("memory", status, mem->analysis.summary + peak + large, details);
}

Verdict PortabilityVerdict(const DoctorReport& report) {
  const auto& check = report.check.result;
  if (!check) return Make("portability", "not_measured", NoResult(report.check));
  // The rules about running elsewhere: types, ops and opsets providers lack, float64,
  // post-processing, free dimensions, provider coverage.
  static const char* kRules[] = {"ORTKIT003", "ORTKIT004", "ORTKIT005", "ORTKIT006",
                                 "ORTKIT007", "ORTKIT008", "ORTKIT009"};
  std::vector<std::string> details;
  int errors = 0, warnings = 0;
  std::vector<std::string> named;
  for (const CheckFinding& f : check->findings) {
    const std::string& id = f.rule_id;
    if (std::find(std::begin(kRules), std::end(kRules), id) == std::end(kRules)) continue;
    // Per-node coverage lines repeat the graph-level one; keep the report to what a person reads.
    if (id == "ORTKIT009" && f.severity == "info" && f.location_kind == "node") continue;
    details.push_back(f.severity + ": " + f.rule + ": " + f.message);
    if (f.severity == "error") ++errors;
    if (f.severity == "warning") ++warnings;
    if (f.severity != "info" || id == "ORTKIT007" || id == "ORTKIT008") named.push_back(f.rule);
  }
  std::string to;
  for (const std::string& t : report.request.targets) to += (to.empty() ? "" : ", ") + t;
  const std::string scope = to.empty() ? "other providers" : to;
  if (const auto& profile = report.profile.result) {
    const std::size_t fallback = profile->cpu_fallback_nodes.size();
    if (fallback > 0) {
      ++warnings;
      details.push_back(fmt::format("warning: {} node(s) fell back to the CPU under --provider {} (profile)", fallback,
                                    Provider(report)));
    }
  }
  std::string list;
  for (std::size_t i = 0; i < named.size() && i < 4; ++i) {
    if (list.find(named[i]) == std::string::npos) list += (list.empty() ? "" : ", ") + named[i];
  }
  if (errors > 0) return Make("portability", "problem", fmt::format("not portable to {}: {}", scope, list), details);
  if (warnings > 0)
    return Make("portability", "warning", fmt::format("needs work before moving to {}: {}", scope, list), details);
  if (!list.empty())
    return Make("portability", "good", fmt::format("no blocking issue for {}; worth knowing: {}", scope, list),
                details);
  return Make("portability", "good", "no portability issue found for " + scope, details);
}

std::vector<Verdict> Verdicts(const DoctorReport& report) {
  return {LoadsVerdict(report), SpeedVerdict(report), MemoryVerdict(report), PortabilityVerdict(report)};
}

}  // namespace ortkit::doctor
