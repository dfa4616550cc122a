// Builds the GraphView of a model file: parsed without its weight payloads, shape-inferred, and
// grouped into clusters by name scope and subgraph.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <onnx/onnx_pb.h>

#include "graph/graph_index.h"
#include "view/graph_view.h"

namespace ortkit::view {

struct LoadOptions {
  /// Tensors up to this size keep their values (shape inference needs Reshape's shape, Slice's
  /// starts); larger payloads are never parsed. SummaryOptions' default.
  uint64_t keep_payload_bytes = 1024;
  /// As SummaryOptions::inference_crash_probe: when set and it reports a crash, the view is built
  /// from the declared types only, and GraphView::inference_note says why.
  std::function<std::optional<std::string>(const std::string& model_path)> inference_crash_probe;
};

/// The model as the view reads it: the ModelProto without tensor payloads over
/// LoadOptions::keep_payload_bytes (graph/payload_strip.h, as SummarizeModel reads it), after ONNX
/// shape inference (InferForChecks), and its GraphIndex, which numbers graphs and names nodes
/// exactly as check's findings do. Move-only; the index points into `model`, which stays put.
struct LoadedGraph {
  std::string path;
  std::unique_ptr<onnx::ModelProto> model;
  std::unique_ptr<graph::GraphIndex> index;
  std::string inference_note;  ///< why inference stopped early or did not run; "" when it succeeded
};

/// Reads the model at `path`. Throws Error(kLoad) "while reading '<path>': ..." for a missing or
/// unreadable file, malformed protobuf or a message that is not a model.
LoadedGraph LoadGraph(const std::string& path, const LoadOptions& options = {});

/// The view's structure: every node of every graph (plus the main graph's inputs and outputs as
/// boxes of their own), their attributes and inferred types, the edges, the clusters, and the
/// float64 overlay (which needs only the types). The other overlays are added by overlays.h.
GraphView BuildGraphView(const LoadedGraph& graph);

}  // namespace ortkit::view
