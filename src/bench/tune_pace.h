// How long each `ortkit tune` measurement runs: chosen from the budget and the objective, then
// recalibrated once the first measurement shows what a fresh process costs on this model.
#pragma once

#include "bench/bench_spec.h"
#include "bench/objective.h"

namespace ortkit::bench {

/// The measurement fields of a BenchSpec.
struct Pace {
  int cold_runs = 1;
  int warmup = 5;
  int64_t iterations = 0;
  double duration_s = 0.5;
};

/// A first pace for `objective` when each measurement may take about `per_trial_s` seconds:
/// latency objectives spend it in the steady state, cold start in fresh processes, peak memory
/// runs a short fixed steady state.
Pace InitialPace(Objective objective, double per_trial_s);

/// The pace after one measurement at `used` took `wall_s` seconds.
Pace Recalibrate(Objective objective, const Pace& used, double wall_s, double per_trial_s);

/// `spec` with the pace's fields set.
void ApplyPace(const Pace& pace, BenchSpec& spec);

}  // namespace ortkit::bench
