// The demo model: a small image classifier, generated at build time, with real deployment problems.
#pragma once

#include <onnx/onnx_pb.h>

namespace ortkit::graph {

/// ortkit's demo image classifier (CIFAR-10 labels, seeded random weights), opset 17, IR 8.
///
/// Input "image" float32[batch,3,64,64]. Outputs "probabilities" float32[batch,10], "scores"
/// float32[batch,3] and "classes" int64[batch,3] (the top 3). Layers: Conv 3->16 (3x3, pad 1) +
/// Relu, Conv 16->32 (3x3, stride 2, pad 1) + Relu, Conv 32->32 (3x3, pad 1) + Relu,
/// GlobalAveragePool, Flatten, Gemm 32->10 ("logits"), then Cast to double, Div by a double
/// "temperature", Softmax, Cast back to float, and TopK(k=3).
///
/// Its deliberate problems, for ortkit's tools to find: every conv/gemm weight and bias is an
/// initializer that is also a graph input (which blocks constant folding); the softmax runs in
/// float64; the post-processing (TopK) is inside the graph. It passes onnx::checker and shape
/// inference. The weights are the same on every build.
onnx::ModelProto MakeDemoModel();

}  // namespace ortkit::graph
