// Small models for the provider-coverage tests, built with ModelBuilder.
#pragma once

#include <string>

#include <onnx/onnx_pb.h>

namespace ortkit::testing {

/// A conv net every table that has these ops takes whole: image float32[1,3,16,16] -> Conv
/// (stem) -> Relu (stem_relu) -> MaxPool (pool) -> Conv (conv2) -> Clip (clip, min/max
/// initializers) -> GlobalAveragePool (gap) -> Softmax (softmax) -> probs float32[1,8,1,1].
onnx::ModelProto TinyConvNet();

/// x float32[1,4] -> Relu (relu_a) -> `middle_op` (mid) -> Relu (relu_b) -> y float32[1,4].
onnx::ModelProto ReluSandwich(const std::string& middle_op, int opset = 17);

/// A GraphIndex-ready copy of `model`: ONNX shape inference run on it, as the check engine does.
onnx::ModelProto Inferred(const onnx::ModelProto& model);

}  // namespace ortkit::testing
