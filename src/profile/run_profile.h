// `ortkit profile` as a library call: run a model with ORT's profiler on, then read the trace.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "bench/shape_plan.h"
#include "ortkit/session_config.h"
#include "profile/profile_summary.h"

namespace ortkit::profile {

struct ProfileSpec {
  std::string model_path;
  SessionConfig config;  ///< profiling_prefix is replaced by a private one
  std::vector<std::pair<std::string, std::string>> input_files;  ///< input name, .pb/.npy path
  bench::DimSizes dims;  ///< free dimension sizes (unlisted: 1)
  uint64_t seed = 0;
  bool zeros = false;    ///< zeros instead of seeded random values
  int runs = 10;         ///< >= 1; the first is reported apart from the rest
  std::string trace_path;  ///< non-empty: keep ORT's trace (Chrome/Perfetto-loadable) here
};

struct ProfileRun {
  ProfileSummary summary;
  std::vector<std::string> providers;  ///< the session's, ORT's names
};

/// Loads the model with profiling on, runs it spec.runs times on the same inputs, ends the
/// session (ORT writes the trace then), reads and summarises the trace, judging CPU fallback
/// against the session's non-CPU providers. Throws Error(kConfig) for runs < 1 or an unusable
/// provider, and what Model::Load, the inputs and Model::run throw; Error(kIo) when ORT wrote no
/// trace or --trace cannot be written.
ProfileRun RunProfile(const ProfileSpec& spec);

}  // namespace ortkit::profile
