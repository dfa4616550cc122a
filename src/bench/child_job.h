// The work one fresh child process does for a benchmark, and how its result travels back:
// the parent writes a job file, runs `<executable> __bench-child --job FILE --out FILE`, and
// reads the result file (or the error it holds).
#pragma once

#include <string>

#include "bench/bench_result.h"
#include "bench/bench_spec.h"

namespace ortkit::bench {

/// The hidden subcommand that runs a job in a child process.
inline constexpr const char* kChildCommand = "__bench-child";

enum class ChildJob {
  kColdStart,  ///< one cold start
  kSteady,     ///< one cold start, then the steady state
};

/// The job file's content.
std::string ChildJobToJson(ChildJob job, const BenchSpec& spec);

/// The child's side: reads the job file at `job_path`, does the work in this process and writes
/// the result (or, for an ortkit::Error, its category and message) to `out_path`. With
/// `progress_fd` >= 0, steady-state progress goes there as lines "PHASE PHASES FRACTION".
/// Returns 0 on success, 2 when the job failed (its error is in the result file). Throws only
/// when the result file cannot be written.
int RunChildJob(const std::string& job_path, const std::string& out_path, int progress_fd);

/// The parent's side of the result file: the SteadyResult (phases empty for a cold-start job).
/// Rethrows a child's Error with its category and message; Error(kRun) for a malformed file.
SteadyResult ReadChildResult(const std::string& out_path);

}  // namespace ortkit::bench
