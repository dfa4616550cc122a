// BenchResult: the figures that stand for a whole run.
#include "bench/bench_result.h"

#include "ortkit/error.h"

namespace ortkit::bench {

const PhaseResult& BenchResult::headline() const {
  if (phases.empty()) throw Error(ErrorCategory::kRun, "benchmark of '" + spec.model_path + "' has no steady-state phase");
  return phases.back();  // "mix" comes last when there is one; otherwise the only phase is last
}

double ColdStartMs(const ColdStart& cold) { return cold.session_create.p50 + cold.first_run.p50; }

}  // namespace ortkit::bench
