// Walking an ONNX graph with its subgraphs, and renaming values across them.
#include "graph/fixes/graph_walk.h"

#include <algorithm>

namespace ortkit::graph::fixes {
namespace {

void Walk(onnx::GraphProto& graph, const std::string& where,
          const std::function<void(onnx::GraphProto&, const std::string&)>& fn) {
  fn(graph, where);
  for (int i = 0; i < graph.node_size(); ++i) {
    onnx::NodeProto& node = *graph.mutable_node(i);
    for (auto& attr : *node.mutable_attribute()) {
      const std::string owner = NodeLabel(node, i) + " attribute '" + attr.name() + "'";
      if (attr.has_g()) Walk(*attr.mutable_g(), owner, fn);
      for (auto& g : *attr.mutable_graphs()) Walk(g, owner, fn);
    }
  }
}

template <typename Fn>
void ForEachSubgraph(const onnx::NodeProto& node, Fn fn) {
  for (const auto& attr : node.attribute()) {
    if (attr.has_g()) fn(attr.g());
    for (const auto& g : attr.graphs()) fn(g);
  }
}

}  // namespace

void ForEachGraph(onnx::GraphProto& graph,
                  const std::function<void(onnx::GraphProto&, const std::string& where)>& fn) {
  Walk(graph, "", fn);
}

std::vector<onnx::GraphProto*> Subgraphs(onnx::NodeProto& node) {
  std::vector<onnx::GraphProto*> out;
  for (auto& attr : *node.mutable_attribute()) {
    if (attr.has_g()) out.push_back(attr.mutable_g());
    for (auto& g : *attr.mutable_graphs()) out.push_back(&g);
  }
  return out;
}

std::string NodeLabel(const onnx::NodeProto& node, int index) {
  const std::string who = node.name().empty() ? "#" + std::to_string(index) : "'" + node.name() + "'";
  return "node " + who + " (" + node.op_type() + ")";
}

void CollectNodeReads(const onnx::NodeProto& node, std::set<std::string>& names) {
  for (const auto& input : node.input()) {
    if (!input.empty()) names.insert(input);  // "" marks an omitted optional input
  }
  ForEachSubgraph(node, [&](const onnx::GraphProto& sub) {
    CollectReads(sub, names);
    for (const auto& output : sub.output()) names.insert(output.name());
  });
}

void CollectReads(const onnx::GraphProto& graph, std::set<std::string>& names) {
  for (const auto& node : graph.node()) CollectNodeReads(node, names);
}

void CollectNames(const onnx::GraphProto& graph, std::set<std::string>& names) {
  for (const auto& v : graph.input()) names.insert(v.name());
  for (const auto& v : graph.output()) names.insert(v.name());
  for (const auto& v : graph.value_info()) names.insert(v.name());
  for (const auto& t : graph.initializer()) names.insert(t.name());
  for (const auto& node : graph.node()) {
    for (const auto& name : node.input()) names.insert(name);
    for (const auto& name : node.output()) names.insert(name);
    ForEachSubgraph(node, [&](const onnx::GraphProto& sub) { CollectNames(sub, names); });
  }
}

std::string UniqueName(const std::string& base, std::set<std::string>& taken) {
  std::string name = base;
  for (int i = 1; taken.count(name); ++i) name = base + "_" + std::to_string(i);
  taken.insert(name);
  return name;
}

int RenameReads(onnx::GraphProto& graph, const std::string& from, const std::string& to) {
  int changed = 0;
  for (auto& node : *graph.mutable_node()) {
    for (auto& input : *node.mutable_input()) {
      if (input == from) {
        input = to;
        ++changed;
      }
    }
    for (onnx::GraphProto* sub : Subgraphs(node)) {
      changed += RenameReads(*sub, from, to);
      // A subgraph output may be an outer-scope value (an If branch returning it as is).
      for (auto& output : *sub->mutable_output()) {
        if (output.name() == from) {
          output.set_name(to);
          ++changed;
        }
      }
    }
  }
  return changed;
}

void RenameValue(onnx::GraphProto& graph, const std::string& from, const std::string& to) {
  for (auto& node : *graph.mutable_node()) {
    for (auto& output : *node.mutable_output()) {
      if (output == from) output = to;
    }
  }
  for (auto& t : *graph.mutable_initializer()) {
    if (t.name() == from) t.set_name(to);
  }
  for (auto& v : *graph.mutable_value_info()) {
    if (v.name() == from) v.set_name(to);
  }
  RenameReads(graph, from, to);
}

void RemoveUnreadWeights(onnx::GraphProto& graph, const std::set<std::string>& weights) {
  std::set<std::string> reads;
  CollectReads(graph, reads);
  for (const auto& v : graph.output()) reads.insert(v.name());
  std::set<std::string> gone;
  for (const std::string& name : weights) {
    if (!reads.count(name)) gone.insert(name);
  }
  auto* inits = graph.mutable_initializer();
  inits->erase(std::remove_if(inits->begin(), inits->end(),
                              [&](const onnx::TensorProto& t) { return gone.count(t.name()) > 0; }),
               inits->end());
  auto* nodes = graph.mutable_node();
  nodes->erase(std::remove_if(nodes->begin(), nodes->end(),
                              [&](const onnx::NodeProto& n) {
                                return n.op_type() == "Constant" && n.output_size() == 1 && gone.count(n.output(0)) > 0;
                              }),
               nodes->end());
}

void PrependNode(onnx::GraphProto& graph, onnx::NodeProto node) {
  auto* nodes = graph.mutable_node();
  *nodes->Add() = std::move(node);
  for (int i = nodes->size() - 1; i > 0; --i) nodes->SwapElements(i, i - 1);
}

bool IsOnnxDomain(const std::string& domain) { return domain.empty() || domain == "ai.onnx"; }

int64_t OnnxOpset(const onnx::ModelProto& model) {
  for (const auto& op : model.opset_import()) {
    if (IsOnnxDomain(op.domain())) return op.version();
  }
  return 0;
}

onnx::NodeProto CastNode(const std::string& name, const std::string& input, const std::string& output, int64_t to) {
  onnx::NodeProto node;
  node.set_op_type("Cast");
  node.set_name(name);
  node.add_input(input);
  node.add_output(output);
  auto* attr = node.add_attribute();
  attr->set_name("to");
  attr->set_type(onnx::AttributeProto::INT);
  attr->set_i(to);
  return node;
}

}  // namespace ortkit::graph::fixes
