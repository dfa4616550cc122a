// The view's overlays, each added from its own source: check's findings (and the post-processing
// cut among them), the provider placement an op table predicts, the kernel times of an ONNX
// Runtime profile, the static cost per node graph/node_cost.h computes, and the bytes per node of
// ORT's node memory statistics.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "graph/node_cost.h"
#include "ortkit/findings.h"
#include "profile/node_memory.h"
#include "profile/profile_trace.h"
#include "view/graph_view.h"
#include "view/graph_view_builder.h"

namespace ortkit::view {

/// Attaches `findings` to the nodes they name: a node finding to its node, a tensor finding to the
/// tensor's producer (else its first reader); the others (model, graph, opset) are model
/// findings. For the post-processing finding (ORTKIT007): the nodes it flags and everything
/// downstream are the region, and the edges carrying the tensors of its `ortkit extract
/// --outputs` command into the region are the cut.
void AddFindings(GraphView& view, const LoadedGraph& graph, std::vector<Finding> findings);

/// The tensors in the `--outputs` of ORTKIT007's command ("" or no --outputs: none).
std::vector<std::string> CutTensorsOf(const Finding& finding);

/// The placement check's provider-coverage rule predicts for `target` (an op-table name:
/// graph/checks/provider_ops/op_table.h) on the main graph: taken or CPU fallback per node, and
/// the edges crossing between the two. Throws Error(kConfig) naming the known targets for an
/// unknown one.
void AddPlacement(GraphView& view, const LoadedGraph& graph, const std::string& target);

/// Kernel times from an ONNX Runtime profile, matched to main-graph nodes by name and summed over
/// runs; time on nodes the file does not have (ORT's fusions and copies) is counted apart.
void AddProfile(GraphView& view, const profile::ProfileTrace& trace);

/// ORT's node memory statistics (profile::ReadNodeMemoryStats of `source`), matched to main-graph
/// nodes by name as AddProfile matches kernel times, lines of one name summed; the allocated bytes
/// (outputs and scratch) on names the main graph does not have (nodes ORT fused or renamed) are
/// counted apart, and the largest on a matched node is the heat's full scale.
void AddNodeMemory(GraphView& view, const std::vector<profile::NodeMemory>& nodes, const std::string& source);

/// Static cost per node, by node location (as findings name nodes). Nodes not in the map show
/// "cost unknown"; the view computes none itself.
void AddStaticCost(GraphView& view, const std::map<std::string, NodeCostFigures>& by_location);

/// The main graph's costs as graph/node_cost.h computes them (`inspect --cost`), matched to the
/// view's main-graph nodes by position. Activation bytes are read plus written, known only when
/// both are; a field node_cost could not state stays unknown. Subgraph nodes stay "cost unknown"
/// (node_cost does not cost them).
void AddModelCost(GraphView& view, const graph::ModelCost& cost);

}  // namespace ortkit::view
