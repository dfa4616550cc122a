// `ortkit profile` as a library call: run a model with ORT's profiler on, then read the trace.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "ortkit/session_config.h"
#include "workload/inputs.h"
#include "profile/profile_summary.h"

namespace ortkit::profile {

struct ProfileSpec {
  std::string model_path;
  SessionConfig config;  ///< profiling_prefix is replaced by a private one
  workload::InputRequest inputs;  ///< files, sizes (one shape), --value rules, seed
  int runs = 10;         ///< >= 1; the first is reported apart from the rest
  std::string trace_path;  ///< non-empty: keep ORT's trace (Chrome/Perfetto-loadable) here
};

struct ProfileRun {
  ProfileSummary summary;
  std::vector<std::string> providers;  ///< the session's, ORT's names
  std::vector<std::string> notes;      ///< what was guessed about the inputs and probed about sizes
};

/// Adds the graph's guesses to the inputs; when some free dimensions have no size, finds sizes that
/// run in a session of its own (so the probe's runs stay out of the trace). Then loads the model
/// with profiling on, runs it spec.runs times on the same inputs, ends the
/// session (ORT writes the trace then), reads and summarises the trace, judging CPU fallback
/// against the session's non-CPU providers. Throws Error(kConfig) for runs < 1 or an unusable
/// provider, and what Model::Load, the inputs and Model::run throw; Error(kIo) when ORT wrote no
/// trace or --trace cannot be written.
ProfileRun RunProfile(const ProfileSpec& spec);

}  // namespace ortkit::profile
