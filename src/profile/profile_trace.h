// ONNX Runtime's profile (a Chrome trace JSON) read into events. Both argument layouts ORT has
// written are understood: "node_index" (ORT 1.17 and later) and "graph_index" plus
// "exec_plan_index" with fence events around each kernel (older releases).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace ortkit::profile {

/// One node's kernel execution ("<node>_kernel_time", category "Node").
struct KernelEvent {
  std::string node;      ///< the node's name: the event name without "_kernel_time"
  std::string op_type;   ///< args.op_name (after fusion: "FusedConv", "MemcpyToHost", ...)
  std::string provider;  ///< args.provider: "CPUExecutionProvider", "WebGpuExecutionProvider", ...
  int64_t node_index = -1;       ///< args.node_index, or args.graph_index in the older layout
  int64_t exec_plan_index = -1;  ///< args.exec_plan_index (older layout only)
  int64_t ts_us = 0;   ///< start, microseconds since profiling began
  int64_t dur_us = 0;  ///< duration, microseconds
  int64_t tid = 0;
};

/// A session-level span: "model_loading_uri", "session_initialization", "model_run", ...
struct SessionEvent {
  std::string name;
  int64_t ts_us = 0;
  int64_t dur_us = 0;
};

enum class TraceLayout {
  kNodeIndex,   ///< args.node_index
  kGraphIndex,  ///< args.graph_index + args.exec_plan_index
  kUnknown,     ///< no kernel carries either (or there are no kernels)
};

/// "node_index", "graph_index/exec_plan_index" or "unknown".
const char* ToString(TraceLayout layout) noexcept;

struct ProfileTrace {
  std::string source;  ///< the file (or label) it came from
  TraceLayout layout = TraceLayout::kUnknown;
  std::vector<SessionEvent> session_events;  ///< in file order
  std::vector<KernelEvent> kernels;          ///< in file order
};

/// Parses a profile: a JSON array of trace events, or an object with a "traceEvents" array.
/// Fence events and categories other than "Session" and "Node" are skipped. Throws
/// Error(kIo) "'<source>': not an ONNX Runtime profile: <why>" for other JSON, and names the
/// event (by position) whose fields are missing or of the wrong type.
ProfileTrace ParseOrtProfile(const std::string& json_text, const std::string& source);

/// ParseOrtProfile of the file at `path`; Error(kIo) when it cannot be read.
ProfileTrace ReadOrtProfile(const std::string& path);

}  // namespace ortkit::profile
