// Measurement lengths for `ortkit tune`.
#include "bench/tune_pace.h"

#include <algorithm>
#include <cmath>

namespace ortkit::bench {
namespace {

constexpr double kMinDuration = 0.2, kMaxDuration = 10;
constexpr int kMinColdRuns = 3, kMaxColdRuns = 15;

}  // namespace

Pace InitialPace(Objective objective, double per_trial_s) {
  if (objective == Objective::kColdStart) return Pace{kMinColdRuns, 1, 3, 0};
  if (objective == Objective::kPeakRss) return Pace{1, 2, 20, 0};
  return Pace{1, 5, 0, std::clamp(per_trial_s * 0.5, kMinDuration, kMaxDuration)};
}

Pace Recalibrate(Objective objective, const Pace& used, double wall_s, double per_trial_s) {
  Pace pace = used;
  if (objective == Objective::kColdStart) {
    const double per_process = wall_s / used.cold_runs;
    pace.cold_runs = std::clamp(static_cast<int>(std::floor(per_trial_s / std::max(per_process, 1e-3))), kMinColdRuns,
                                kMaxColdRuns);
  } else if (objective != Objective::kPeakRss) {
    const double overhead = std::max(0.0, wall_s - used.duration_s);
    pace.duration_s = std::clamp(per_trial_s - overhead, kMinDuration, kMaxDuration);
  }
  return pace;
}

void ApplyPace(const Pace& pace, BenchSpec& spec) {
  spec.cold_runs = pace.cold_runs;
  spec.warmup = pace.warmup;
  spec.iterations = pace.iterations;
  spec.duration_s = pace.duration_s;
}

}  // namespace ortkit::bench
