#include "view/graph_view_builder.h"

#include <set>
#include <tuple>
#include <unordered_map>

#include "graph/check_engine.h"
#include "graph/mapped_file.h"
#include "graph/model_file.h"
#include "graph/payload_strip.h"
#include "view/attribute_text.h"
#include "view/collapse_level.h"
#include "view/scope_tree.h"
#include "view/type_text.h"

namespace ortkit::view {

namespace {

ViewValue Value(const graph::GraphIndex& index, int graph, const std::string& name) {
  return {name, name.empty() ? "" : TypeText(index.TypeOf(graph, name))};
}

// "loop_1/body" -> "loop_1 › body": the owner's short name and the attribute holding the graph.
std::string SubgraphLabel(const ViewNode& owner, const std::string& path) {
  const std::size_t slash = path.rfind('/');
  const std::string attribute = slash == std::string::npos ? path : path.substr(slash + 1);
  const std::string who = owner.label.empty() ? owner.op_type : owner.label;
  return who + " \u203a " + attribute;
}

class Builder {
 public:
  explicit Builder(const LoadedGraph& loaded) : loaded_(loaded), index_(*loaded.index), tree_(view_.clusters) {}

  GraphView Build() {
    view_.model_path = loaded_.path;
    view_.graph_name = loaded_.model->graph().name();
    view_.inference_note = loaded_.inference_note;
    const auto& graphs = index_.graphs();
    ids_.resize(graphs.size());
    for (std::size_t g = 0; g < graphs.size(); ++g) AddGraph(static_cast<int>(g));
    AddMainOutputs();
    ScopeTree::CountNodes(view_.nodes, view_.clusters);
    view_.collapse_depth = ChooseCollapseDepth(view_.nodes, view_.clusters);
    for (const ViewNode& node : view_.nodes) view_.overlays.float64 |= node.float64;
    return std::move(view_);
  }

 private:
  void AddGraph(int g) {
    const graph::GraphInfo& info = index_.graphs()[static_cast<std::size_t>(g)];
    ViewGraph entry{info.path, -1};
    if (g > 0) {
      const ViewNode& owner = view_.nodes[ids_[static_cast<std::size_t>(info.parent)][static_cast<std::size_t>(info.owner_node)]];
      entry.cluster = tree_.AddSubgraph(owner.cluster, SubgraphLabel(owner, info.path), info.path);
    }
    view_.graphs.push_back(entry);
    if (g == 0) AddMainInputs();
    const onnx::GraphProto& proto = *info.proto;
    auto& ids = ids_[static_cast<std::size_t>(g)];
    for (int i = 0; i < proto.node_size(); ++i) {
      const onnx::NodeProto& n = proto.node(i);
      ViewNode node;
      node.graph = g;
      node.index = i;
      node.location = index_.NodeLocation(g, i);
      node.name = n.name();
      node.label = n.name().empty() ? "" : ShortName(n.name());
      node.op_type = n.op_type();
      node.domain = n.domain();
      node.cluster = tree_.ClusterFor(entry.cluster, ScopeOf(n.name()));
      for (const auto& a : n.attribute()) node.attributes.push_back({a.name(), AttributeText(a)});
      for (const std::string& in : n.input()) {
        node.inputs.push_back(Value(index_, g, in));
        node.float64 |= IsFloat64(in.empty() ? nullptr : index_.TypeOf(g, in));
      }
      for (const std::string& out : n.output()) {
        node.outputs.push_back(Value(index_, g, out));
        node.float64 |= IsFloat64(out.empty() ? nullptr : index_.TypeOf(g, out));
      }
      ids.push_back(view_.nodes.size());
      view_.nodes.push_back(std::move(node));
      const std::size_t id = ids.back();
      for (const std::string& in : n.input()) {
        if (std::optional<std::size_t> from = Producer(g, in)) AddEdge(*from, id, in);
      }
    }
  }

  void AddMainInputs() {
    const onnx::GraphProto& proto = loaded_.model->graph();
    for (const auto& input : proto.input()) {
      if (index_.main().initializers.count(input.name())) continue;  // a weight, not a feed
      ViewNode node;
      node.kind = NodeKind::kGraphInput;
      node.location = input.name();
      node.name = input.name();
      node.label = input.name();
      node.outputs.push_back(Value(index_, 0, input.name()));
      node.float64 = IsFloat64(&input.type());
      inputs_[input.name()] = view_.nodes.size();
      view_.nodes.push_back(std::move(node));
    }
  }

  void AddMainOutputs() {
    for (const auto& output : loaded_.model->graph().output()) {
      ViewNode node;
      node.kind = NodeKind::kGraphOutput;
      node.location = output.name();
      node.name = output.name();
      node.label = output.name();
      node.inputs.push_back(Value(index_, 0, output.name()));
      node.float64 = IsFloat64(&output.type());
      const std::size_t id = view_.nodes.size();
      view_.nodes.push_back(std::move(node));
      if (std::optional<std::size_t> from = Producer(0, output.name())) AddEdge(*from, id, output.name());
    }
  }

  // The node writing `tensor` as seen from graph `g`: there, or in an enclosing graph (a subgraph
  // reads outer values by name), or a main graph input. nullopt for initializers and unknowns.
  std::optional<std::size_t> Producer(int g, const std::string& tensor) {
    if (tensor.empty()) return std::nullopt;
    for (int at = g; at >= 0; at = index_.graphs()[static_cast<std::size_t>(at)].parent) {
      const graph::GraphInfo& info = index_.graphs()[static_cast<std::size_t>(at)];
      auto it = info.producer.find(tensor);
      if (it != info.producer.end()) return ids_[static_cast<std::size_t>(at)][static_cast<std::size_t>(it->second)];
      if (info.initializers.count(tensor) || info.inputs.count(tensor)) {
        if (at != 0) return std::nullopt;  // a subgraph's own input (loop-carried state)
        auto in = inputs_.find(tensor);
        return in == inputs_.end() ? std::nullopt : std::optional<std::size_t>(in->second);
      }
    }
    return std::nullopt;
  }

  void AddEdge(std::size_t from, std::size_t to, const std::string& tensor) {
    if (!edges_seen_.insert({from, to, tensor}).second) return;  // Mul(x, x): one edge
    view_.edges.push_back({from, to, tensor, false, false});
  }

  const LoadedGraph& loaded_;
  const graph::GraphIndex& index_;
  GraphView view_;
  ScopeTree tree_;
  std::vector<std::vector<std::size_t>> ids_;  // [graph][node] -> view node
  std::unordered_map<std::string, std::size_t> inputs_;
  std::set<std::tuple<std::size_t, std::size_t, std::string>> edges_seen_;
};

}  // namespace

LoadedGraph LoadGraph(const std::string& path, const LoadOptions& options) {
  LoadedGraph loaded;
  loaded.path = path;
  {
    // The weights are never parsed: only the stripped copy is, so memory follows the graph.
    const graph::MappedFile file(path);
    loaded.model = std::make_unique<onnx::ModelProto>(
        graph::ParseModel(graph::StripTensorPayloads(file.bytes(), path, options.keep_payload_bytes), path));
  }
  std::vector<std::string> errors;
  std::optional<std::string> crash;
  if (options.inference_crash_probe) crash = options.inference_crash_probe(path);
  if (crash) {
    loaded.inference_note = "ONNX shape inference crashed on this model (" + *crash + "); types are as declared";
  } else {
    graph::InferenceResult inferred = graph::InferForChecks(*loaded.model);
    *loaded.model = std::move(inferred.model);
    errors = std::move(inferred.errors);
    if (!errors.empty()) loaded.inference_note = "ONNX shape inference stopped early: " + errors.front();
  }
  loaded.index = std::make_unique<graph::GraphIndex>(*loaded.model, std::move(errors));
  return loaded;
}

GraphView BuildGraphView(const LoadedGraph& graph) { return Builder(graph).Build(); }

}  // namespace ortkit::view
