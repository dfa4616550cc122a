// WebGPU execution provider: the ai.onnx kernels it registers.
//
// Source: onnxruntime/core/providers/webgpu/webgpu_execution_provider.cc, RegisterKernels() (the
// function_table, plus the Cast and Range kernels registered after it), read at commit 0e58206a
// of fs-eire/onnxruntime, a fork tracking microsoft/onnxruntime main at about ORT 1.23 (it
// registers Identity up to opset 25). The 1.30.0 tag itself could not be read; ranges are
// collapsed to "first since-version, open end" where the kernels cover every later version.
// Verified against the ORT 1.30.0 library in this build (tests/graph/coverage/webgpu_table_test.cc
// places 38 single-input float ops at opset 17): the table's unary and activation entries run on
// WebGPU; Round, Sign, Softsign, Selu, Celu, Shrink, Hardmax and LogSoftmax fall back to CPU; and
// Softplus and HardSwish, absent from the source read, do run on WebGPU in 1.30, so they are
// listed from that run (their since-version ranges are assumed open, not read).
// float64: WGSL has no 64-bit float type; 1.30 places float64 ops on CPU in this build
// (webgpu_table_test.cc), so the table excludes float64 input for every op. Output types are not
// checked: a Cast from float32 to float64 is predicted on WebGPU, and ORT places it on CPU.
// Not tabulated: other per-kernel element types (most kernels take float32/float16, some int32;
// int64 data needs the provider option enable_int64), the com.microsoft contrib kernels, and
// GetCpuPreferredNodes(), by which ORT moves shape computations (Shape -> Gather -> ...) to CPU
// even where a kernel exists: the actual-placement check shows those.
#include "graph/checks/provider_ops/op_table.h"

namespace ortkit::graph {
namespace {

constexpr OpSupport kOps[] = {
    // Element-wise math and activations.
    {"", "Abs", 6, kAnyLater}, {"", "Neg", 6, kAnyLater}, {"", "Floor", 6, kAnyLater},
    {"", "Ceil", 6, kAnyLater}, {"", "Reciprocal", 6, kAnyLater}, {"", "Sqrt", 6, kAnyLater},
    {"", "Exp", 6, kAnyLater}, {"", "Erf", 9, kAnyLater}, {"", "Sigmoid", 6, kAnyLater},
    {"", "HardSigmoid", 6, kAnyLater}, {"", "Log", 6, kAnyLater}, {"", "Sin", 7, kAnyLater},
    {"", "Cos", 7, kAnyLater}, {"", "Tan", 7, kAnyLater}, {"", "Asin", 7, kAnyLater},
    {"", "Acos", 7, kAnyLater}, {"", "Atan", 7, kAnyLater}, {"", "Sinh", 9, kAnyLater},
    {"", "Cosh", 9, kAnyLater}, {"", "Asinh", 9, kAnyLater}, {"", "Acosh", 9, kAnyLater},
    {"", "Atanh", 9, kAnyLater}, {"", "Tanh", 6, kAnyLater}, {"", "Not", 1, kAnyLater},
    {"", "Cast", 6, kAnyLater, 0, false, "", "int64 only with the enable_int64 option"},
    {"", "Clip", 11, kAnyLater, kFloat | kFloat16},
    {"", "Elu", 6, kAnyLater}, {"", "Relu", 6, kAnyLater}, {"", "LeakyRelu", 6, kAnyLater},
    {"", "ThresholdedRelu", 10, kAnyLater}, {"", "Gelu", 20, kAnyLater},
    {"", "Softplus", 1, kAnyLater, 0, false, "", "seen placed on WebGPU by ORT 1.30; not in the source read"},
    {"", "HardSwish", 14, kAnyLater, 0, false, "", "seen placed on WebGPU by ORT 1.30; not in the source read"},
    {"", "Add", 7, kAnyLater}, {"", "Sub", 7, kAnyLater}, {"", "Mul", 7, kAnyLater},
    {"", "Div", 7, kAnyLater}, {"", "Pow", 7, kAnyLater}, {"", "Equal", 7, kAnyLater},
    {"", "Greater", 7, kAnyLater}, {"", "GreaterOrEqual", 12, kAnyLater}, {"", "Less", 7, kAnyLater},
    {"", "LessOrEqual", 12, kAnyLater}, {"", "And", 7, kAnyLater}, {"", "Where", 9, kAnyLater},
    // Shapes and data movement.
    {"", "Shape", 1, kAnyLater}, {"", "Reshape", 5, kAnyLater}, {"", "Identity", 1, kAnyLater},
    {"", "Squeeze", 1, kAnyLater}, {"", "Unsqueeze", 1, kAnyLater}, {"", "Transpose", 1, kAnyLater},
    {"", "DepthToSpace", 11, kAnyLater}, {"", "Concat", 1, kAnyLater}, {"", "Split", 1, kAnyLater},
    {"", "Expand", 8, kAnyLater}, {"", "Gather", 1, kAnyLater}, {"", "GatherElements", 11, kAnyLater},
    {"", "GatherND", 11, kAnyLater}, {"", "Slice", 1, kAnyLater}, {"", "Flatten", 1, kAnyLater},
    {"", "Tile", 6, kAnyLater}, {"", "Pad", 2, kAnyLater}, {"", "Range", 11, kAnyLater},
    {"", "ScatterND", 11, kAnyLater}, {"", "ScatterElements", 11, kAnyLater}, {"", "CumSum", 11, kAnyLater},
    // Reductions.
    {"", "ReduceMax", 1, kAnyLater}, {"", "ReduceMean", 1, kAnyLater}, {"", "ReduceMin", 1, kAnyLater},
    {"", "ReduceProd", 1, kAnyLater}, {"", "ReduceSum", 1, kAnyLater}, {"", "ReduceL1", 1, kAnyLater},
    {"", "ReduceL2", 1, kAnyLater}, {"", "ReduceLogSum", 1, kAnyLater}, {"", "ReduceSumSquare", 1, kAnyLater},
    {"", "ReduceLogSumExp", 1, kAnyLater}, {"", "ArgMax", 1, kAnyLater}, {"", "ArgMin", 1, kAnyLater},
    // Convolution, pooling, matrix products, normalisation.
    {"", "Conv", 1, kAnyLater}, {"", "ConvTranspose", 1, kAnyLater}, {"", "MaxPool", 1, kAnyLater},
    {"", "AveragePool", 7, kAnyLater}, {"", "GlobalAveragePool", 1, kAnyLater},
    {"", "GlobalMaxPool", 1, kAnyLater}, {"", "Gemm", 7, kAnyLater}, {"", "MatMul", 1, kAnyLater},
    {"", "Softmax", 1, kAnyLater}, {"", "Resize", 10, kAnyLater},
    {"", "LayerNormalization", 17, kAnyLater}, {"", "InstanceNormalization", 1, kAnyLater},
    {"", "BatchNormalization", 7, kAnyLater}, {"", "Einsum", 12, kAnyLater},
    {"", "DequantizeLinear", 10, kAnyLater},
    // Control flow.
    {"", "If", 1, kAnyLater},
};

}  // namespace

const ProviderOpTable& WebGpuOpTable() {
  static const ProviderOpTable table{
      "webgpu", "WebGpuExecutionProvider", true,
      "kernel registrations in webgpu_execution_provider.cc (ORT main at ~1.23, via fs-eire/onnxruntime "
      "0e58206a)",
      kOps, sizeof(kOps) / sizeof(kOps[0]), kDouble};
  return table;
}

}  // namespace ortkit::graph
