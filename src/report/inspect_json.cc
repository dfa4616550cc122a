// The JSON renderer of a ModelSummary: stable keys (see inspect_render.h), in a fixed order.
#include <nlohmann/json.hpp>

#include "report/inspect_cost.h"
#include "report/inspect_render.h"

namespace ortkit::report {
namespace {

using Json = nlohmann::ordered_json;  // keys in the order written, for people reading the output
using graph::GraphSummary;
using graph::ModelSummary;
using graph::ValueType;

Json ShapeJson(const ValueType& type) {
  if (!type.shape) return nullptr;
  Json dims = Json::array();
  for (const Dim& d : *type.shape) {
    if (d.is_fixed()) {
      dims.push_back(d.value);
    } else if (!d.symbol.empty()) {
      dims.push_back(d.symbol);
    } else {
      dims.push_back(nullptr);
    }
  }
  return dims;
}

Json ValueJson(const std::string& name, const ValueType& type) {
  return Json{{"name", name}, {"type", type.type.empty() ? Json(nullptr) : Json(type.type)}, {"shape", ShapeJson(type)}};
}

Json ValuesJson(const std::vector<graph::ValueSummary>& values) {
  Json out = Json::array();
  for (const auto& v : values) out.push_back(ValueJson(v.name, v.type));
  return out;
}

// `cost`: the main graph's, giving each node a cost object; nullptr for subgraphs or without --cost.
Json NodesJson(const ModelSummary& summary, const GraphSummary& g, const graph::ModelCost* cost) {
  Json nodes = Json::array();
  for (std::size_t index = 0; index < g.nodes.size(); ++index) {
    const graph::NodeSummary& n = g.nodes[index];
    Json outputs = Json::array();
    for (std::size_t i = 0; i < n.outputs.size(); ++i) {
      outputs.push_back(ValueJson(n.outputs[i], i < n.output_types.size() ? n.output_types[i] : ValueType{}));
    }
    Json subgraphs = Json::array();
    for (std::size_t s : n.subgraphs) subgraphs.push_back(summary.graphs[s].path);
    nodes.push_back(Json{{"name", n.name},
                         {"op_type", n.op_type},
                         {"domain", n.domain},
                         {"inputs", n.inputs},
                         {"outputs", std::move(outputs)},
                         {"subgraphs", std::move(subgraphs)}});
    if (cost != nullptr && index < cost->nodes.size()) nodes.back()["cost"] = NodeCostJson(cost->nodes[index]);
  }
  return nodes;
}

Json GraphJson(const ModelSummary& summary, const GraphSummary& g, bool with_nodes,
               const graph::ModelCost* cost = nullptr) {
  Json j = Json::object();
  if (!g.path.empty()) {
    j["path"] = g.path;
    j["op"] = g.owner_op;
  }
  j["name"] = g.name;
  j["inputs"] = ValuesJson(g.inputs);
  j["outputs"] = ValuesJson(g.outputs);
  j["value_info"] = g.value_infos;
  j["node_count"] = g.nodes.size();
  Json ops = Json::array();
  for (const auto& op : g.ops) ops.push_back(Json{{"domain", op.domain}, {"op_type", op.op_type}, {"count", op.count}});
  j["ops"] = std::move(ops);
  Json by_type = Json::array();
  for (const auto& t : g.initializer_types) {
    by_type.push_back(Json{{"type", graph::DataTypeName(t.data_type)},
                           {"count", t.count},
                           {"parameters", t.elements},
                           {"bytes", t.bytes}});
  }
  j["initializers"] = Json{{"count", g.initializers.size()},
                           {"parameters", g.parameters},
                           {"bytes", g.initializer_bytes},
                           {"sparse", g.sparse_initializers},
                           {"by_type", std::move(by_type)}};
  j["initializers_as_inputs"] = g.initializers_as_inputs;
  uint64_t attribute_bytes = 0;
  for (const auto& t : g.attribute_tensors) attribute_bytes += t.bytes;
  j["attribute_tensors"] = Json{{"count", g.attribute_tensors.size()}, {"bytes", attribute_bytes}};
  if (with_nodes) j["nodes"] = NodesJson(summary, g, cost);
  return j;
}

}  // namespace

void RenderInspectJson(const ModelSummary& summary, std::ostream& out, const InspectRenderOptions& options) {
  const graph::ModelCost* cost = options.cost && summary.cost ? &*summary.cost : nullptr;
  Json opsets = Json::array();
  for (const auto& o : summary.opset_imports) opsets.push_back(Json{{"domain", o.domain}, {"version", o.version}});
  Json metadata = Json::array();
  for (const auto& [key, value] : summary.metadata_props) metadata.push_back(Json{{"key", key}, {"value", value}});
  Json subgraphs = Json::array();
  uint64_t nodes = 0, initializers = 0, parameters = 0, bytes = 0;
  for (std::size_t i = 0; i < summary.graphs.size(); ++i) {
    const GraphSummary& g = summary.graphs[i];
    if (i > 0) subgraphs.push_back(GraphJson(summary, g, options.nodes));
    nodes += g.nodes.size();
    initializers += g.initializers.size();
    parameters += g.parameters;
    bytes += g.initializer_bytes;
  }
  Json external = Json::array();
  for (const auto& f : summary.external_files) {
    external.push_back(Json{{"location", f.location},
                            {"size", f.size ? Json(*f.size) : Json(nullptr)},
                            {"refused", f.refused.empty() ? Json(nullptr) : Json(f.refused)},
                            {"tensors", f.tensors},
                            {"bytes", f.bytes}});
  }
  Json functions = Json::array();
  for (const auto& f : summary.functions) functions.push_back(Json{{"domain", f.domain}, {"name", f.name}, {"nodes", f.nodes}});

  Json doc{{"model", summary.path},
           {"file_size", summary.file_size},
           {"ir_version", summary.ir_version},
           {"opset_imports", std::move(opsets)},
           {"producer_name", summary.producer_name},
           {"producer_version", summary.producer_version},
           {"domain", summary.domain},
           {"model_version", summary.model_version},
           {"doc_string", summary.doc_string},
           {"metadata_props", std::move(metadata)},
           {"graph", GraphJson(summary, summary.main_graph(), options.nodes, cost)},
           {"subgraphs", std::move(subgraphs)},
           {"external_data", std::move(external)},
           {"functions", std::move(functions)},
           {"totals", Json{{"graphs", summary.graphs.size()},
                           {"nodes", nodes},
                           {"initializers", initializers},
                           {"parameters", parameters},
                           {"initializer_bytes", bytes}}}};
  if (options.nodes || cost != nullptr) {
    doc["shape_inference"] = Json{{"ran", summary.shapes_inferred},
                                  {"error", summary.inference_error.empty() ? Json(nullptr) : Json(summary.inference_error)}};
  }
  if (cost != nullptr) doc["cost"] = CostJson(*cost);
  // Names and strings come from the model: invalid UTF-8 is replaced rather than thrown on.
  out << doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
}

}  // namespace ortkit::report
