// CoreML execution provider (Apple), ML Program format: the ops it takes.
//
// Sources, microsoft/onnxruntime:
// - tools/ci_build/github/apple/coreml_supported_mlprogram_ops.md at 04f568d8 (the op list and
//   its notes; "Keep in sync with ... CoreML-ExecutionProvider.md"), which lists Range and Tile
//   with runtime repeats, so it is recent (ORT 1.2x);
// - onnxruntime/core/providers/coreml/builders/impl/base_op_builder.cc at 023187cc: input 0 must
//   be float32 by default. That version predates ML Program; the doc above names float16 for
//   Range and ML Program computes in float16, so compute ops here accept float32 and float16
//   (float16 support per op was not verified).
// Not tabulated: opset limits (base builders take every since-version unless an op builder
// overrides it; the overrides were not read), the NeuralNetwork format's narrower list
// (coreml_supported_neuralnetwork_ops.md), and CoreML's shape limits (rank <= 5, no zero dims).
#include "graph/checks/provider_ops/op_table.h"

namespace ortkit::graph {
namespace {

constexpr TypeSet kF = kFloat | kFloat16;

constexpr OpSupport kOps[] = {
    {"", "Add", 1, kAnyLater, kF}, {"", "ArgMax", 1, kAnyLater, kF},
    {"", "AveragePool", 1, kAnyLater, kF, false, "", "only 2D pooling"},
    {"", "Cast", 1, kAnyLater}, {"", "Ceil", 1, kAnyLater, kF}, {"", "Clip", 1, kAnyLater, kF},
    {"", "Concat", 1, kAnyLater},
    {"", "Conv", 1, kAnyLater, kF, false, "", "only 1D/2D; bias constant"},
    {"", "ConvTranspose", 1, kAnyLater, kF, false, "",
     "weight and bias constant; no SAME_* padding, output_shape or output_padding"},
    {"", "Cos", 1, kAnyLater, kF},
    {"", "DepthToSpace", 1, kAnyLater, 0, false, "", "CRD mode needs a fixed input shape"},
    {"", "Div", 1, kAnyLater, kF}, {"", "Elu", 1, kAnyLater, kF}, {"", "Erf", 1, kAnyLater, kF},
    {"", "Exp", 1, kAnyLater, kF}, {"", "GatherND", 1, kAnyLater, 0, false, "", "batch_dims 0"},
    {"", "Gelu", 1, kAnyLater, kF}, {"", "Gemm", 1, kAnyLater, kF, false, "", "B constant"},
    {"", "GlobalAveragePool", 1, kAnyLater, kF, false, "", "only 2D pooling"},
    {"", "GlobalMaxPool", 1, kAnyLater, kF, false, "", "only 2D pooling"},
    {"", "GridSample", 1, kAnyLater, kF, false, "", "4D input; mode linear or zeros"},
    {"", "GroupNormalization", 1, kAnyLater, kF}, {"", "HardSigmoid", 1, kAnyLater, kF},
    {"", "Identity", 1, kAnyLater}, {"", "InstanceNormalization", 1, kAnyLater, kF},
    {"", "LayerNormalization", 1, kAnyLater, kF}, {"", "LeakyRelu", 1, kAnyLater, kF},
    {"", "MatMul", 1, kAnyLater, kF}, {"", "MaxPool", 1, kAnyLater, kF, false, "", "only 2D pooling"},
    {"", "Max", 1, kAnyLater, kF}, {"", "Mul", 1, kAnyLater, kF},
    {"", "Pow", 1, kAnyLater, kFloat, false, "", "both inputs float32"},
    {"", "PRelu", 1, kAnyLater, kF}, {"", "Range", 1, kAnyLater, kInt32 | kF},
    {"", "Reciprocal", 1, kAnyLater, kF}, {"", "ReduceSum", 1, kAnyLater, kF},
    {"", "ReduceMean", 1, kAnyLater, kF}, {"", "ReduceMax", 1, kAnyLater, kF},
    {"", "Relu", 1, kAnyLater, kF}, {"", "Reshape", 1, kAnyLater},
    {"", "Resize", 1, kAnyLater, kF, false, "", "many mode combinations unsupported (resize_op_builder.cc)"},
    {"", "Round", 1, kAnyLater, kF}, {"", "Shape", 1, kAnyLater}, {"", "Sin", 1, kAnyLater, kF},
    {"", "Slice", 1, kAnyLater, 0, false, "", "starts/ends/axes/steps constant"},
    {"", "Softplus", 1, kAnyLater, kF}, {"", "Split", 1, kAnyLater, 0, false, "", "splits constant"},
    {"", "Sub", 1, kAnyLater, kF}, {"", "Sigmoid", 1, kAnyLater, kF}, {"", "Softmax", 1, kAnyLater, kF},
    {"", "Sqrt", 1, kAnyLater, kF}, {"", "Squeeze", 1, kAnyLater}, {"", "Tanh", 1, kAnyLater, kF},
    {"", "Tile", 1, kAnyLater, 0, false, "", "input rank <= 5"}, {"", "Transpose", 1, kAnyLater},
    {"", "Unsqueeze", 1, kAnyLater},
    {"com.microsoft", "QuickGelu", 1, kAnyLater, kF}, {"com.microsoft", "FusedConv", 1, kAnyLater, kF},
};

}  // namespace

const ProviderOpTable& CoremlOpTable() {
  static const ProviderOpTable table{
      "coreml", "CoreMLExecutionProvider", false,
      "CoreML ML Program op builders (coreml_supported_mlprogram_ops.md, base_op_builder.cc)",
      kOps, sizeof(kOps) / sizeof(kOps[0])};
  return table;
}

}  // namespace ortkit::graph
