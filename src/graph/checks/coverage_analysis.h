// Provider coverage as data: which nodes of the main graph a provider would take according to its
// op table, the partitions ORT would form from them, and what falls back to CPU.
#pragma once

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "graph/checks/partitioned_graph.h"
#include "graph/checks/provider_ops/op_table.h"
#include "graph/graph_index.h"

namespace ortkit::graph {

/// One node and whether the provider would take it.
struct NodeVerdict {
  int node = 0;              ///< position in the analysed main graph (a PartitionedGraph's, or the file's)
  std::string location;      ///< GraphIndex::NodeLocation
  std::string op_type;
  std::string domain;        ///< canonical: "" for ai.onnx
  bool taken = false;
  /// Why not ("no kernel for ai.onnx:Round", "input 0 is float64 (it takes float32)"); for a
  /// taken node, the table's note on conditions not checked ("only 2D pooling"), if any.
  std::string reason;
};

struct CoverageResult {
  const ProviderOpTable* table = nullptr;
  std::vector<NodeVerdict> nodes;  ///< the main graph's nodes in topological order
  std::size_t taken = 0;
  /// Groups of taken nodes ORT's partitioner would form (CreateSupportedPartitionNodeGroups).
  std::size_t partitions = 0;
  /// Tensors flowing between a taken node and a CPU one, each way: on a GPU provider each is a
  /// Memcpy node ORT inserts; on the others, a hand-over between partitions.
  std::size_t boundary_tensors = 0;
  /// Op types of the nodes falling back to CPU with their counts, most frequent first.
  std::vector<std::pair<std::string, std::size_t>> fallback_ops;

  std::size_t fallbacks() const { return nodes.size() - taken; }
};

/// Checks every node of the main graph against `table`: op and domain, the since-version of the
/// op's schema at the model's opset, input 0's element type and static shapes where the table
/// asks, and fusion into a taken producer (XNNPACK's Relu/Clip).
CoverageResult AnalyzeCoverage(const GraphIndex& index, const ProviderOpTable& table);
/// The same on `graph`'s main graph, each verdict's location as `graph` names the node (the
/// file's name for it where the node is the file's).
CoverageResult AnalyzeCoverage(const PartitionedGraph& graph, const ProviderOpTable& table);

/// "float32, float16": the names of the element types in `types`.
std::string TypeSetNames(TypeSet types);

}  // namespace ortkit::graph
