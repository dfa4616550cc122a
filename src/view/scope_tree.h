// Name scopes as clusters: "/layers.0/self_attn/q_proj/MatMul" sits in layers.0 › self_attn ›
// q_proj, the nesting exporters (torch.onnx, tf2onnx) write into node names.
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "view/graph_view.h"

namespace ortkit::view {

/// The scope components of a node name: every "/"-separated part but the last, empty parts
/// dropped. "/layers.0/self_attn/MatMul" -> {"layers.0", "self_attn"}; "Add_3" -> {}.
std::vector<std::string> ScopeOf(const std::string& node_name);

/// The last "/"-separated part of a node name ("MatMul"), or the name itself.
std::string ShortName(const std::string& node_name);

/// Builds the cluster tree into a GraphView's cluster list: one cluster per distinct scope path
/// under each parent, created on first use, so nodes of one scope share it wherever they appear.
class ScopeTree {
 public:
  explicit ScopeTree(std::vector<ViewCluster>& clusters) : clusters_(clusters) {}

  /// The innermost cluster for `scope` under `parent` (-1: top level), creating what is missing;
  /// `parent` itself when the scope is empty.
  int ClusterFor(int parent, const std::vector<std::string>& scope);

  /// A new cluster for a subgraph under `parent`; never shared.
  int AddSubgraph(int parent, const std::string& label, const std::string& path);

  /// Counts every node into its cluster and all enclosing ones (ViewCluster::nodes).
  static void CountNodes(const std::vector<ViewNode>& nodes, std::vector<ViewCluster>& clusters);

 private:
  int Add(ClusterKind kind, int parent, const std::string& label, const std::string& path);

  std::vector<ViewCluster>& clusters_;
  std::map<std::pair<int, std::string>, int> children_;  // (parent, component) -> scope cluster
};

}  // namespace ortkit::view
