// What a benchmark measured: the cold start of fresh processes, each steady-state phase, memory,
// and warnings. Plain data: src/report/bench_render.h prints it.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "bench/bench_spec.h"
#include "bench/stats.h"
#include "ortkit/shape.h"

namespace ortkit::bench {

/// One fresh process's cold start, in milliseconds.
struct ColdSample {
  double read_file_ms = 0;       ///< reading the model file into memory
  double session_create_ms = 0;  ///< ORT session from those bytes: graph optimisation, provider setup
  double first_run_ms = 0;       ///< the first run (first shape)
  double second_run_ms = 0;      ///< the run after it, same inputs
  /// The first run of each further distinct shape, in plan order: (shape label, ms).
  std::vector<std::pair<std::string, double>> new_shape_first_run_ms;
  std::vector<std::string> providers;  ///< the session's providers, ORT's names
  double peak_rss_mib = 0;  ///< the process's peak resident set (VmHWM) at the end of its work
};

/// The cold start over all fresh processes.
struct ColdStart {
  int runs = 0;
  LatencyStats read_file, session_create, first_run, second_run;
  std::vector<std::pair<std::string, LatencyStats>> new_shape_first_run;
  LatencyStats peak_rss_mib;  ///< of the processes (the unit is MiB, not ms)
};

/// The name of the phase that mixes every shape.
inline constexpr const char* kMixPhase = "mix";

/// One steady-state phase: a single shape, or the mix of all shapes.
struct PhaseResult {
  std::string name;                    ///< ShapeLabel, or "mix"
  std::map<std::string, Shape> inputs;  ///< tensor input shapes (a single shape's phase only)
  int64_t requests = 0;                ///< timed requests, all threads together
  double wall_s = 0;                   ///< from the first timed request's start to the last's end
  double throughput_per_s = 0;         ///< requests / wall_s
  LatencyStats latency;                ///< per request, ms
  Histogram histogram;                 ///< per request, ms (MakeHistogram), for charts
};

/// The steady state of one process: every phase, after its own cold start.
struct SteadyResult {
  ColdSample cold;
  std::vector<PhaseResult> phases;  ///< one per distinct shape, then "mix" when there are several
};

struct BenchResult {
  std::string ortkit_version;
  std::string onnxruntime_version;
  BenchSpec spec;
  std::vector<std::string> providers;  ///< as the sessions report them
  ColdStart cold;
  std::vector<PhaseResult> phases;     ///< one per distinct shape, then "mix" when there are several
  double peak_rss_mib = 0;             ///< the steady-state process's peak resident set
  std::vector<std::string> warnings;
  std::vector<std::string> notes;  ///< what was guessed about the inputs and probed about sizes

  /// The phase that stands for the whole run: "mix" when present, else the only shape's.
  const PhaseResult& headline() const;
};

/// cold-start ms (session creation + first run), the figure that stands for a cold start.
double ColdStartMs(const ColdStart& cold);

}  // namespace ortkit::bench
