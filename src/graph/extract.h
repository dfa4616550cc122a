// The subgraph of a model between given tensors (as onnx.utils.extract_model does), with types and
// shapes from ONNX shape inference on its new inputs and outputs.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include <onnx/onnx_pb.h>

namespace ortkit::graph {

struct ExtractResult {
  onnx::ModelProto model;        ///< the subgraph as a model (opsets, IR version, functions kept)
  std::size_t nodes_total = 0;   ///< nodes of the original main graph
  std::size_t initializers = 0;  ///< initializers the subgraph keeps
  std::vector<std::string> inputs;  ///< the subgraph's inputs: as given, or the ones chosen
  bool inputs_defaulted = false;    ///< no inputs were given: the graph inputs the outputs need
};

struct ExtractOptions {
  std::string label = "<model>";  ///< names the model in errors
  /// Run ONNX shape inference on a copy first. Callers that extract many subgraphs of one model
  /// (reduce) infer once with WithInferredShapes and pass false.
  bool infer_shapes = true;
};

/// The nodes that compute `outputs` from `inputs` (and initializers), in their original order.
/// `inputs` become the graph inputs (an initializer named there becomes an input instead) and
/// `outputs` the graph outputs, each typed from the model's declarations or, for intermediate
/// tensors, from ONNX shape inference (run on a copy first; a model it fails on is used as it is).
/// Subgraph bodies (If, Loop, Scan) count the outer tensors they use as inputs of their node.
/// Only the initializers the kept nodes use are kept.
/// With no `inputs`, the inputs are the graph inputs the outputs depend on, in the model's order.
/// Throws Error(kInput) for: no outputs; a name that is no tensor of the main graph (with the
/// closest name as a "did you mean"); a name given twice; outputs that need graph inputs that
/// are not in the given `inputs` (naming them); and a new input or output whose element type
/// neither the model nor shape inference gives.
ExtractResult ExtractSubgraph(const onnx::ModelProto& model, const std::vector<std::string>& inputs,
                              const std::vector<std::string>& outputs, const ExtractOptions& options = {});

/// A copy of `model` with ONNX shape inference's value_info added; the model unchanged when
/// inference throws (inference is a help, not a requirement: declared types still work).
onnx::ModelProto WithInferredShapes(const onnx::ModelProto& model);

/// The tensors `node` reads: its non-empty inputs, then the outer-scope tensors its subgraph
/// bodies (If, Loop, Scan) use.
std::vector<std::string> NodeInputs(const onnx::NodeProto& node);

/// Every tensor name of the main graph in topological order: graph inputs, then initializers not
/// listed as inputs, then node outputs in node order. Empty names (omitted optionals) are skipped.
std::vector<std::string> TensorNames(const onnx::GraphProto& graph);

}  // namespace ortkit::graph
