// One cold start, measured in the current process, which must be fresh: nothing of ORT may have
// run in it before (the parent starts a new process for each one).
#pragma once

#include <vector>

#include "bench/bench_inputs.h"
#include "bench/bench_result.h"
#include "bench/bench_spec.h"
#include "ortkit/model.h"

namespace ortkit::bench {

/// What a cold start leaves behind, for the steady state that may follow in the same process.
struct ColdStartRun {
  ColdSample sample;
  Model model;
  std::vector<ShapeInputs> inputs;  ///< one per shape of the plan
};

/// Reads the model file (timed), creates the session from those bytes (timed; external data is
/// found next to the model file, as Model::Load would), builds the inputs (untimed), runs the
/// first shape twice (first and second run) and every other shape once (its first run).
/// Throws Error(kLoad) for unreadable or unloadable models, and what BuildBenchInputs and
/// Model::run throw.
ColdStartRun RunColdStart(const BenchSpec& spec);

}  // namespace ortkit::bench
