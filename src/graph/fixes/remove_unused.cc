// Pass remove-unused: drop nodes with no path to a graph output, and initializers nothing reads.
//
// Exporters leave dead branches (training-only heads, shape computations whose result was
// folded away) and weights that nothing reads; they cost file size, load time and memory. ONNX
// ops have no side effects, so a node none of whose outputs reaches a graph output can go. Graph
// inputs are never removed: they are the model's interface.
#include <set>
#include <string>
#include <vector>

#include "graph/fixes/graph_walk.h"
#include "graph/fixes/pass.h"

namespace ortkit::graph {
namespace {

using namespace fixes;  // the helpers all passes share (graph_walk.h, float64_values.h)

class RemoveUnused : public FixPass {
 public:
  const FixPassInfo& info() const override {
    static const FixPassInfo kInfo{
        "remove-unused", "Remove nodes with no path to a graph output and initializers nothing reads", true};
    return kInfo;
  }

  FixChanges Apply(onnx::ModelProto& model, const FixOptions&) const override {
    FixChanges c;
    c.Add("nodes", "nodes removed", 0);
    c.Add("initializers", "initializers removed", 0);
    c.Add("value_info", "value_info entries removed", 0);
    // Pruning a subgraph can leave an outer value unread, which makes its producer dead in turn,
    // so repeat until nothing changes (each round removes something, so this ends).
    for (int64_t before = -1; before != Total(c);) {
      before = Total(c);
      Prune(*model.mutable_graph(), "", c);
    }
    return c;
  }

 private:
  static int64_t Total(const FixChanges& c) { return c.Get("nodes") + c.Get("initializers") + c.Get("value_info"); }

  static void Prune(onnx::GraphProto& graph, const std::string& where, FixChanges& c) {
    const std::string in = where.empty() ? "" : " (in " + where + ")";
    RemoveDeadNodes(graph, in, c);
    for (int i = 0; i < graph.node_size(); ++i) {
      onnx::NodeProto& node = *graph.mutable_node(i);
      for (auto& attr : *node.mutable_attribute()) {
        const std::string owner = NodeLabel(node, i) + " attribute '" + attr.name() + "'";
        if (attr.has_g()) Prune(*attr.mutable_g(), owner, c);
        for (auto& g : *attr.mutable_graphs()) Prune(g, owner, c);
      }
    }
    RemoveUnreadInitializers(graph, in, c);
    RemoveStaleValueInfo(graph, c);
  }

  // Walks the nodes backwards from the graph outputs (nodes are in topological order).
  static void RemoveDeadNodes(onnx::GraphProto& graph, const std::string& in, FixChanges& c) {
    std::set<std::string> needed;
    for (const auto& v : graph.output()) needed.insert(v.name());
    std::vector<bool> keep(static_cast<std::size_t>(graph.node_size()), false);
    for (int i = graph.node_size() - 1; i >= 0; --i) {
      const onnx::NodeProto& node = graph.node(i);
      bool used = false;
      for (const auto& output : node.output()) used = used || (!output.empty() && needed.count(output));
      if (!used) continue;
      keep[static_cast<std::size_t>(i)] = true;
      CollectNodeReads(node, needed);
    }
    google::protobuf::RepeatedPtrField<onnx::NodeProto> kept;
    for (int i = 0; i < graph.node_size(); ++i) {
      if (keep[static_cast<std::size_t>(i)]) {
        *kept.Add() = std::move(*graph.mutable_node(i));
        continue;
      }
      c.Add("nodes", "");
      c.details.push_back(NodeLabel(graph.node(i), i) + in + " removed: none of its outputs reaches a graph output");
    }
    graph.mutable_node()->Swap(&kept);
  }

  static void RemoveUnreadInitializers(onnx::GraphProto& graph, const std::string& in, FixChanges& c) {
    std::set<std::string> read;
    CollectReads(graph, read);
    for (const auto& v : graph.output()) read.insert(v.name());
    // An initializer that is also an input stays: removing it would make the input required.
    for (const auto& v : graph.input()) read.insert(v.name());
    google::protobuf::RepeatedPtrField<onnx::TensorProto> kept;
    for (auto& t : *graph.mutable_initializer()) {
      if (read.count(t.name())) {
        *kept.Add() = std::move(t);
        continue;
      }
      c.Add("initializers", "");
      c.details.push_back("initializer '" + t.name() + "'" + in + " removed: nothing reads it");
    }
    graph.mutable_initializer()->Swap(&kept);
  }

  // value_info describing values that no longer exist would mislead tools (and shape inference).
  static void RemoveStaleValueInfo(onnx::GraphProto& graph, FixChanges& c) {
    std::set<std::string> live;
    CollectReads(graph, live);
    for (const auto& node : graph.node()) live.insert(node.output().begin(), node.output().end());
    google::protobuf::RepeatedPtrField<onnx::ValueInfoProto> kept;
    for (auto& v : *graph.mutable_value_info()) {
      if (live.count(v.name())) {
        *kept.Add() = std::move(v);
      } else {
        c.Add("value_info", "");
      }
    }
    graph.mutable_value_info()->Swap(&kept);
  }
};

}  // namespace

std::unique_ptr<FixPass> MakeRemoveUnusedPass() { return std::make_unique<RemoveUnused>(); }

}  // namespace ortkit::graph
