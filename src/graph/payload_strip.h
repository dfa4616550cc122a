// StripTensorPayloads: a serialized model without its large tensor payloads, small enough to parse
// and run ONNX shape inference on whatever the size of the weights.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace ortkit::graph {

/// Where stripped tensors say their data is.
inline constexpr const char* kStrippedLocation = "<payload stripped by ortkit>";

/// A copy of the serialized ModelProto `model` in which every tensor whose data fields (raw_data,
/// float_data, int32_data, string_data, int64_data, double_data, uint64_data) take more than
/// `keep_bytes` on the wire has them removed; its name, data_type and dims stay, and it is marked
/// as external data at kStrippedLocation, so that no consumer takes it for a tensor with no values. Tensors are found wherever ONNX puts them: initializers, sparse initializers and tensor
/// attributes of every graph, subgraph, local function and training graph. Every other field is
/// copied byte for byte, so with no tensor over `keep_bytes` the result equals the input. `label`
/// names the file in errors; malformed input throws Error(kLoad) as WireReader does.
std::string StripTensorPayloads(std::string_view model, std::string_view label, uint64_t keep_bytes);

}  // namespace ortkit::graph
