// Runs every case through both runners in a worker process that a crash or hang can't take down
// with the test.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "conformance/conformance_case.h"

namespace ortkit::conformance {

struct CaseResult {
  Outcome ortkit;
  Outcome raw;
};

struct SweepOptions {
  /// A single run (one case, one runner) taking longer is killed and recorded as a failure.
  int unit_timeout_s = 120;
};

/// Results in the order of `cases`. All cases run in one forked worker process, ortkit first,
/// then raw ORT, case by case. When the worker dies (ORT aborts, a segfault) or a run exceeds the
/// timeout, that run fails with "crashed: ..." or "timed out: ..." and a new worker carries on
/// after it. Call it before this process has used ONNX Runtime (the fork copies one thread only).
std::vector<CaseResult> RunSweep(const std::vector<ConformanceCase>& cases, const SweepOptions& options = {});

/// Runs one unit inside a worker: case `case_index` on the ortkit side (`ortkit`) or raw ORT's.
using UnitRunner = std::function<Outcome(std::size_t case_index, bool ortkit)>;

/// The supervisor behind RunSweep, for any units: `start_worker` is called once in each new worker
/// process and returns what runs its units (it may throw: the worker then dies and a unit fails).
std::vector<CaseResult> RunInWorkers(std::size_t case_count, const std::function<UnitRunner()>& start_worker,
                                     const SweepOptions& options = {});

/// The worker's line protocol keeps a message on one line: "\\" -> "\\\\", newline -> "\\n".
std::string EscapeLine(const std::string& text);
std::string UnescapeLine(const std::string& text);

}  // namespace ortkit::conformance
