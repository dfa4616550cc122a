// CUDA execution provider: the ai.onnx kernels it registers.
//
// Source: docs/OperatorKernels.md of microsoft/onnxruntime at 001d12d2, section
// "Operators implemented by CUDAExecutionProvider" (generated from the kernel registrations by
// tools/python/gen_opkernel_doc.py); it lists Attention 23/24, TensorScatter 24 and float4 Cast,
// so it is recent (ORT 1.23 or later). The 1.30.0 tag itself could not be read. Each op's range
// runs from its first kernel's since-version to an open end unless the newest kernel is capped
// (Scatter 9-10, Upsample 7-9). Element types: for compute ops, the types of input 0 in the
// newest kernel (older kernels may lack bfloat16); data-movement ops take every type and are not
// checked. The com.microsoft kernels (FusedConv, Attention, MatMulNBits, ...) are not tabulated.
#include "graph/checks/provider_ops/op_table.h"

namespace ortkit::graph {
namespace {

constexpr TypeSet kF3 = kDouble | kFloat | kFloat16;
constexpr TypeSet kF4 = kF3 | kBfloat16;

constexpr OpSupport kOps[] = {
    {"", "Abs", 6, kAnyLater}, {"", "Add", 7, kAnyLater}, {"", "Affine", 1, kAnyLater, kF3},
    {"", "And", 7, kAnyLater}, {"", "ArgMax", 1, kAnyLater, kF3}, {"", "ArgMin", 1, kAnyLater, kF3},
    {"", "Attention", 23, kAnyLater, kF4}, {"", "AveragePool", 7, kAnyLater, kF4},
    {"", "BatchNormalization", 7, kAnyLater, kF3}, {"", "Cast", 6, kAnyLater},
    {"", "Ceil", 6, kAnyLater, kF3}, {"", "Clip", 6, kAnyLater}, {"", "Compress", 9, kAnyLater},
    {"", "Concat", 4, kAnyLater}, {"", "ConcatFromSequence", 11, kAnyLater},
    {"", "ConstantOfShape", 9, kAnyLater}, {"", "Conv", 1, kAnyLater, kF4},
    {"", "ConvTranspose", 1, kAnyLater, kF3}, {"", "Cos", 7, kAnyLater, kF3}, {"", "Crop", 1, kAnyLater, kF3},
    {"", "CumSum", 11, kAnyLater}, {"", "DepthToSpace", 1, kAnyLater, kF3},
    {"", "DequantizeLinear", 10, kAnyLater}, {"", "Div", 7, kAnyLater}, {"", "Dropout", 7, kAnyLater, kF4},
    {"", "DynamicSlice", 1, kAnyLater}, {"", "Einsum", 12, kAnyLater, kF3}, {"", "Elu", 6, kAnyLater, kF3},
    {"", "Equal", 7, kAnyLater}, {"", "Erf", 9, kAnyLater}, {"", "Exp", 6, kAnyLater, kF4},
    {"", "Expand", 8, kAnyLater}, {"", "EyeLike", 9, kAnyLater}, {"", "Flatten", 1, kAnyLater},
    {"", "Floor", 6, kAnyLater, kF3}, {"", "GRU", 7, kAnyLater, kF3}, {"", "Gather", 1, kAnyLater},
    {"", "GatherElements", 11, kAnyLater}, {"", "GatherND", 11, kAnyLater}, {"", "Gelu", 20, kAnyLater, kF4},
    {"", "Gemm", 7, kAnyLater, kF4}, {"", "GlobalAveragePool", 1, kAnyLater, kF3},
    {"", "GlobalMaxPool", 1, kAnyLater, kF3}, {"", "Greater", 7, kAnyLater},
    {"", "GreaterOrEqual", 12, kAnyLater}, {"", "GridSample", 16, kAnyLater, kFloat},
    {"", "HardSigmoid", 6, kAnyLater, kF4}, {"", "HardSwish", 14, kAnyLater, kF4},
    {"", "Identity", 1, kAnyLater}, {"", "If", 1, kAnyLater}, {"", "ImageScaler", 1, kAnyLater, kF3},
    {"", "InstanceNormalization", 6, kAnyLater, kF3}, {"", "IsInf", 10, kAnyLater}, {"", "IsNaN", 9, kAnyLater},
    {"", "LRN", 1, kAnyLater, kF3}, {"", "LSTM", 7, kAnyLater, kF3},
    {"", "LayerNormalization", 1, kAnyLater, kF4}, {"", "LeakyRelu", 6, kAnyLater, kF3},
    {"", "Less", 7, kAnyLater}, {"", "LessOrEqual", 12, kAnyLater}, {"", "Log", 6, kAnyLater, kF3},
    {"", "LogSoftmax", 1, kAnyLater, kF3}, {"", "Loop", 1, kAnyLater}, {"", "MatMul", 1, kAnyLater, kF4},
    {"", "MatMulInteger", 10, kAnyLater}, {"", "Max", 6, kAnyLater}, {"", "MaxPool", 1, kAnyLater},
    {"", "Min", 6, kAnyLater}, {"", "Mod", 10, kAnyLater}, {"", "Mul", 7, kAnyLater}, {"", "Neg", 6, kAnyLater},
    {"", "NonZero", 9, kAnyLater}, {"", "Not", 1, kAnyLater}, {"", "OneHot", 11, kAnyLater},
    {"", "Or", 7, kAnyLater}, {"", "PRelu", 7, kAnyLater, kF3}, {"", "Pad", 2, kAnyLater},
    {"", "ParametricSoftplus", 1, kAnyLater, kF3}, {"", "Pow", 7, kAnyLater},
    {"", "QuantizeLinear", 10, kAnyLater}, {"", "RMSNormalization", 23, kAnyLater, kF4},
    {"", "RNN", 7, kAnyLater, kF3}, {"", "RandomNormal", 1, kAnyLater}, {"", "RandomNormalLike", 1, kAnyLater},
    {"", "RandomUniform", 1, kAnyLater}, {"", "RandomUniformLike", 1, kAnyLater}, {"", "Range", 11, kAnyLater},
    {"", "Reciprocal", 6, kAnyLater, kF3}, {"", "ReduceL1", 1, kAnyLater}, {"", "ReduceL2", 1, kAnyLater},
    {"", "ReduceLogSum", 1, kAnyLater, kF3}, {"", "ReduceLogSumExp", 1, kAnyLater, kF3},
    {"", "ReduceMax", 1, kAnyLater}, {"", "ReduceMean", 1, kAnyLater}, {"", "ReduceMin", 1, kAnyLater},
    {"", "ReduceProd", 1, kAnyLater}, {"", "ReduceSum", 1, kAnyLater}, {"", "ReduceSumSquare", 1, kAnyLater, kF3},
    {"", "Relu", 6, kAnyLater, kF4}, {"", "Reshape", 1, kAnyLater}, {"", "Resize", 10, kAnyLater},
    {"", "ReverseSequence", 10, kAnyLater}, {"", "RoiAlign", 10, kAnyLater, kDouble | kFloat},
    {"", "RotaryEmbedding", 23, kAnyLater, kBfloat16 | kFloat | kFloat16}, {"", "Round", 11, kAnyLater, kF3},
    {"", "ScaledTanh", 1, kAnyLater, kF3}, {"", "Scan", 8, kAnyLater}, {"", "Scatter", 9, 10},
    {"", "ScatterElements", 11, kAnyLater}, {"", "ScatterND", 11, kAnyLater}, {"", "Selu", 6, kAnyLater, kF3},
    {"", "SequenceAt", 11, kAnyLater}, {"", "SequenceConstruct", 11, kAnyLater},
    {"", "SequenceEmpty", 11, kAnyLater}, {"", "SequenceErase", 11, kAnyLater},
    {"", "SequenceInsert", 11, kAnyLater}, {"", "SequenceLength", 11, kAnyLater}, {"", "Shape", 1, kAnyLater},
    {"", "Shrink", 9, kAnyLater}, {"", "Sigmoid", 6, kAnyLater, kF4}, {"", "Sign", 13, kAnyLater},
    {"", "SimplifiedLayerNormalization", 1, kAnyLater, kF4}, {"", "Sin", 7, kAnyLater, kF3},
    {"", "Size", 1, kAnyLater}, {"", "Slice", 1, kAnyLater}, {"", "Softmax", 1, kAnyLater, kF4},
    {"", "Softplus", 1, kAnyLater, kF3}, {"", "Softsign", 1, kAnyLater, kF3},
    {"", "SpaceToDepth", 1, kAnyLater, kF3}, {"", "Split", 2, kAnyLater}, {"", "Sqrt", 6, kAnyLater, kF4},
    {"", "Squeeze", 1, kAnyLater}, {"", "Sub", 7, kAnyLater}, {"", "Sum", 6, kAnyLater, kF4},
    {"", "Tanh", 6, kAnyLater, kF4}, {"", "TensorScatter", 24, kAnyLater},
    {"", "ThresholdedRelu", 1, kAnyLater, kF3}, {"", "Tile", 6, kAnyLater}, {"", "TopK", 1, kAnyLater},
    {"", "Transpose", 1, kAnyLater}, {"", "Trilu", 14, kAnyLater}, {"", "Unsqueeze", 1, kAnyLater},
    {"", "Upsample", 7, 9}, {"", "Where", 9, kAnyLater}, {"", "Xor", 7, kAnyLater},
};

}  // namespace

const ProviderOpTable& CudaOpTable() {
  static const ProviderOpTable table{
      "cuda", "CUDAExecutionProvider", true,
      "CUDA kernel registrations as listed in docs/OperatorKernels.md (ORT main at >= 1.23)",
      kOps, sizeof(kOps) / sizeof(kOps[0])};
  return table;
}

}  // namespace ortkit::graph
