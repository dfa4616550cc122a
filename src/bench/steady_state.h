// The steady state: warm-up, then timed requests from one or more threads over a session pool,
// phase by phase (each shape alone, then the mix of all shapes).
#pragma once

#include <cstddef>
#include <functional>

#include "bench/bench_result.h"
#include "bench/bench_spec.h"
#include "bench/cold_start.h"

namespace ortkit::bench {

/// Reports the share of a phase done so far (0..1); called now and then from a measuring thread.
using SteadyProgress = std::function<void(std::size_t phase, std::size_t phases, double fraction)>;

/// Runs the steady state after `cold` (whose session is the pool's first; the other
/// spec.sessions - 1 are loaded with Model::Load). Phases: one per shape of the plan, then "mix"
/// when there are several, which cycles through MixSequence(spec.shapes, spec.seed). Each phase
/// runs max(spec.warmup, its distinct shapes) untimed requests, then timed ones until
/// spec.iterations and spec.duration_s (those set) are reached; spec.workers() threads pull
/// requests from one counter, thread t on session t % spec.sessions. Only the run call is timed.
/// Rethrows the first error any thread met (after stopping the others).
SteadyResult RunSteadyState(const BenchSpec& spec, ColdStartRun cold, const SteadyProgress& progress = {});

}  // namespace ortkit::bench
