// `ortkit profile` as a library call: run a model with ORT's profiler on, then read the trace.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "ortkit/session_config.h"
#include "profile/node_memory.h"
#include "profile/profile_summary.h"
#include "workload/inputs.h"

namespace ortkit::profile {

struct ProfileSpec {
  std::string model_path;
  SessionConfig config;  ///< profiling_prefix is replaced by a private one
  workload::InputRequest inputs;  ///< files, sizes (one shape), --value rules, seed
  int runs = 10;         ///< profiled runs, >= 1; the first is reported apart from the rest
  int warmup = 1;        ///< >= 0 unprofiled runs between the first and the steady ones
  bool node_memory = true;  ///< also record ORT's memory statistics per node (a second session)
  std::string trace_path;  ///< non-empty: keep ORT's trace (Chrome/Perfetto-loadable) here
  /// Non-empty: keep ORT's node memory statistics file here, as ORT wrote it (`ortkit graph
  /// --node-memory` reads it); needs node_memory.
  std::string node_memory_path;

  /// Throws Error(kConfig) naming the flag: runs < 1, warmup < 0, or node_memory_path without
  /// node_memory.
  void Validate() const;
};

struct ProfileRun {
  ProfileSummary summary;
  std::vector<std::string> providers;  ///< the session's, ORT's names
  std::vector<std::string> notes;      ///< what was guessed about the inputs and probed about sizes
  int64_t load_us = 0;  ///< Model::Load's wall time (model load and session initialisation), timed by ortkit
  int warmup = 0;       ///< unprofiled runs between the first and the steady ones
  /// The size each free dimension of the inputs had in the profiled runs (by symbol, or
  /// "INPUT:AXIS" when unnamed: the --dim keys), so that a static cost can be computed at them.
  workload::DimSizes dim_sizes;
  /// ORT's per-node memory statistics from one run in a session of its own, most allocated
  /// first; empty when not asked for.
  std::vector<NodeMemory> node_memory;
};

/// Adds the graph's guesses to the inputs; when some free dimensions have no size, finds sizes that
/// run in a session of its own. Loads the model (timed), then profiles each reported run alone
/// (Model::run_profiled): the first run, then spec.warmup runs unprofiled, then spec.runs - 1
/// steady runs; so neither the load nor the warm-up is in the trace. The per-run traces are
/// joined (each run placed where it began) and summarised, judging CPU fallback against the
/// session's non-CPU providers. With spec.node_memory, one more session with ORT's per-node
/// memory statistics on runs once on the same inputs (kept apart, so that the recording cannot
/// slow the profiled runs). Throws what spec.Validate() throws, Error(kConfig) for an unusable
/// provider, and what Model::Load, the inputs and Model::run throw; Error(kIo) when ORT wrote no
/// trace or --trace or --node-memory-stats cannot be written.
ProfileRun RunProfile(const ProfileSpec& spec);

}  // namespace ortkit::profile
