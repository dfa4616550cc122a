#include "view/model_explorer_json.h"

#include <fmt/format.h>

#include "ortkit/error.h"

namespace ortkit::view {

namespace {

constexpr NodeDataMetric kMetrics[] = {NodeDataMetric::kTime, NodeDataMetric::kMemory, NodeDataMetric::kCost,
                                       NodeDataMetric::kFindings, NodeDataMetric::kPlacement};

bool HasData(const GraphView& view, NodeDataMetric metric) {
  switch (metric) {
    case NodeDataMetric::kTime: return view.overlays.time;
    case NodeDataMetric::kMemory: return view.overlays.memory;
    case NodeDataMetric::kCost: return view.overlays.cost;
    case NodeDataMetric::kFindings: return view.overlays.findings;
    case NodeDataMetric::kPlacement: return !view.overlays.placement_provider.empty();
  }
  return false;
}

const char* FlagFor(NodeDataMetric metric) {
  switch (metric) {
    case NodeDataMetric::kTime: return "--profile";
    case NodeDataMetric::kMemory: return "--node-memory";
    case NodeDataMetric::kCost: return "shape inference to reach the nodes (see --dim)";
    case NodeDataMetric::kFindings: return "check's rules (drop --no-check)";
    case NodeDataMetric::kPlacement: return "--provider";
  }
  return "";
}

// The node's value for `metric`, when it has one.
std::optional<double> ValueOf(const ViewNode& node, NodeDataMetric metric) {
  switch (metric) {
    case NodeDataMetric::kTime: return node.time_us;
    case NodeDataMetric::kMemory:
      if (!node.memory) return std::nullopt;
      return static_cast<double>(node.memory->allocated_bytes());
    case NodeDataMetric::kCost: return node.cost ? node.cost->flops : std::nullopt;
    case NodeDataMetric::kFindings: return static_cast<double>(node.findings.size());
    case NodeDataMetric::kPlacement:
      if (!node.placement) return std::nullopt;
      return node.placement->taken ? 1.0 : 0.0;
  }
  return std::nullopt;
}

// How Model Explorer colours the values: heat for amounts, two colours for placement, and
// anything with a finding in amber.
nlohmann::json Colouring(NodeDataMetric metric) {
  using nlohmann::json;
  switch (metric) {
    case NodeDataMetric::kTime:
    case NodeDataMetric::kMemory:
    case NodeDataMetric::kCost:
      return {{"gradient", json::array({{{"stop", 0}, {"bgColor", "#ffffff"}}, {{"stop", 1}, {"bgColor", "#c0392b"}}})}};
    case NodeDataMetric::kFindings:
      return {{"thresholds", json::array({{{"value", 0}, {"bgColor", "#ffffff"}}, {{"value", 1e9}, {"bgColor", "#f39c12"}}})}};
    case NodeDataMetric::kPlacement:
      return {{"thresholds", json::array({{{"value", 0}, {"bgColor", "#e67e22"}}, {{"value", 1}, {"bgColor", "#27ae60"}}})}};
  }
  return json::object();
}

}  // namespace

const char* NodeDataMetricName(NodeDataMetric metric) {
  switch (metric) {
    case NodeDataMetric::kTime: return "time";
    case NodeDataMetric::kMemory: return "memory";
    case NodeDataMetric::kCost: return "cost";
    case NodeDataMetric::kFindings: return "findings";
    case NodeDataMetric::kPlacement: return "placement";
  }
  return "time";
}

std::optional<NodeDataMetric> ParseNodeDataMetric(const std::string& name) {
  for (const NodeDataMetric m : kMetrics) {
    if (name == NodeDataMetricName(m)) return m;
  }
  return std::nullopt;
}

std::vector<std::string> NodeDataMetricNames() {
  std::vector<std::string> names;
  for (const NodeDataMetric m : kMetrics) names.emplace_back(NodeDataMetricName(m));
  return names;
}

std::optional<NodeDataMetric> DefaultNodeDataMetric(const GraphView& view) {
  for (const NodeDataMetric m : kMetrics) {
    if (HasData(view, m)) return m;
  }
  return std::nullopt;
}

nlohmann::json ModelExplorerNodeData(const GraphView& view, NodeDataMetric metric) {
  if (!HasData(view, metric)) {
    throw Error(ErrorCategory::kConfig, fmt::format("--node-data {} on '{}': the view has no {} data; it needs {}",
                                                    NodeDataMetricName(metric), view.model_path,
                                                    NodeDataMetricName(metric), FlagFor(metric)));
  }
  nlohmann::json results = nlohmann::json::object();
  for (const ViewNode& node : view.nodes) {
    if (node.kind != NodeKind::kOp || node.graph != 0) continue;
    const std::string key = !node.name.empty() ? node.name : node.outputs.empty() ? "" : node.outputs.front().name;
    const std::optional<double> value = ValueOf(node, metric);
    if (key.empty() || !value) continue;
    results[key] = {{"value", *value}};
  }
  nlohmann::json graph_data = Colouring(metric);
  graph_data["results"] = std::move(results);
  return {{view.graph_name, std::move(graph_data)}};
}

}  // namespace ortkit::view
