// What "better" means when configurations are compared: a latency percentile, throughput,
// cold start or memory.
#pragma once

#include <optional>
#include <string>

#include "bench/bench_result.h"

namespace ortkit::bench {

enum class Objective { kP50, kP90, kP95, kP99, kMean, kThroughput, kColdStart, kPeakRss };

/// "p50", "p90", "p95", "p99", "mean", "throughput", "cold_start", "peak_rss".
const char* ToString(Objective objective) noexcept;
std::optional<Objective> ParseObjective(const std::string& name);
/// The accepted names, comma-separated, for messages and --help.
std::string ObjectiveNames();

/// The figure of `result` the objective looks at: headline-phase latency (ms), its throughput
/// (requests/s), the median cold start (session creation + first run, ms) or the steady-state
/// process's peak RSS (MiB).
double ObjectiveValue(const BenchResult& result, Objective objective);
/// Throughput is better high; everything else is better low.
bool HigherIsBetter(Objective objective) noexcept;
/// "ms", "/s" or "MiB".
const char* ObjectiveUnit(Objective objective) noexcept;

}  // namespace ortkit::bench
