// GraphView: the typed model view `ortkit graph` draws: nodes with their attributes and inferred
// types, the edges between them, the clusters (name scopes and subgraphs) they sit in, and the
// per-node overlay data (findings, float64, post-processing, placement, time, static cost, memory).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ortkit/findings.h"

namespace ortkit::view {

/// A tensor a node reads or writes, with its type as declared or inferred ("float32[batch,64]",
/// "?" when nothing is known).
struct ViewValue {
  std::string name;
  std::string type;
};

/// An attribute as shown: its name and a short rendering of its value (long lists and strings cut).
struct ViewAttribute {
  std::string name;
  std::string value;
};

/// Per node: where the provider named by --provider would run it (op-table prediction).
struct NodePlacement {
  bool taken = false;   ///< the provider takes it; false: CPU fallback
  std::string reason;   ///< why not (or the table's note for a taken node)
};

/// Per node static cost, as graph/node_cost.h computes it (overlays.h AddModelCost); a field is
/// unset where it could not be stated, and the view says "unknown" there.
struct NodeCostFigures {
  std::optional<double> flops;             ///< multiply-adds counted once
  std::optional<double> parameter_bytes;   ///< weights read
  std::optional<double> activation_bytes;  ///< activations read and written
};

/// Per node, bytes from ONNX Runtime's node memory statistics (profile/node_memory.h; overlays.h
/// AddNodeMemory), summed over the file's lines with the node's name.
struct NodeMemoryFigures {
  int64_t output_bytes = 0;       ///< outputs allocated at run time (total_dynamic_sizes)
  int64_t temp_bytes = 0;         ///< scratch buffers inside the kernel (total_temp_allocations)
  int64_t input_bytes = 0;        ///< input_sizes
  int64_t initializer_bytes = 0;  ///< initializers_sizes

  /// What the node allocated while it ran: the heat the memory overlay shows.
  int64_t allocated_bytes() const { return output_bytes + temp_bytes; }
};

enum class NodeKind { kOp, kGraphInput, kGraphOutput };

struct ViewNode {
  NodeKind kind = NodeKind::kOp;
  int graph = 0;         ///< index into GraphView::graphs
  int index = -1;        ///< position in its graph's node list; -1 for graph inputs and outputs
  std::string location;  ///< how findings name it ("Add_3", "loop_1/body/Add_3"); a tensor for inputs/outputs
  std::string name;      ///< NodeProto.name as written ("" when unnamed)
  std::string label;     ///< the box's second line: the last scope component of the name
  std::string op_type;   ///< "" for graph inputs and outputs
  std::string domain;    ///< as written
  std::vector<ViewAttribute> attributes;
  std::vector<ViewValue> inputs;
  std::vector<ViewValue> outputs;
  int cluster = -1;      ///< innermost cluster (index into GraphView::clusters); -1: top level

  // Overlay data.
  std::vector<std::size_t> findings;  ///< indices into GraphView::findings
  bool float64 = false;               ///< reads or writes a float64 tensor
  bool post_processing = false;       ///< in the post-processing tail check's rule found
  std::optional<NodePlacement> placement;
  std::optional<double> time_us;      ///< profiled kernel time, summed over the runs in the profile
  std::optional<NodeCostFigures> cost;
  std::optional<NodeMemoryFigures> memory;  ///< absent: not in the node memory statistics
};

struct ViewEdge {
  std::size_t from = 0;  ///< index into GraphView::nodes
  std::size_t to = 0;
  std::string tensor;
  bool placement_crossing = false;  ///< the two ends run on different providers (a copy or hand-over)
  bool post_processing_cut = false; ///< a tensor of the cut check proposes before the post-processing
};

enum class ClusterKind { kScope, kSubgraph };

struct ViewCluster {
  ClusterKind kind = ClusterKind::kScope;
  std::string label;  ///< the scope component ("self_attn") or "If_0 › then_branch"
  std::string path;   ///< the full scope ("/layers.0/self_attn") or subgraph path
  int parent = -1;    ///< enclosing cluster; -1 at top level
  int depth = 1;      ///< 1 for a top-level cluster
  std::size_t nodes = 0;  ///< nodes inside, nested clusters included
};

/// One graph of the model: the main graph or a subgraph (GraphIndex numbering and paths).
struct ViewGraph {
  std::string path;  ///< "" for the main graph, "loop_1/body" for a body
  int cluster = -1;  ///< the subgraph's cluster; -1 for the main graph
};

/// Which overlays have data (the page offers a toggle only for those).
struct OverlayState {
  bool findings = false;
  bool float64 = false;
  bool post_processing = false;
  std::string placement_provider;  ///< "" when --provider was not given
  bool time = false;
  double total_kernel_us = 0;      ///< all kernel time in the profile
  double unmatched_kernel_us = 0;  ///< kernel time on nodes the file does not have (fusions, Memcpy)
  std::string profile_source;
  bool cost = false;
  bool memory = false;
  int64_t total_allocated_bytes = 0;      ///< outputs and scratch of every line in the statistics
  int64_t unmatched_allocated_bytes = 0;  ///< of that, on names the main graph does not have (fusions, renames)
  int64_t max_allocated_bytes = 0;        ///< the largest on one drawn node: the heat's full scale
  std::string memory_source;
};

struct GraphView {
  std::string model_path;
  std::string graph_name;
  std::vector<ViewGraph> graphs;
  std::vector<ViewNode> nodes;
  std::vector<ViewEdge> edges;
  std::vector<ViewCluster> clusters;
  std::vector<Finding> findings;
  std::vector<std::size_t> model_findings;  ///< findings about no node (model, graph, ...)
  std::vector<std::string> post_processing_cut;  ///< the cut tensors
  std::string inference_note;  ///< why shape inference stopped early, when it did
  OverlayState overlays;
  /// Clusters at this depth open collapsed (deeper ones are inside them); 0: all open. See
  /// collapse_level.h.
  int collapse_depth = 0;
};

}  // namespace ortkit::view
