// Models written the way PyTorch's exporter writes them (name scopes, Constant nodes for shapes
// and scalars, Shape->Gather->Unsqueeze->Concat->Reshape chains, stray Identity nodes), for the
// provider-coverage tests of the graph ONNX Runtime partitions.
#pragma once

#include <onnx/onnx_pb.h>

namespace ortkit::testing {

/// image float32[1,3,8,8] -> a conv stem, a residual block with an Identity and a Round, a head
/// that flattens with an exporter's Reshape chain, then Gemm, Mul by a Constant, Floor and
/// Softmax -> probs float32[1,10]; opset 17, 19 nodes of which 4 are Constant nodes. ONNX Runtime's
/// basic optimisations leave 10: /stem/conv/Conv, /stem/act/Relu, /layers.0/conv/Conv,
/// /layers.0/Round, /layers.0/Add, /head/Reshape, /head/fc/Gemm, /head/Mul, /head/Floor,
/// /head/Softmax.
onnx::ModelProto ExportedConvNet();

/// ExportedConvNet with a node of an unknown custom domain (ONNX Runtime refuses the model) between
/// /head/Floor and /head/Softmax.
onnx::ModelProto ExportedConvNetOrtRefuses();

}  // namespace ortkit::testing
