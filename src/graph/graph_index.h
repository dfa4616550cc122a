// GraphIndex: the dataflow of a model's graphs (main graph and If/Loop/Scan bodies) indexed once
// for the check rules: producers, consumers, value types after shape inference, distances to the
// outputs, topological order.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include <onnx/onnx_pb.h>

namespace ortkit::graph {

/// One graph of the model, indexed. Node numbers are positions in `proto->node()`.
struct GraphInfo {
  const onnx::GraphProto* proto = nullptr;
  int parent = -1;      ///< the enclosing graph's number in GraphIndex::graphs(); -1 for the main graph
  int owner_node = -1;  ///< the node of `parent` that holds this graph as an attribute; -1 for main
  /// Location prefix of everything inside: "" for the main graph, "loop_1/body" for the body of
  /// node loop_1, "loop_1/body/if_2/then_branch" one level deeper.
  std::string path;
  /// Tensor -> the first node writing it (duplicated definitions are a finding, not an index error).
  std::unordered_map<std::string, int> producer;
  /// Tensor -> the nodes reading it, in node order. A node whose subgraph reads a tensor of this
  /// graph (an implicit input, as ONNX calls it) counts as reading it.
  std::unordered_map<std::string, std::vector<int>> consumers;
  /// Per node: the tensors of enclosing scopes its subgraphs read (empty for most nodes).
  std::vector<std::vector<std::string>> implicit_inputs;
  std::unordered_set<std::string> initializers;
  std::unordered_set<std::string> inputs;   ///< graph inputs, initializers listed as inputs included
  std::unordered_set<std::string> outputs;  ///< graph outputs
  /// Every node once, producers before consumers, when the graph is acyclic; otherwise the nodes
  /// that could be ordered (acyclic == false).
  std::vector<int> topological_order;
  bool acyclic = true;
  /// Per node: how many nodes lie between it and a graph output (0: it writes one), counting
  /// along the shortest path; -1 when none of its outputs reaches a graph output.
  std::vector<int> hops_to_output;
  /// Types as declared or inferred: inputs, outputs, value_info, initializers (name -> type).
  std::unordered_map<std::string, onnx::TypeProto> types;
};

/// Built from the model after ONNX shape inference (CheckContext::inferred). Holds pointers into
/// that model, which must outlive the index.
class GraphIndex {
 public:
  /// `inference_errors`: what ONNX shape inference reported (one entry per error), kept for the
  /// dynamic-dimensions rule.
  explicit GraphIndex(const onnx::ModelProto& model, std::vector<std::string> inference_errors = {});

  /// graphs()[0] is the main graph; subgraphs follow their parents (depth first).
  const std::vector<GraphInfo>& graphs() const noexcept { return graphs_; }
  const GraphInfo& main() const noexcept { return graphs_.front(); }

  /// The type of `name` as seen from graph `graph`: declared or inferred there or in an enclosing
  /// graph; nullptr when nothing is known.
  const onnx::TypeProto* TypeOf(int graph, const std::string& name) const;

  /// The imported opset version of `domain` ("" and "ai.onnx" are the same); nullopt if absent.
  std::optional<int64_t> Opset(const std::string& domain) const;
  /// Every opset import, domain "" for ai.onnx.
  const std::map<std::string, int64_t>& opsets() const noexcept { return opsets_; }

  /// How findings name a node: "Add_3", "loop_1/body/Add_3"; an unnamed node is
  /// "(unnamed Add #3)", numbered by its position in its graph.
  std::string NodeLocation(int graph, int node) const;
  /// How findings name a tensor: "x", "loop_1/body/x".
  std::string TensorLocation(int graph, const std::string& name) const;
  /// How findings name a whole graph: the main graph's name ("(main graph)" when it has none),
  /// or a subgraph's path.
  std::string GraphLocation(int graph) const;

  /// What ONNX shape inference reported, one error per entry; empty when it succeeded.
  const std::vector<std::string>& inference_errors() const noexcept { return inference_errors_; }

 private:
  /// Indexes `g` and its subgraphs; returns the names `g` reads from enclosing scopes.
  std::unordered_set<std::string> AddGraph(const onnx::GraphProto& g, int parent, int owner,
                                           const std::string& path);
  void OrderAndMeasure(GraphInfo& info) const;

  std::vector<GraphInfo> graphs_;
  std::map<std::string, int64_t> opsets_;
  std::vector<std::string> inference_errors_;
};

/// "" for "ai.onnx" (its other spelling); every other domain unchanged.
std::string CanonicalDomain(const std::string& domain);
/// How messages name a domain: "ai.onnx" for "", the domain itself otherwise.
std::string DomainLabel(const std::string& domain);

}  // namespace ortkit::graph
