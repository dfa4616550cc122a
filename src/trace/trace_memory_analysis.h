// `ortkit trace`'s reading of a process's memory series: memcheck's analysis (memory/analyzer.h:
// plateau, step growth, leak, with the slope and its 95% interval) on the samples the preloaded
// library took on Run calls, with the runs as iterations.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "trace/trace_document.h"

namespace ortkit::trace {

struct TraceMemoryAnalysis {
  /// False when the series is too short to judge; `why_not` then says why.
  bool analysed = false;
  std::string why_not;
  std::string verdict;  ///< memory::ToString: "stable", "plateau", "step growth", "allocator growth", "leak"
  bool leak = false;
  std::string metric;   ///< "heap" or "anon": the series the verdict rests on
  std::string location; ///< for a leak: where (C heap, outside it)
  /// The leak test's line on the steady samples of runs with shapes already seen: bytes per run,
  /// its 95% interval and R².
  double slope_per_run = 0;
  double ci_low = 0;
  double ci_high = 0;
  double r_squared = 0;
  int64_t steady_growth = 0;  ///< bytes the leak test's intervals grew in all
  int64_t samples = 0;        ///< samples in the series
  int64_t first_run = 0;      ///< the run of the first sample (the baseline)
  int64_t warmup_runs = 0;    ///< runs up to the end of the warm-up
  std::vector<std::string> notes;
};

/// At least this many samples are needed before the analysis runs.
inline constexpr std::size_t kMinMemorySamples = 10;

/// Analyses `memory` with memory::Analyze: the first sample is the baseline ("after load"), the
/// first tenth of the samples the warm-up, and intervals holding a session's creation or a new
/// input shape are not judged by the leak test (growth there is expected).
TraceMemoryAnalysis AnalyzeTraceMemory(const TraceMemory& memory);

/// "leak (C heap): C heap in use +1040 B per run (95% interval 1038 B to 1042 B, R² 1.00)", "plateau", ...; or why not analysed.
std::string DescribeMemory(const TraceMemoryAnalysis& analysis);

/// Bytes as "1040 B" (below 10 KiB), "40.0 KiB", "12.3 MiB" (signed).
std::string FormatBytes(double bytes);

}  // namespace ortkit::trace
