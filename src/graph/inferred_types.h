// InferValueTypes: ONNX shape inference on a model stripped of its large tensor payloads, and the
// value types it finds in every graph.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>

#include <onnx/onnx_pb.h>

#include "graph/model_summary.h"
#include "graph/node_cost.h"

namespace ortkit::graph {

struct InferredTypes {
  /// GraphSummary::path -> value name -> type, for the graph's initializers, inputs, outputs and
  /// every value_info after inference. Dims ONNX invents for unknown sizes ("unk__0") are unnamed.
  std::map<std::string, std::unordered_map<std::string, ValueType>> graphs;
  /// Why inference stopped early, on one line ("" when it ran through). Node-level failures (an
  /// unknown op, a Reshape whose shape was stripped) are not errors: those values stay unknown.
  std::string error;
};

/// A model without its large tensor payloads, after ONNX shape inference.
struct InferredModel {
  onnx::ModelProto proto;  ///< inferred types are in each graph's value_info
  std::string error;       ///< as InferredTypes::error
};

/// StripTensorPayloads(model, label, keep_payload_bytes), parsed, with the free dims of the main
/// graph that `sizes` names fixed (ApplyDimSizes), then ONNX shape inference (with data
/// propagation) unless `run_inference` is false (only declared types then). Throws Error(kLoad)
/// only for malformed protobuf; a model protobuf cannot parse or ONNX cannot infer comes back
/// with `error` set.
InferredModel InferStrippedModel(std::string_view model, std::string_view label, uint64_t keep_payload_bytes,
                                 const FreeDimSizes& sizes = {}, bool run_inference = true);

/// The value types of every graph of `model`; a symbolic dim that `sizes` names shows its size.
InferredTypes CollectInferredTypes(const InferredModel& model, const FreeDimSizes& sizes = {});

/// CollectInferredTypes(InferStrippedModel(model, label, keep_payload_bytes)).
InferredTypes InferValueTypes(std::string_view model, std::string_view label, uint64_t keep_payload_bytes);

/// A TypeProto as a ValueType, spelled as the wire scanner spells it.
ValueType ValueTypeFromProto(const onnx::TypeProto& type);

}  // namespace ortkit::graph
