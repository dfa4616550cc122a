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

namespace ortkit::graph {

struct InferredTypes {
  /// GraphSummary::path -> value name -> type, for the graph's initializers, inputs, outputs and
  /// every value_info after inference. Dims ONNX invents for unknown sizes ("unk__0") are unnamed.
  std::map<std::string, std::unordered_map<std::string, ValueType>> graphs;
  /// Why inference stopped early, on one line ("" when it ran through). Node-level failures (an
  /// unknown op, a Reshape whose shape was stripped) are not errors: those values stay unknown.
  std::string error;
};

/// Runs ONNX shape inference (with data propagation) on `model` (serialized) after
/// StripTensorPayloads(model, label, keep_payload_bytes). Throws Error(kLoad) only for malformed
/// protobuf; a model protobuf cannot parse or ONNX cannot infer comes back with `error` set.
InferredTypes InferValueTypes(std::string_view model, std::string_view label, uint64_t keep_payload_bytes);

/// A TypeProto as a ValueType, spelled as the wire scanner spells it.
ValueType ValueTypeFromProto(const onnx::TypeProto& type);

}  // namespace ortkit::graph
