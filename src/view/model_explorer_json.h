// The view's per-node figures as Google Model Explorer's node-data JSON, for people who look at
// models in that viewer: `ortkit graph --format model-explorer --node-data METRIC`.
//
// The format (model_explorer's node_data_builder): {"<graph id>": {"results": {"<node key>":
// {"value": N}}, "gradient" or "thresholds": [...]}}, one metric per document; Model Explorer
// loads each file with --node_data_paths. The graph id is the ONNX graph's name ("main_graph" as
// torch.onnx writes it), the node key the node's name (or, for an unnamed node, its first output
// tensor, which Model Explorer also matches), as the ONNX adapter keys them. Main graph only.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "view/graph_view.h"

namespace ortkit::view {

/// What one node-data document holds.
enum class NodeDataMetric {
  kTime,       ///< profiled kernel microseconds (--profile)
  kMemory,     ///< bytes ORT allocated for outputs and scratch (--node-memory)
  kCost,       ///< static FLOPs (multiply-add = 1)
  kFindings,   ///< check findings on the node (0 included)
  kPlacement,  ///< 1: --provider takes the node, 0: CPU fallback
};

/// "time", "memory", "cost", "findings", "placement".
const char* NodeDataMetricName(NodeDataMetric metric);
std::optional<NodeDataMetric> ParseNodeDataMetric(const std::string& name);
std::vector<std::string> NodeDataMetricNames();

/// The metric the view has data for, in the order time, memory, cost, findings, placement (what
/// was measured before what was computed); nullopt when it has none.
std::optional<NodeDataMetric> DefaultNodeDataMetric(const GraphView& view);

/// The node data of `metric`. Throws Error(kConfig) when the view has no data for it, naming the
/// flag that gives it ("--node-data time needs --profile").
nlohmann::json ModelExplorerNodeData(const GraphView& view, NodeDataMetric metric);

}  // namespace ortkit::view
