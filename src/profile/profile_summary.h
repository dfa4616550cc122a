// What an ORT profile says: per op type, per node and per provider kernel time, the first run
// apart from the rest, Memcpy nodes, and nodes that fell back to the CPU.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "profile/profile_trace.h"

namespace ortkit::profile {

/// Kernel time of a group of executions (an op type, a node or a provider). "Steady" figures are
/// over the runs after the first (or over the only run), "first" over the first run alone.
struct TimeRow {
  std::string name;      ///< op type, node name or provider
  std::string op_type;   ///< node rows: the node's op type
  std::string provider;  ///< node rows: its provider; op rows: the providers that ran it, joined by ","
  int64_t count = 0;     ///< executions in the steady runs (provider rows: distinct nodes)
  int64_t total_us = 0;  ///< kernel time in the steady runs, microseconds
  double mean_us = 0;    ///< total_us per steady run
  double share = 0;      ///< mean_us / the mean steady run's wall time
  int64_t first_us = 0;  ///< kernel time in the first run
};

struct ProfileSummary {
  std::string source;
  TraceLayout layout = TraceLayout::kUnknown;
  int64_t model_load_us = 0;          ///< "model_loading_uri" / "model_loading_array"
  int64_t session_init_us = 0;        ///< "session_initialization"
  int runs = 0;                       ///< "model_run" spans found
  int steady_runs = 0;                ///< runs after the first (the first too when it is the only one)
  int64_t first_run_us = 0;           ///< the first run's wall time
  int64_t first_run_kernel_us = 0;    ///< kernel time inside it
  double steady_run_us = 0;           ///< mean wall time of the steady runs
  double steady_kernel_us = 0;        ///< mean kernel time of the steady runs
  std::vector<TimeRow> ops;           ///< by op type, most time first
  std::vector<TimeRow> nodes;         ///< by node, most time first
  std::vector<TimeRow> providers;     ///< by provider, most time first (count: distinct nodes)
  std::vector<TimeRow> memcpy_nodes;  ///< nodes whose op type starts with "Memcpy"
  /// Nodes on CPUExecutionProvider (Memcpy aside) when another provider was asked for (or ran
  /// nodes, when the caller does not say what was asked for).
  std::vector<TimeRow> cpu_fallback_nodes;
  std::vector<std::string> requested_providers;  ///< what the fallback list was judged against
  std::vector<std::string> notes;  ///< what the summary could not do ("no model_run spans: ...")
};

/// Summarises `trace`. Kernels belong to the "model_run" span that contains their start; kernels
/// outside every span are left out (with a note); with no spans at all, the whole trace counts
/// as one run. `requested_providers` (ORT names) decide the CPU-fallback list; empty: the
/// providers seen in the trace.
ProfileSummary Summarize(const ProfileTrace& trace, const std::vector<std::string>& requested_providers = {});

}  // namespace ortkit::profile
