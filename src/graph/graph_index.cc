// GraphIndex: producers, consumers, types, order and output distances of every graph in a model.
#include "graph/graph_index.h"

#include <deque>
#include <utility>

namespace ortkit::graph {
namespace {

// An initializer's type as graph inputs declare types: element type and fixed dims.
onnx::TypeProto TypeOfTensor(const onnx::TensorProto& tensor) {
  onnx::TypeProto type;
  onnx::TypeProto_Tensor* t = type.mutable_tensor_type();
  t->set_elem_type(tensor.data_type());
  onnx::TensorShapeProto* shape = t->mutable_shape();
  for (int64_t d : tensor.dims()) shape->add_dim()->set_dim_value(d);
  return type;
}

std::string NodeName(const onnx::NodeProto& node, int index) {
  if (!node.name().empty()) return node.name();
  return "(unnamed " + node.op_type() + " #" + std::to_string(index) + ")";
}

}  // namespace

std::string CanonicalDomain(const std::string& domain) { return domain == "ai.onnx" ? "" : domain; }

std::string DomainLabel(const std::string& domain) { return domain.empty() ? "ai.onnx" : domain; }

GraphIndex::GraphIndex(const onnx::ModelProto& model, std::vector<std::string> inference_errors)
    : inference_errors_(std::move(inference_errors)) {
  for (const onnx::OperatorSetIdProto& op : model.opset_import()) {
    opsets_[CanonicalDomain(op.domain())] = op.version();
  }
  AddGraph(model.graph(), -1, -1, "");
}

std::unordered_set<std::string> GraphIndex::AddGraph(const onnx::GraphProto& g, int parent, int owner,
                                                     const std::string& path) {
  // graphs_ grows while subgraphs are added, so this graph is reached by number, not reference.
  const int id = static_cast<int>(graphs_.size());
  graphs_.emplace_back();
  {
    GraphInfo& info = graphs_[static_cast<std::size_t>(id)];
    info.proto = &g;
    info.parent = parent;
    info.owner_node = owner;
    info.path = path;
    info.implicit_inputs.resize(static_cast<std::size_t>(g.node_size()));
    for (const onnx::ValueInfoProto& v : g.value_info()) info.types[v.name()] = v.type();
    for (const onnx::ValueInfoProto& v : g.output()) {
      info.outputs.insert(v.name());
      if (v.has_type()) info.types[v.name()] = v.type();
    }
    for (const onnx::ValueInfoProto& v : g.input()) {
      info.inputs.insert(v.name());
      if (v.has_type()) info.types[v.name()] = v.type();
    }
    for (const onnx::TensorProto& t : g.initializer()) {
      info.initializers.insert(t.name());
      info.types[t.name()] = TypeOfTensor(t);
    }
    for (const onnx::SparseTensorProto& t : g.sparse_initializer()) {
      info.initializers.insert(t.values().name());
      info.types[t.values().name()] = TypeOfTensor(t.values());
    }
  }

  std::unordered_set<std::string> defined;
  for (const onnx::ValueInfoProto& v : g.input()) defined.insert(v.name());
  for (const onnx::TensorProto& t : g.initializer()) defined.insert(t.name());
  for (const onnx::SparseTensorProto& t : g.sparse_initializer()) defined.insert(t.values().name());
  std::unordered_set<std::string> read;

  for (int i = 0; i < g.node_size(); ++i) {
    const onnx::NodeProto& node = g.node(i);
    for (const std::string& out : node.output()) {
      if (out.empty()) continue;
      graphs_[static_cast<std::size_t>(id)].producer.emplace(out, i);
      defined.insert(out);
    }
    std::vector<std::string> reads(node.input().begin(), node.input().end());
    std::unordered_set<std::string> implicit;
    const std::string node_path = (path.empty() ? "" : path + "/") + NodeName(node, i);
    for (const onnx::AttributeProto& attr : node.attribute()) {
      std::vector<const onnx::GraphProto*> subgraphs;
      if (attr.has_g()) subgraphs.push_back(&attr.g());
      for (const onnx::GraphProto& sub : attr.graphs()) subgraphs.push_back(&sub);
      for (const onnx::GraphProto* sub : subgraphs) {
        for (const std::string& name : AddGraph(*sub, id, i, node_path + "/" + attr.name())) {
          implicit.insert(name);
        }
      }
    }
    GraphInfo& info = graphs_[static_cast<std::size_t>(id)];
    info.implicit_inputs[static_cast<std::size_t>(i)].assign(implicit.begin(), implicit.end());
    reads.insert(reads.end(), implicit.begin(), implicit.end());
    for (const std::string& in : reads) {
      if (in.empty()) continue;  // an omitted optional input
      std::vector<int>& users = info.consumers[in];
      if (users.empty() || users.back() != i) users.push_back(i);
      read.insert(in);
    }
  }
  for (const onnx::ValueInfoProto& v : g.output()) read.insert(v.name());

  OrderAndMeasure(graphs_[static_cast<std::size_t>(id)]);
  std::unordered_set<std::string> free_names;
  for (const std::string& name : read) {
    if (!defined.count(name)) free_names.insert(name);
  }
  return free_names;
}

void GraphIndex::OrderAndMeasure(GraphInfo& info) const {
  const onnx::GraphProto& g = *info.proto;
  const auto n = static_cast<std::size_t>(g.node_size());

  // Every tensor a node reads, explicit and implicit, mapped to its producer in this graph.
  std::vector<std::vector<int>> preds(n);
  for (std::size_t i = 0; i < n; ++i) {
    auto add = [&](const std::string& name) {
      auto it = info.producer.find(name);
      if (it != info.producer.end()) preds[i].push_back(it->second);
    };
    for (const std::string& in : g.node(static_cast<int>(i)).input()) add(in);
    for (const std::string& in : info.implicit_inputs[i]) add(in);
  }

  // Kahn's algorithm, taking ready nodes in file order so the order is stable.
  std::vector<std::vector<int>> succs(n);
  std::vector<int> pending(n, 0);
  for (std::size_t i = 0; i < n; ++i) {
    for (int p : preds[i]) {
      succs[static_cast<std::size_t>(p)].push_back(static_cast<int>(i));
      ++pending[i];
    }
  }
  std::deque<int> ready;
  for (std::size_t i = 0; i < n; ++i) {
    if (pending[i] == 0) ready.push_back(static_cast<int>(i));
  }
  while (!ready.empty()) {
    const int i = ready.front();
    ready.pop_front();
    info.topological_order.push_back(i);
    for (int s : succs[static_cast<std::size_t>(i)]) {
      if (--pending[static_cast<std::size_t>(s)] == 0) ready.push_back(s);
    }
  }
  info.acyclic = info.topological_order.size() == n;

  // Breadth-first from the nodes writing graph outputs, backwards along producer edges.
  info.hops_to_output.assign(n, -1);
  std::deque<int> queue;
  for (std::size_t i = 0; i < n; ++i) {
    for (const std::string& out : g.node(static_cast<int>(i)).output()) {
      if (info.outputs.count(out) && info.hops_to_output[i] != 0) {
        info.hops_to_output[i] = 0;
        queue.push_back(static_cast<int>(i));
      }
    }
  }
  while (!queue.empty()) {
    const int i = queue.front();
    queue.pop_front();
    for (int p : preds[static_cast<std::size_t>(i)]) {
      int& hops = info.hops_to_output[static_cast<std::size_t>(p)];
      if (hops == -1) {
        hops = info.hops_to_output[static_cast<std::size_t>(i)] + 1;
        queue.push_back(p);
      }
    }
  }
}

const onnx::TypeProto* GraphIndex::TypeOf(int graph, const std::string& name) const {
  for (int g = graph; g >= 0; g = graphs_[static_cast<std::size_t>(g)].parent) {
    const auto& types = graphs_[static_cast<std::size_t>(g)].types;
    auto it = types.find(name);
    if (it != types.end()) return &it->second;
  }
  return nullptr;
}

std::optional<int64_t> GraphIndex::Opset(const std::string& domain) const {
  auto it = opsets_.find(CanonicalDomain(domain));
  if (it == opsets_.end()) return std::nullopt;
  return it->second;
}

std::string GraphIndex::NodeLocation(int graph, int node) const {
  const GraphInfo& info = graphs_[static_cast<std::size_t>(graph)];
  const std::string name = NodeName(info.proto->node(node), node);
  return info.path.empty() ? name : info.path + "/" + name;
}

std::string GraphIndex::TensorLocation(int graph, const std::string& name) const {
  const GraphInfo& info = graphs_[static_cast<std::size_t>(graph)];
  return info.path.empty() ? name : info.path + "/" + name;
}

std::string GraphIndex::GraphLocation(int graph) const {
  const GraphInfo& info = graphs_[static_cast<std::size_t>(graph)];
  if (!info.path.empty()) return info.path;
  return info.proto->name().empty() ? "(main graph)" : info.proto->name();
}

}  // namespace ortkit::graph
