// XNNPACK execution provider: the ops it takes.
//
// Sources, microsoft/onnxruntime (two versions that disagree; both are tabulated, see notes):
// - onnxruntime/core/providers/xnnpack/detail/node_support_checker.cc at 01674dbe: the ops
//   NodeSupportChecker::IsNodeSupported takes (Conv, QLinearConv, MaxPool, AveragePool,
//   GlobalAveragePool, Softmax, Transpose, the element-wise Add ... Min and the activations
//   Elu ... HardSwish), and Relu/Clip taken only when fused into a Conv, MaxPool or AveragePool
//   the provider took (ClipReluChecker);
// - onnxruntime/core/providers/xnnpack/xnnpack_execution_provider.cc at 81438929: the kernel
//   registrations and their since-versions (Conv 11+, ConvTranspose 1+, MaxPool 11+,
//   AveragePool 11+, Softmax 1+, Resize 10+, Gemm 7+, MatMul 1+, QLinearConv 10+). Gemm, MatMul,
//   ConvTranspose and Resize are registered there but absent from the checker version read.
// Since-versions of the checker-only ops were not stated in what was read: 1+ is assumed.
// Types: XNNPACK computes in float32 (float16 where the build enables it, not verified) and
// uint8/int8 for the quantized ops. The 1.30.0 tag itself could not be read.
#include "graph/checks/provider_ops/op_table.h"

namespace ortkit::graph {
namespace {

constexpr TypeSet kF = kFloat;

constexpr OpSupport kOps[] = {
    {"", "Conv", 11, kAnyLater, kF, false, "", "only 2D; weights constant"},
    {"", "QLinearConv", 10, kAnyLater, kUint8 | kInt8, false, "", "only 2D; weights and quantization constant"},
    {"", "ConvTranspose", 1, kAnyLater, kF, false, "", "only 2D; weights constant; registered kernel only"},
    {"", "MaxPool", 11, kAnyLater, kF | kUint8 | kInt8, false, "", "only 2D"},
    {"", "AveragePool", 11, kAnyLater, kF, false, "", "only 2D"},
    {"", "GlobalAveragePool", 1, kAnyLater, kF, false, "", "only 2D"},
    {"", "Softmax", 1, kAnyLater, kF}, {"", "Transpose", 1, kAnyLater},
    {"", "Resize", 10, kAnyLater, kF, false, "", "only 2D; registered kernel only"},
    {"", "Gemm", 7, kAnyLater, kF, false, "", "B constant; registered kernel only"},
    {"", "MatMul", 1, kAnyLater, kF, false, "", "B constant 2D; registered kernel only"},
    {"", "Add", 1, kAnyLater, kF}, {"", "Sub", 1, kAnyLater, kF}, {"", "Mul", 1, kAnyLater, kF},
    {"", "Div", 1, kAnyLater, kF}, {"", "Abs", 1, kAnyLater, kF}, {"", "Round", 1, kAnyLater, kF},
    {"", "Ceil", 1, kAnyLater, kF}, {"", "Floor", 1, kAnyLater, kF}, {"", "Sqrt", 1, kAnyLater, kF},
    {"", "Neg", 1, kAnyLater, kF}, {"", "Max", 1, kAnyLater, kF}, {"", "Min", 1, kAnyLater, kF},
    {"", "Elu", 1, kAnyLater, kF}, {"", "LeakyRelu", 1, kAnyLater, kF}, {"", "Sigmoid", 1, kAnyLater, kF},
    {"", "Tanh", 1, kAnyLater, kF}, {"", "HardSwish", 1, kAnyLater, kF},
    {"", "Relu", 1, kAnyLater, 0, false, "Conv|MaxPool|AveragePool"},
    {"", "Clip", 1, kAnyLater, 0, false, "Conv|MaxPool|AveragePool", "min and max constant"},
};

}  // namespace

const ProviderOpTable& XnnpackOpTable() {
  static const ProviderOpTable table{
      "xnnpack", "XnnpackExecutionProvider", false,
      "XNNPACK node_support_checker.cc and kernel registrations in xnnpack_execution_provider.cc",
      kOps, sizeof(kOps) / sizeof(kOps[0])};
  return table;
}

}  // namespace ortkit::graph
