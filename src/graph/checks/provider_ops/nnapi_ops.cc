// NNAPI execution provider (Android): the ops its op builders take.
//
// Sources, microsoft/onnxruntime:
// - onnxruntime/core/providers/nnapi/nnapi_builtin/builders/op_builder_factory.cc at 07e8de2f
//   (the op list), plus impl/split_op_builder.cc at 0c3ea39d (Split, registered by newer
//   factories; its minimum opset is 13 because older Split takes 'split' as an attribute);
// - impl/base_op_builder.h at 0c8fc18b: every builder takes since-versions [1, 28] unless it
//   overrides the range (only Split's override is tabulated; others were not verified);
// - impl/base_op_builder.cc at 194144df: every input must have a fully known shape (no dynamic
//   dimension) for any op, and input 0 must be float32 unless the builder overrides the check;
//   the per-builder overrides were not verified, so the float32 rule is applied only to the
//   arithmetic, activation, convolution, pooling and normalisation builders, where float32 is
//   what NNAPI computes in;
// - tools/ci_build/github/android/nnapi_supported_ops.md at 53086759 (the per-op notes).
// The 1.30.0 tag itself could not be read. QDQ node groups (NodeUnits) are not modelled: a
// quantized model's DequantizeLinear -> op -> QuantizeLinear groups count node by node here.
#include "graph/checks/provider_ops/op_table.h"

namespace ortkit::graph {
namespace {

constexpr int kMax = 28;  // BaseOpBuilder::GetMaxSupportedOpSet

constexpr OpSupport kOps[] = {
    {"", "Abs", 1, kMax, kFloat, true}, {"", "Add", 1, kMax, kFloat, true},
    {"", "AveragePool", 1, kMax, kFloat, true, "", "only 2D pooling"},
    {"", "BatchNormalization", 1, kMax, kFloat, true},
    {"", "Cast", 1, kMax, 0, true}, {"", "Clip", 1, kMax, kFloat, true},
    {"", "Concat", 1, kMax, 0, true},
    {"", "Conv", 1, kMax, kFloat, true, "", "only 2D convolution; weights and bias constant"},
    {"", "DepthToSpace", 1, kMax, kFloat, true, "", "only DCR mode"},
    {"", "DequantizeLinear", 1, kMax, 0, true, "", "scales and zero points constant"},
    {"", "Div", 1, kMax, kFloat, true}, {"", "Elu", 1, kMax, kFloat, true},
    {"", "Exp", 1, kMax, kFloat, true}, {"", "Flatten", 1, kMax, 0, true},
    {"", "Floor", 1, kMax, kFloat, true},
    {"", "Gather", 1, kMax, 0, true, "", "indices constant unless int32"},
    {"", "Gemm", 1, kMax, kFloat, true, "", "if B is not constant, transB must be 1"},
    {"", "GlobalAveragePool", 1, kMax, kFloat, true, "", "only 2D pooling"},
    {"", "GlobalMaxPool", 1, kMax, kFloat, true, "", "only 2D pooling"},
    {"", "Identity", 1, kMax, 0, true}, {"", "LeakyRelu", 1, kMax, kFloat, true},
    {"", "Log", 1, kMax, kFloat, true}, {"", "LRN", 1, kMax, kFloat, true},
    {"", "MatMul", 1, kMax, kFloat, true}, {"", "Max", 1, kMax, kFloat, true},
    {"", "MaxPool", 1, kMax, kFloat, true, "", "only 2D pooling"},
    {"", "Min", 1, kMax, kFloat, true}, {"", "Mul", 1, kMax, kFloat, true},
    {"", "Neg", 1, kMax, kFloat, true},
    {"", "Pad", 1, kMax, kFloat, true, "", "only constant mode"},
    {"", "Pow", 1, kMax, kFloat, true}, {"", "PRelu", 1, kMax, kFloat, true},
    {"", "QLinearConv", 1, kMax, kUint8 | kInt8, true, "",
     "only 2D; weights, bias, scales and zero points constant"},
    {"", "QLinearMatMul", 1, kMax, kUint8 | kInt8, true, "", "scales and zero points constant"},
    {"", "QuantizeLinear", 1, kMax, 0, true, "", "scales and zero points constant"},
    {"", "ReduceMean", 1, kMax, kFloat, true}, {"", "Relu", 1, kMax, kFloat, true},
    {"", "Reshape", 1, kMax, 0, true}, {"", "Resize", 1, kMax, kFloat, true, "", "only 2D resize"},
    {"", "Sigmoid", 1, kMax, kFloat, true}, {"", "Sin", 1, kMax, kFloat, true},
    {"", "Slice", 1, kMax, 0, true}, {"", "Softmax", 1, kMax, kFloat, true},
    {"", "Split", 13, kMax, 0, true, "", "the split must divide the axis evenly; 'split' constant"},
    {"", "Sqrt", 1, kMax, kFloat, true}, {"", "Squeeze", 1, kMax, 0, true},
    {"", "Sub", 1, kMax, kFloat, true}, {"", "Tanh", 1, kMax, kFloat, true},
    {"", "Transpose", 1, kMax, 0, true}, {"", "Unsqueeze", 1, kMax, 0, true},
    {"com.microsoft", "QLinearAdd", 1, kMax, kUint8 | kInt8, true, "", "scales and zero points constant"},
    {"com.microsoft", "QLinearMul", 1, kMax, kUint8 | kInt8, true, "", "scales and zero points constant"},
    {"com.microsoft", "QLinearAveragePool", 1, kMax, kUint8 | kInt8, true, "", "only 2D pooling"},
    {"com.microsoft", "QLinearSigmoid", 1, kMax, kUint8 | kInt8, true, "", "scales and zero points constant"},
};

}  // namespace

const ProviderOpTable& NnapiOpTable() {
  static const ProviderOpTable table{
      "nnapi", "NnapiExecutionProvider", false,
      "NNAPI op builders (op_builder_factory.cc, base_op_builder.{h,cc}, nnapi_supported_ops.md)",
      kOps, sizeof(kOps) / sizeof(kOps[0])};
  return table;
}

}  // namespace ortkit::graph
