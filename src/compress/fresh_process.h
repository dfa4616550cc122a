// Cold start and peak RSS of each variant, each measured in fresh processes (bench's child
// jobs), the variants taking turns so that a change in the machine's load touches all alike.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "compress/compress_options.h"

namespace ortkit::compress {

struct ProcessFigures {
  double cold_start_ms = 0;  ///< median of session creation + first run (bench::ColdStartMs)
  double peak_rss_mib = 0;   ///< median of the processes' VmHWM after cold start and timed runs
};

/// For options.cold_runs rounds, runs bench::RunBench once per model in `paths` (in order), one
/// fresh process each (ORT's default threads, options.fix.custom_op_libraries, seeded inputs),
/// which loads the model, runs it once cold and options.rss_runs times more. `executable` hosts
/// the child subcommand (empty: the running one). `progress` is called before each process.
/// Returns the medians per model, in the order of `paths`. Throws what RunBench throws.
std::vector<ProcessFigures> MeasureFreshProcesses(const std::vector<std::string>& paths,
                                                  const CompressOptions& options, const std::string& executable,
                                                  const std::function<void(const std::string&)>& progress);

}  // namespace ortkit::compress
