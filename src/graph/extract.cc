// The subgraph of a model between given tensors, typed by ONNX shape inference.
#include "graph/extract.h"

#include <algorithm>
#include <map>
#include <set>

#include <onnx/defs/schema.h>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <onnx/shape_inference/implementation.h>

#include "core/text.h"
#include "graph/guarded_schemas.h"
#include "graph/inference_guard.h"
#include "ortkit/error.h"

namespace ortkit::graph {
namespace {

[[noreturn]] void Fail(const std::string& label, const std::string& message) {
  throw Error(ErrorCategory::kInput, "model '" + label + "': " + message);
}

// 'a', 'b', 'c'
std::string Quoted(const std::vector<std::string>& names) {
  return names.empty() ? "" : fmt::format("'{}'", fmt::join(names, "', '"));
}

// " (did you mean 'x'?)" when a known name is plausibly a typo of `name`.
std::string Suggestion(const std::vector<std::string>& known, const std::string& name) {
  return core::DidYouMean(known, name);
}

// Names a subgraph body uses but does not define: its node's implicit inputs from the outer scope.
void CollectOuterNames(const onnx::GraphProto& body, std::set<std::string>& defined, std::vector<std::string>& used) {
  for (const auto& i : body.input()) defined.insert(i.name());
  for (const auto& t : body.initializer()) defined.insert(t.name());
  for (const auto& node : body.node()) {
    for (const auto& in : node.input()) {
      if (!in.empty() && !defined.count(in)) used.push_back(in);
    }
    for (const auto& attr : node.attribute()) {
      // A nested body sees this body's names, so `defined` is shared (names are SSA, unique).
      if (attr.has_g()) CollectOuterNames(attr.g(), defined, used);
      for (const auto& g : attr.graphs()) CollectOuterNames(g, defined, used);
    }
    for (const auto& out : node.output()) defined.insert(out);
  }
}

// name -> declared or inferred type, from the graph's inputs, outputs, value_info and initializers.
std::map<std::string, onnx::TypeProto> KnownTypes(const onnx::GraphProto& graph) {
  std::map<std::string, onnx::TypeProto> types;
  for (const auto& t : graph.initializer()) {
    onnx::TypeProto type;
    type.mutable_tensor_type()->set_elem_type(t.data_type());
    auto* shape = type.mutable_tensor_type()->mutable_shape();
    for (int64_t d : t.dims()) shape->add_dim()->set_dim_value(d);
    types[t.name()] = type;
  }
  // Declarations win over initializer-derived types, and graph inputs/outputs over value_info.
  for (const auto& v : graph.value_info()) {
    if (v.has_type()) types[v.name()] = v.type();
  }
  for (const auto* list : {&graph.input(), &graph.output()}) {
    for (const auto& v : *list) {
      if (v.has_type()) types[v.name()] = v.type();
    }
  }
  return types;
}

bool HasElementType(const onnx::TypeProto& type) {
  if (type.has_tensor_type()) return type.tensor_type().elem_type() != 0;
  return type.value_case() != onnx::TypeProto::VALUE_NOT_SET;
}

void CheckNames(const std::string& label, const std::vector<std::string>& names, const char* what,
                const std::vector<std::string>& known, const std::set<std::string>& known_set) {
  std::set<std::string> seen;
  for (const auto& name : names) {
    if (!known_set.count(name)) Fail(label, "no tensor '" + name + "' in the main graph" + Suggestion(known, name));
    if (!seen.insert(name).second) Fail(label, "tensor '" + name + "' is given twice as " + std::string(what));
  }
}

}  // namespace

std::vector<std::string> NodeInputs(const onnx::NodeProto& node) {
  std::vector<std::string> inputs;
  for (const auto& in : node.input()) {
    if (!in.empty()) inputs.push_back(in);
  }
  for (const auto& attr : node.attribute()) {
    std::set<std::string> defined;
    if (attr.has_g()) CollectOuterNames(attr.g(), defined, inputs);
    for (const auto& g : attr.graphs()) CollectOuterNames(g, defined, inputs);
  }
  return inputs;
}

onnx::ModelProto WithInferredShapes(const onnx::ModelProto& model) {
  // ONNX 1.12's inference functions crash on nodes that break their schema (inference_guard.h):
  // such a model keeps only its declared types.
  if (!InferenceBlocker(model).empty()) return model;
  onnx::ModelProto copy = model;
  try {
    onnx::shape_inference::InferShapes(copy, GuardedSchemas());
  } catch (const std::exception&) {
    return model;
  }
  return copy;
}

std::vector<std::string> TensorNames(const onnx::GraphProto& graph) {
  std::vector<std::string> names;
  std::set<std::string> seen;
  auto add = [&](const std::string& n) {
    if (!n.empty() && seen.insert(n).second) names.push_back(n);
  };
  for (const auto& i : graph.input()) add(i.name());
  for (const auto& t : graph.initializer()) add(t.name());
  for (const auto& t : graph.sparse_initializer()) add(t.values().name());
  for (const auto& node : graph.node()) {
    for (const auto& out : node.output()) add(out);
  }
  return names;
}

ExtractResult ExtractSubgraph(const onnx::ModelProto& model, const std::vector<std::string>& given_inputs,
                              const std::vector<std::string>& outputs, const ExtractOptions& options) {
  const std::string& label = options.label;
  std::vector<std::string> inputs = given_inputs;
  const onnx::GraphProto& graph = model.graph();
  if (outputs.empty()) Fail(label, "no outputs given: the subgraph needs at least one");
  const std::vector<std::string> known = TensorNames(graph);
  const std::set<std::string> known_set(known.begin(), known.end());
  CheckNames(label, inputs, "an input", known, known_set);
  CheckNames(label, outputs, "an output", known, known_set);

  std::map<std::string, int> producer;
  for (int i = 0; i < graph.node_size(); ++i) {
    for (const auto& out : graph.node(i).output()) {
      if (!out.empty()) producer[out] = i;
    }
  }
  std::set<std::string> initializers;
  for (const auto& t : graph.initializer()) initializers.insert(t.name());
  for (const auto& t : graph.sparse_initializer()) initializers.insert(t.values().name());
  const std::set<std::string> cut(inputs.begin(), inputs.end());

  // Backward from the outputs, stopping at the given inputs.
  std::vector<bool> keep(graph.node_size(), false);
  std::set<std::string> visited, used_initializers, missing;
  std::vector<std::string> stack(outputs.rbegin(), outputs.rend());
  while (!stack.empty()) {
    const std::string name = stack.back();
    stack.pop_back();
    if (!visited.insert(name).second || cut.count(name)) continue;
    if (const auto it = producer.find(name); it != producer.end()) {
      if (keep[it->second]) continue;
      keep[it->second] = true;
      for (auto& in : NodeInputs(graph.node(it->second))) stack.push_back(std::move(in));
    } else if (initializers.count(name)) {
      used_initializers.insert(name);
    } else {
      missing.insert(name);  // a graph input (or a name nothing defines)
    }
  }
  // Graph inputs the outputs need (in the model's order, for a stable message), then names that
  // nothing defines.
  std::vector<std::string> needed, undefined;
  for (const auto& n : known) {
    if (missing.count(n)) needed.push_back(n);
  }
  for (const auto& n : missing) {
    if (!known_set.count(n)) undefined.push_back(n);
  }
  const bool defaulted = given_inputs.empty();
  if (defaulted && !undefined.empty()) {
    Fail(label, "outputs " + Quoted(outputs) + " depend on " + Quoted(undefined) +
                    ", which no node, initializer or graph input defines");
  }
  if (defaulted) {
    inputs = needed;  // no inputs given: the graph inputs the outputs depend on
  } else if (!missing.empty()) {
    std::vector<std::string> ordered = needed;
    ordered.insert(ordered.end(), undefined.begin(), undefined.end());
    Fail(label, "outputs " + Quoted(outputs) + " depend on graph input" + (ordered.size() == 1 ? " " : "s ") +
                    Quoted(ordered) + ", which " + (ordered.size() == 1 ? "is" : "are") +
                    " neither among the given inputs nor an initializer; add " +
                    (ordered.size() == 1 ? "it" : "them") + " to the inputs");
  }

  const onnx::ModelProto inferred = options.infer_shapes ? WithInferredShapes(model) : model;
  const std::map<std::string, onnx::TypeProto> types = KnownTypes(inferred.graph());
  ExtractResult result;
  result.nodes_total = static_cast<std::size_t>(graph.node_size());
  result.inputs = inputs;
  result.inputs_defaulted = defaulted;
  result.model = model;
  onnx::GraphProto* sub = result.model.mutable_graph();
  sub->clear_node();
  sub->clear_input();
  sub->clear_output();
  sub->clear_initializer();
  sub->clear_sparse_initializer();
  sub->clear_value_info();
  for (const auto& name : inputs) {
    const auto it = types.find(name);
    if (it == types.end() || !HasElementType(it->second)) {
      Fail(label, "no type for tensor '" + name + "': it is not declared and shape inference could not derive "
                  "it, so it can't become a graph input");
    }
    auto* in = sub->add_input();
    in->set_name(name);
    *in->mutable_type() = it->second;
  }
  for (const auto& name : outputs) {
    auto* out = sub->add_output();
    out->set_name(name);
    // An output without a known type stays untyped; ONNX Runtime infers it at load.
    if (const auto it = types.find(name); it != types.end()) *out->mutable_type() = it->second;
  }
  std::set<std::string> produced;
  for (int i = 0; i < graph.node_size(); ++i) {
    if (!keep[i]) continue;
    *sub->add_node() = graph.node(i);
    for (const auto& out : graph.node(i).output()) produced.insert(out);
  }
  for (const auto& t : graph.initializer()) {
    if (used_initializers.count(t.name())) *sub->add_initializer() = t;
  }
  for (const auto& t : graph.sparse_initializer()) {
    if (used_initializers.count(t.values().name())) *sub->add_sparse_initializer() = t;
  }
  result.initializers = static_cast<std::size_t>(sub->initializer_size() + sub->sparse_initializer_size());
  const std::set<std::string> ends(outputs.begin(), outputs.end());
  for (const auto& v : inferred.graph().value_info()) {
    if (produced.count(v.name()) && !ends.count(v.name())) *sub->add_value_info() = v;
  }
  return result;
}

}  // namespace ortkit::graph
