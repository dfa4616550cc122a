// FLOP formulas by op family (node_cost.h states the convention); every count is built from
// concrete shapes, and an op without a formula says so instead of counting.
#include "graph/op_flops.h"

#include <algorithm>
#include <limits>
#include <set>

#include <fmt/format.h>

namespace ortkit::graph {
namespace {

const std::set<std::string> kElementwise = {
    // unary
    "Abs", "Acos", "Acosh", "Asin", "Asinh", "Atan", "Atanh", "BitwiseNot", "Ceil", "Celu", "Cos", "Cosh", "Elu",
    "Erf", "Exp", "Floor", "Gelu", "HardSigmoid", "HardSwish", "IsInf", "IsNaN", "LeakyRelu", "Log", "Mish", "Neg",
    "Not", "Reciprocal", "Relu", "Round", "Selu", "Shrink", "Sigmoid", "Sign", "Sin", "Sinh", "Softplus", "Softsign",
    "Sqrt", "Tan", "Tanh", "ThresholdedRelu",
    // binary
    "Add", "And", "BitShift", "BitwiseAnd", "BitwiseOr", "BitwiseXor", "Div", "Equal", "Greater", "GreaterOrEqual",
    "Less", "LessOrEqual", "Mod", "Mul", "Or", "Pow", "PRelu", "Sub", "Xor",
    // variadic and ternary
    "Clip", "Max", "Mean", "Min", "Sum", "Where"};

// com.microsoft activations that ORT's optimizer fuses in; their output has input 0's shape.
const std::set<std::string> kMicrosoftElementwise = {"BiasGelu", "FastGelu", "Gelu", "QuickGelu"};

const std::set<std::string> kReductions = {"ArgMax",     "ArgMin",     "ReduceL1",     "ReduceL2",
                                           "ReduceLogSum", "ReduceLogSumExp", "ReduceMax", "ReduceMean",
                                           "ReduceMin",  "ReduceProd", "ReduceSum",    "ReduceSumSquare"};

// Ops whose output may share the input's buffer: ORT aliases them when it can, else copies.
const std::set<std::string> kViews = {"Dropout", "Flatten", "Identity", "Reshape", "Squeeze", "Unsqueeze"};

// Ops that copy or convert data without arithmetic.
const std::set<std::string> kCopies = {"Cast",    "CastLike",     "Concat",       "ConstantOfShape", "DepthToSpace",
                                       "Expand",  "EyeLike",      "Pad",          "Range",           "SpaceToDepth",
                                       "Split",   "Tile",         "Transpose"};

const std::set<std::string> kPartialReads = {"Gather", "GatherElements", "GatherND", "Slice"};

bool IsDefaultDomain(const std::string& domain) { return domain.empty() || domain == "ai.onnx"; }

int64_t IntAttr(const onnx::NodeProto& node, const std::string& name, int64_t fallback) {
  for (const auto& a : node.attribute()) {
    if (a.name() == name) return a.i();
  }
  return fallback;
}

const onnx::AttributeProto* FindAttr(const onnx::NodeProto& node, const std::string& name) {
  for (const auto& a : node.attribute()) {
    if (a.name() == name) return &a;
  }
  return nullptr;
}

std::optional<uint64_t> CheckedAdd(std::optional<uint64_t> a, std::optional<uint64_t> b) {
  if (!a || !b || *a > std::numeric_limits<uint64_t>::max() - *b) return std::nullopt;
  return *a + *b;
}

std::optional<uint64_t> Elements(const std::optional<Shape>& shape) {
  if (!shape) return std::nullopt;
  std::optional<uint64_t> n = 1;
  for (int64_t d : *shape) n = CheckedMul(n, static_cast<uint64_t>(d));
  return n;
}

// The shapes a formula asks for, keeping the first reason one is missing.
class Shapes {
 public:
  Shapes(const onnx::NodeProto& node, const ShapeOf& shape_of) : node_(node), shape_of_(shape_of) {}

  bool Has(int i) const { return i < node_.input_size() && !node_.input(i).empty(); }
  std::optional<Shape> In(int i) { return Get(i < node_.input_size() ? node_.input(i) : "", "input", i); }
  std::optional<Shape> Out(int i) { return Get(i < node_.output_size() ? node_.output(i) : "", "output", i); }
  void Fail(std::string why) {
    if (why_.empty()) why_ = std::move(why);
  }

  OpFlops Result(std::optional<uint64_t> flops) {
    OpFlops r;
    r.flops = flops;
    if (!flops) r.unknown_reason = why_.empty() ? "the count overflows 64 bits" : why_;
    return r;
  }

 private:
  std::optional<Shape> Get(const std::string& name, const char* kind, int i) {
    if (name.empty()) {
      Fail(fmt::format("{} {} is missing", kind, i));
      return std::nullopt;
    }
    std::string why;
    std::optional<Shape> shape = shape_of_(name, &why);
    if (!shape) Fail(why);
    return shape;
  }

  const onnx::NodeProto& node_;
  const ShapeOf& shape_of_;
  std::string why_;
};

// Kernel elements of a weight [M, C/group, k1, k2, ...] (Conv) or [C, M/group, k...] (ConvTranspose)
// times its dim 1: the multiply-adds one output (Conv) or one input (ConvTranspose) element takes.
std::optional<uint64_t> WeightFanIn(Shapes& s, const std::optional<Shape>& w) {
  if (!w) return std::nullopt;
  if (w->size() < 3) {
    s.Fail(fmt::format("weight has shape {}: expected rank 3 or more", ShapeToString(*w)));
    return std::nullopt;
  }
  return Elements(Shape(w->begin() + 1, w->end()));
}

OpFlops Conv(Shapes& s, bool transpose) {
  const std::optional<Shape> w = s.In(1);
  const std::optional<Shape> y = s.Out(0);
  const std::optional<uint64_t> per = WeightFanIn(s, w);
  // Conv: each output element takes (C/group) x kernel MACs; ConvTranspose: each input element
  // is spread over (M/group) x kernel outputs.
  std::optional<uint64_t> flops = CheckedMul(Elements(transpose ? s.In(0) : y), per);
  if (flops && s.Has(2)) flops = CheckedAdd(flops, Elements(y));  // the bias: one add per output element
  return s.Result(flops);
}

OpFlops MatMul(Shapes& s) {
  const std::optional<Shape> a = s.In(0);
  const std::optional<Shape> y = s.Out(0);
  if (a && a->empty()) s.Fail("input 0 is a scalar: MatMul needs rank 1 or more");
  if (!a || a->empty()) return s.Result(std::nullopt);
  return s.Result(CheckedMul(Elements(y), static_cast<uint64_t>(a->back())));
}

// Broadcast batch dims of two MatMul operands (all but their last two).
std::optional<Shape> BroadcastBatch(Shapes& s, const Shape& a, const Shape& b) {
  const std::size_t ra = a.size() - 2, rb = b.size() - 2, r = std::max(ra, rb);
  Shape out(r, 1);
  for (std::size_t i = 0; i < r; ++i) {
    const int64_t da = i + ra >= r ? a[i + ra - r] : 1;
    const int64_t db = i + rb >= r ? b[i + rb - r] : 1;
    if (da != db && da != 1 && db != 1) {
      s.Fail(fmt::format("batch dims of {} and {} do not broadcast", ShapeToString(a), ShapeToString(b)));
      return std::nullopt;
    }
    out[i] = da == 1 ? db : da;
  }
  return out;
}

// com.microsoft FusedMatMul: alpha x op(A) x op(B); ONNX has no schema for it, so its output
// shape is worked out here when inference could not.
OpFlops FusedMatMul(const onnx::NodeProto& node, Shapes& s) {
  if (IntAttr(node, "transBatchA", 0) != 0 || IntAttr(node, "transBatchB", 0) != 0) {
    s.Fail("transBatchA/transBatchB are not modelled");
    return s.Result(std::nullopt);
  }
  const std::optional<Shape> a = s.In(0);
  const std::optional<Shape> b = s.In(1);
  if (!a || !b) return s.Result(std::nullopt);
  if (a->size() < 2 || b->size() < 2) {
    s.Fail(fmt::format("inputs {} and {}: only rank 2 or more is modelled", ShapeToString(*a), ShapeToString(*b)));
    return s.Result(std::nullopt);
  }
  const bool ta = IntAttr(node, "transA", 0) != 0, tb = IntAttr(node, "transB", 0) != 0;
  const std::size_t ra = a->size(), rb = b->size();
  const uint64_t m = (*a)[ta ? ra - 1 : ra - 2], k = (*a)[ta ? ra - 2 : ra - 1];
  const uint64_t n = (*b)[tb ? rb - 2 : rb - 1];
  std::optional<uint64_t> batch = Elements(BroadcastBatch(s, *a, *b));
  return s.Result(CheckedMul(CheckedMul(CheckedMul(batch, m), n), k));
}

OpFlops Gemm(const onnx::NodeProto& node, Shapes& s) {
  const std::optional<Shape> a = s.In(0);
  const std::optional<Shape> y = s.Out(0);
  if (a && a->size() != 2) s.Fail(fmt::format("input A has shape {}: Gemm needs rank 2", ShapeToString(*a)));
  if (!a || a->size() != 2) return s.Result(std::nullopt);
  const uint64_t k = (*a)[IntAttr(node, "transA", 0) != 0 ? 0 : 1];
  std::optional<uint64_t> flops = CheckedMul(Elements(y), k);
  if (flops && s.Has(2)) flops = CheckedAdd(flops, Elements(y));  // C: one add per output element
  return s.Result(flops);
}

OpFlops Pool(const onnx::NodeProto& node, Shapes& s) {
  const onnx::AttributeProto* kernel = FindAttr(node, "kernel_shape");
  if (kernel == nullptr || kernel->ints_size() == 0) {
    s.Fail("attribute kernel_shape is missing");
    return s.Result(std::nullopt);
  }
  return s.Result(CheckedMul(Elements(s.Out(0)), Elements(Shape(kernel->ints().begin(), kernel->ints().end()))));
}

OpFlops PerInputElement(Shapes& s, uint64_t per_element) { return s.Result(CheckedMul(Elements(s.In(0)), per_element)); }

OpFlops NoArithmetic(std::string note, DataRead read) {
  OpFlops r;
  r.flops = 0;
  r.note = std::move(note);
  r.read = read;
  return r;
}

OpFlops Unknown(std::string reason) {
  OpFlops r;
  r.unknown_reason = std::move(reason);
  return r;
}

OpFlops DefaultDomain(const onnx::NodeProto& node, Shapes& s) {
  const std::string& op = node.op_type();
  if (op == "Conv") return Conv(s, false);
  if (op == "ConvTranspose") return Conv(s, true);
  if (op == "MatMul") return MatMul(s);
  if (op == "Gemm") return Gemm(node, s);
  if (kElementwise.count(op) != 0) return s.Result(Elements(s.Out(0)));
  if (op == "MaxPool" || op == "AveragePool" || op == "LpPool") return Pool(node, s);
  if (op == "GlobalAveragePool" || op == "GlobalMaxPool" || op == "GlobalLpPool") return PerInputElement(s, 1);
  if (kReductions.count(op) != 0) return PerInputElement(s, 1);
  if (op == "BatchNormalization") return PerInputElement(s, 2);
  if (op == "LayerNormalization" || op == "InstanceNormalization" || op == "GroupNormalization") {
    return PerInputElement(s, 4);
  }
  if (op == "Softmax" || op == "LogSoftmax") return PerInputElement(s, 3);
  if (kViews.count(op) != 0) return NoArithmetic("may be a view: ORT reuses the input buffer when it can", DataRead::kWhole);
  if (kCopies.count(op) != 0) return NoArithmetic("", DataRead::kWhole);
  if (kPartialReads.count(op) != 0) return NoArithmetic("reads only the part of input 0 it copies", DataRead::kOutputSized);
  if (op == "Shape" || op == "Size") return NoArithmetic("reads only the input's shape", DataRead::kNone);
  if (op == "If" || op == "Loop" || op == "Scan") {
    return Unknown("control flow: its subgraphs run a number of times known only at run time (their nodes are not costed)");
  }
  return Unknown(fmt::format("no cost model for op '{}'", op));
}

}  // namespace

std::optional<uint64_t> CheckedMul(std::optional<uint64_t> a, std::optional<uint64_t> b) {
  if (!a || !b) return std::nullopt;
  if (*b != 0 && *a > std::numeric_limits<uint64_t>::max() / *b) return std::nullopt;
  return *a * *b;
}

OpFlops CountOpFlops(const onnx::NodeProto& node, const ShapeOf& shape_of) {
  Shapes s(node, shape_of);
  if (IsDefaultDomain(node.domain())) return DefaultDomain(node, s);
  if (node.domain() == "com.microsoft") {
    if (node.op_type() == "FusedMatMul") return FusedMatMul(node, s);
    if (kMicrosoftElementwise.count(node.op_type()) != 0) return PerInputElement(s, 1);
  }
  return Unknown(fmt::format("no cost model for op '{}:{}'", node.domain(), node.op_type()));
}

}  // namespace ortkit::graph
