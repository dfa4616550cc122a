// ONNX Runtime's memory statistics per node (session.collect_node_memory_stats_to_file): what
// each node's inputs, initializers, dynamically sized outputs and temporary buffers took.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace ortkit::profile {

/// The session config key that makes ORT write the statistics when the session ends.
inline constexpr const char* kNodeMemoryStatsKey = "session.collect_node_memory_stats_to_file";

/// One node's figures, bytes, as ORT recorded them over the session's runs.
struct NodeMemory {
  std::string node;               ///< the node's name (ORT's "_<hash>" suffix removed)
  std::string op_type;            ///< from the trace when the node ran in it, else ""
  int64_t input_bytes = 0;        ///< input_sizes
  int64_t initializer_bytes = 0;  ///< initializers_sizes
  int64_t output_bytes = 0;       ///< total_dynamic_sizes: outputs allocated at run time
  int64_t temp_bytes = 0;         ///< total_temp_allocations: scratch buffers inside the kernel

  /// What the node allocates while it runs: its outputs and its scratch buffers.
  int64_t allocated_bytes() const { return output_bytes + temp_bytes; }
};

/// Parses ORT's file ("#name,input_sizes,initializers_sizes,total_dynamic_sizes,
/// total_temp_allocations", then a line per node), most allocated first. Throws Error(kIo)
/// "'<source>' line N: ..." for a line that does not have that shape.
std::vector<NodeMemory> ParseNodeMemoryStats(const std::string& text, const std::string& source);

/// The file at `path` (one `ortkit profile --node-memory-stats` kept, or ORT wrote), parsed as
/// above with the path as its source. Throws Error(kIo) "cannot read '<path>': ..." when it cannot
/// be read, "'<path>' is empty: ..." for a file without even the header line (a truncated or
/// wrong file: ORT writes the header first), and the parse's errors.
std::vector<NodeMemory> ReadNodeMemoryStats(const std::string& path);

}  // namespace ortkit::profile
