// What the quantizing passes (quantize-dynamic, quantize-static) share: node and attribute
// helpers, and whether this CPU's int8 kernels need 7-bit weights.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <onnx/onnx_pb.h>

namespace ortkit::graph::fixes {

/// The int attribute `name` of `node`, or `fallback` when it has none.
int64_t IntAttr(const onnx::NodeProto& node, const std::string& name, int64_t fallback);
/// The float attribute `name` of `node`, or `fallback` when it has none.
float FloatAttr(const onnx::NodeProto& node, const std::string& name, float fallback);

/// A node of `op` named `name` reading `inputs` and writing `outputs`.
onnx::NodeProto MakeNode(const std::string& op, const std::string& name, std::vector<std::string> inputs,
                         std::vector<std::string> outputs, const std::string& domain = "");

/// Whether this CPU's integer dot products saturate in int16: x86 without AVX512-VNNI or
/// AVX-VNNI, where ORT's u8*s8 kernel (vpmaddubsw) adds pairs of products in saturating int16 that
/// full-range int8 weights overflow. There weights are quantized to 7 bits (ORT's reduce_range).
bool Int16PairSumsSaturate();

}  // namespace ortkit::graph::fixes
