#include "view/graph_view_json.h"

namespace ortkit::view {

namespace {

using nlohmann::json;

const char* KindName(NodeKind kind) {
  switch (kind) {
    case NodeKind::kGraphInput:
      return "input";
    case NodeKind::kGraphOutput:
      return "output";
    default:
      return "op";
  }
}

json Values(const std::vector<ViewValue>& values) {
  json out = json::array();
  for (const ViewValue& v : values) out.push_back({v.name, v.type});
  return out;
}

json OptionalNumber(const std::optional<double>& value) { return value ? json(*value) : json(nullptr); }

json NodeJson(const ViewNode& node) {
  json j = {{"k", KindName(node.kind)}, {"loc", node.location}, {"name", node.name}, {"cl", node.cluster},
            {"g", node.graph}};
  if (node.kind == NodeKind::kOp) {
    j["op"] = node.op_type;
    if (!node.domain.empty()) j["dom"] = node.domain;
    json attributes = json::array();
    for (const ViewAttribute& a : node.attributes) attributes.push_back({a.name, a.value});
    j["at"] = std::move(attributes);
  }
  j["in"] = Values(node.inputs);
  j["out"] = Values(node.outputs);
  if (!node.findings.empty()) j["f"] = node.findings;
  if (node.float64) j["f64"] = true;
  if (node.post_processing) j["post"] = true;
  if (node.placement) j["pl"] = {{"taken", node.placement->taken}, {"why", node.placement->reason}};
  if (node.time_us) j["t"] = *node.time_us;
  if (node.cost) {
    j["cost"] = {{"flops", OptionalNumber(node.cost->flops)},
                 {"param_bytes", OptionalNumber(node.cost->parameter_bytes)},
                 {"act_bytes", OptionalNumber(node.cost->activation_bytes)}};
  }
  if (node.memory) {
    j["mem"] = {{"out", node.memory->output_bytes},
                {"tmp", node.memory->temp_bytes},
                {"in", node.memory->input_bytes},
                {"init", node.memory->initializer_bytes}};
  }
  return j;
}

json FindingJson(const Finding& f) {
  return {{"id", f.rule_id},       {"rule", f.rule},   {"sev", ToString(f.severity)}, {"kind", f.location_kind},
          {"loc", f.location},     {"msg", f.message}, {"why", f.why},                {"fix", f.fix},
          {"cmd", f.command}};
}

}  // namespace

nlohmann::json GraphViewJson(const GraphView& view) {
  json nodes = json::array();
  for (const ViewNode& node : view.nodes) nodes.push_back(NodeJson(node));
  json edges = json::array();
  for (const ViewEdge& e : view.edges) {
    json j = {{"a", e.from}, {"b", e.to}, {"t", e.tensor}};
    if (e.placement_crossing) j["x"] = true;
    if (e.post_processing_cut) j["cut"] = true;
    edges.push_back(std::move(j));
  }
  json clusters = json::array();
  for (const ViewCluster& c : view.clusters) {
    clusters.push_back({{"label", c.label}, {"path", c.path}, {"parent", c.parent}, {"depth", c.depth},
                        {"nodes", c.nodes}, {"kind", c.kind == ClusterKind::kSubgraph ? "subgraph" : "scope"}});
  }
  json findings = json::array();
  for (const Finding& f : view.findings) findings.push_back(FindingJson(f));
  const OverlayState& o = view.overlays;
  return {{"model", view.model_path},
          {"graph", view.graph_name},
          {"inference_note", view.inference_note},
          {"collapse_depth", view.collapse_depth},
          {"nodes", std::move(nodes)},
          {"edges", std::move(edges)},
          {"clusters", std::move(clusters)},
          {"findings", std::move(findings)},
          {"model_findings", view.model_findings},
          {"cut", view.post_processing_cut},
          {"overlays",
           {{"findings", o.findings},
            {"float64", o.float64},
            {"post", o.post_processing},
            {"placement", o.placement_provider},
            {"time", o.time},
            {"total_us", o.total_kernel_us},
            {"unmatched_us", o.unmatched_kernel_us},
            {"profile", o.profile_source},
            {"cost", o.cost},
            {"memory", o.memory},
            {"alloc_bytes", o.total_allocated_bytes},
            {"unmatched_alloc_bytes", o.unmatched_allocated_bytes},
            {"max_alloc_bytes", o.max_allocated_bytes},
            {"memory_source", o.memory_source}}}};
}

}  // namespace ortkit::view
