// Objectives for comparing configurations.
#include "bench/objective.h"

namespace ortkit::bench {
namespace {

constexpr Objective kAll[] = {Objective::kP50,  Objective::kP90,        Objective::kP95,       Objective::kP99,
                              Objective::kMean, Objective::kThroughput, Objective::kColdStart, Objective::kPeakRss};

}  // namespace

const char* ToString(Objective objective) noexcept {
  switch (objective) {
    case Objective::kP50: return "p50";
    case Objective::kP90: return "p90";
    case Objective::kP95: return "p95";
    case Objective::kP99: return "p99";
    case Objective::kMean: return "mean";
    case Objective::kThroughput: return "throughput";
    case Objective::kColdStart: return "cold_start";
    case Objective::kPeakRss: return "peak_rss";
  }
  return "p50";
}

std::optional<Objective> ParseObjective(const std::string& name) {
  for (Objective o : kAll) {
    if (name == ToString(o)) return o;
  }
  return std::nullopt;
}

std::string ObjectiveNames() {
  std::string names;
  for (Objective o : kAll) names += (names.empty() ? "" : ", ") + std::string(ToString(o));
  return names;
}

double ObjectiveValue(const BenchResult& result, Objective objective) {
  const LatencyStats& latency = result.headline().latency;
  switch (objective) {
    case Objective::kP50: return latency.p50;
    case Objective::kP90: return latency.p90;
    case Objective::kP95: return latency.p95;
    case Objective::kP99: return latency.p99;
    case Objective::kMean: return latency.mean;
    case Objective::kThroughput: return result.headline().throughput_per_s;
    case Objective::kColdStart: return ColdStartMs(result.cold);
    case Objective::kPeakRss: return result.peak_rss_mib;
  }
  return latency.p50;
}

bool HigherIsBetter(Objective objective) noexcept { return objective == Objective::kThroughput; }

const char* ObjectiveUnit(Objective objective) noexcept {
  if (objective == Objective::kThroughput) return "/s";
  if (objective == Objective::kPeakRss) return "MiB";
  return "ms";
}

}  // namespace ortkit::bench
