// Per-run traces (Model::run_profiled) joined into one: ORT writes a file per profiled run, each
// timed from its own run's start; the joined trace places each run where it began.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace ortkit::profile {

struct RunTrace {
  std::string path;        ///< the run's trace file
  int64_t start_us = 0;    ///< when the run began, microseconds after the first profiled run began
};

/// The file ORT wrote for `prefix` ("<prefix>_<timestamp>.json") in `directory`. Error(kIo)
/// naming the prefix when there is none.
std::string FindRunTrace(const std::string& directory, const std::string& prefix);

/// One Chrome trace (a JSON array of events) holding every run's events, each shifted by its
/// run's start_us. Error(kIo) naming the file when one is not a JSON array of objects.
std::string JoinRunTraces(const std::vector<RunTrace>& runs);

}  // namespace ortkit::profile
