// ComputeModelCost through SummarizeModelBytes (strip, size free dims, infer, count): hand-computed
// FLOPs and bytes for one small exporter-style model per op family, a ResNet-style block summed
// by hand, and every way a cost stays unknown.
#include "graph/node_cost.h"

#include <algorithm>
#include <filesystem>
#include <iostream>

#include <gtest/gtest.h>

#include "graph/model_builder.h"
#include "graph/model_summary.h"
#include "ortkit/error.h"

namespace ortkit::graph {
namespace {

std::vector<float> Zeros(std::size_t n) { return std::vector<float>(n, 0.0f); }

ModelCost CostOf(const ModelBuilder& b, const FreeDimSizes& sizes = {}) {
  SummaryOptions options;
  options.cost = true;
  options.dim_sizes = sizes;
  ModelSummary s = SummarizeModelBytes(b.Serialize(), "m.onnx", options);
  EXPECT_TRUE(s.cost.has_value());
  EXPECT_EQ(s.inference_error, "");
  return s.cost ? *s.cost : ModelCost{};
}

const NodeCost& Find(const ModelCost& cost, const std::string& name) {
  for (const NodeCost& n : cost.nodes) {
    if (n.name == name) return n;
  }
  throw std::runtime_error("no node " + name);
}

TEST(NodeCostTest, ConvCountsGroupsDilationStrideAndBias) {
  // x [batch,8,16,16], W [16, 8/2, 3, 3] (group 2), dilation 2, stride 2, pads 2:
  // out = floor((16 + 4 - 2*(3-1) - 1) / 2) + 1 = 8, so y [2,16,8,8] at batch=2.
  ModelBuilder b("conv", 17);
  b.Input("x", ElementType::kFloat32, {"batch", 8, 16, 16})
      .Initializer("/layer1/conv1/weight", Zeros(16 * 4 * 9), {16, 4, 3, 3})
      .Initializer("/layer1/conv1/bias", Zeros(16), {16})
      .Node("Conv", {"x", "/layer1/conv1/weight", "/layer1/conv1/bias"}, {"y"},
            {Attr::Int("group", 2), Attr::Ints("dilations", {2, 2}), Attr::Ints("strides", {2, 2}),
             Attr::Ints("pads", {2, 2, 2, 2}), Attr::Ints("kernel_shape", {3, 3})},
            "/layer1/conv1/Conv")
      .Output("y", ElementType::kFloat32, {"batch", 16, 8, 8});
  const ModelCost cost = CostOf(b, {{"batch", 2}});
  const NodeCost& c = cost.nodes.at(0);
  const uint64_t outputs = 2 * 16 * 8 * 8;
  EXPECT_EQ(c.flops, outputs * (4 * 3 * 3) + outputs);  // (C/group) x kernel MACs, + the bias
  EXPECT_EQ(c.param_bytes, (16 * 4 * 9 + 16) * 4u);
  EXPECT_EQ(c.activation_bytes_read, 2 * 8 * 16 * 16 * 4u);
  EXPECT_EQ(c.activation_bytes_written, outputs * 4);
  EXPECT_EQ(c.unknown_reason, "");
  ASSERT_TRUE(c.intensity().has_value());
  EXPECT_DOUBLE_EQ(*c.intensity(), static_cast<double>(*c.flops) / static_cast<double>(*c.bytes()));
}

TEST(NodeCostTest, ConvTransposeSpreadsEachInputOverItsGroupsOutputs) {
  // x [1,4,8,8], W [4, 4/2, 3, 3] (group 2: M = 4), stride 2: y [1,4,17,17].
  ModelBuilder b("deconv", 17);
  b.Input("x", ElementType::kFloat32, {1, 4, 8, 8})
      .Initializer("up.weight", Zeros(4 * 2 * 9), {4, 2, 3, 3})
      .Initializer("up.bias", Zeros(4), {4})
      .Node("ConvTranspose", {"x", "up.weight", "up.bias"}, {"y"},
            {Attr::Int("group", 2), Attr::Ints("strides", {2, 2})}, "/up/ConvTranspose")
      .Output("y", ElementType::kFloat32, {1, 4, 17, 17});
  const ModelCost cost = CostOf(b);
  const NodeCost& c = cost.nodes.at(0);
  EXPECT_EQ(c.flops, (4 * 8 * 8) * (2 * 3 * 3) + (4 * 17 * 17u));
  EXPECT_EQ(c.activation_bytes_written, 4 * 17 * 17 * 4u);
}

TEST(NodeCostTest, MatMulCountsBatchedAndBroadcastProducts) {
  ModelBuilder b("matmul", 17);
  b.Input("a", ElementType::kFloat32, {"batch", 4, 8, 16})
      .Input("p", ElementType::kFloat32, {3, 1, 5, 6})
      .Input("q", ElementType::kFloat32, {4, 6, 7})
      .Initializer("w", Zeros(16 * 32), {16, 32})
      .Node("MatMul", {"a", "w"}, {"y"}, {}, "/proj/MatMul")   // [2,4,8,32], K 16
      .Node("MatMul", {"p", "q"}, {"z"}, {}, "/bcast/MatMul")  // [3,4,5,7], K 6
      .Output("y", ElementType::kFloat32, {"batch", 4, 8, 32})
      .Output("z", ElementType::kFloat32, {3, 4, 5, 7});
  const ModelCost cost = CostOf(b, {{"batch", 2}});
  EXPECT_EQ(Find(cost, "/proj/MatMul").flops, 2 * 4 * 8 * 32 * 16u);
  EXPECT_EQ(Find(cost, "/proj/MatMul").param_bytes, 16 * 32 * 4u);
  EXPECT_EQ(Find(cost, "/bcast/MatMul").flops, 3 * 4 * 5 * 7 * 6u);
  EXPECT_EQ(Find(cost, "/bcast/MatMul").activation_bytes_read, (3 * 5 * 6 + 4 * 6 * 7) * 4u);
  EXPECT_EQ(cost.total.flops, 2 * 4 * 8 * 32 * 16u + 3 * 4 * 5 * 7 * 6u);
}

TEST(NodeCostTest, GemmCountsTransposedOperandsAndTheBias) {
  ModelBuilder b("gemm", 13);
  b.Input("x", ElementType::kFloat32, {"batch", 32})
      .Input("xt", ElementType::kFloat32, {32, "batch"})
      .Initializer("fc.weight", Zeros(10 * 32), {10, 32})
      .Initializer("fc.bias", Zeros(10), {10})
      .Node("Gemm", {"x", "fc.weight", "fc.bias"}, {"y"}, {Attr::Int("transB", 1)}, "/fc/Gemm")
      .Node("Gemm", {"xt", "fc.weight"}, {"z"}, {Attr::Int("transA", 1), Attr::Int("transB", 1)}, "/fc_t/Gemm")
      .Output("y", ElementType::kFloat32, {"batch", 10})
      .Output("z", ElementType::kFloat32, {"batch", 10});
  const ModelCost cost = CostOf(b, {{"batch", 4}});
  EXPECT_EQ(Find(cost, "/fc/Gemm").flops, 4 * 10 * 32u + 4 * 10u);
  EXPECT_EQ(Find(cost, "/fc/Gemm").param_bytes, (10 * 32 + 10) * 4u);
  EXPECT_EQ(Find(cost, "/fc_t/Gemm").flops, 4 * 10 * 32u);
}

TEST(NodeCostTest, FusedMatMulIsCountedFromItsInputsAsONNXCannotInferIt) {
  ModelBuilder b("fused", 17);
  b.Opset("com.microsoft", 1)
      .Input("a", ElementType::kFloat32, {2, 8, 16})
      .Input("bt", ElementType::kFloat32, {32, 16})
      .Node("FusedMatMul", {"a", "bt"}, {"y"}, {Attr::Int("transB", 1), Attr::Float("alpha", 0.5f)}, "/attn/FusedMatMul",
            "com.microsoft")
      .Node("FusedMatMul", {"a", "bt"}, {"z"}, {Attr::Int("transBatchA", 1)}, "/odd/FusedMatMul", "com.microsoft")
      .Output("y", ElementType::kFloat32, {2, 8, 32})
      .Output("z", ElementType::kFloat32, {2, 8, 32});
  const ModelCost cost = CostOf(b);
  EXPECT_EQ(Find(cost, "/attn/FusedMatMul").flops, 2 * 8 * 32 * 16u);
  EXPECT_EQ(Find(cost, "/odd/FusedMatMul").flops, std::nullopt);
  EXPECT_EQ(Find(cost, "/odd/FusedMatMul").unknown_reason, "transBatchA/transBatchB are not modelled");
}

TEST(NodeCostTest, ElementwiseOpsCountOnePerOutputElementAfterBroadcast) {
  ModelBuilder b("eltwise", 17);
  b.Input("x", ElementType::kFloat32, {"batch", 3, 4})
      .Input("mask", ElementType::kBool, {3, 1})
      .Initializer("bias", Zeros(4), {4})
      .Node("Constant", {}, {"zero"}, {Attr::Tensor("value", MakeTensor("", std::vector<float>{0}, {}))},
            "/Constant")
      .Node("Add", {"x", "bias"}, {"a"}, {}, "/Add")
      .Node("Relu", {"a"}, {"r"}, {}, "/Relu")
      .Node("Where", {"mask", "r", "zero"}, {"w"}, {}, "/Where")
      .Node("Sum", {"a", "r", "w"}, {"y"}, {}, "/Sum")
      .Output("y", ElementType::kFloat32, {"batch", 3, 4});
  const ModelCost cost = CostOf(b, {{"batch", 2}});
  for (const char* name : {"/Add", "/Relu", "/Where", "/Sum"}) EXPECT_EQ(Find(cost, name).flops, 24u) << name;
  EXPECT_EQ(Find(cost, "/Add").param_bytes, 16u);
  EXPECT_EQ(Find(cost, "/Add").activation_bytes_read, 96u);
  // The Constant's scalar is a parameter where it is read; the Constant itself moves nothing.
  EXPECT_EQ(Find(cost, "/Where").param_bytes, 4u);
  EXPECT_EQ(Find(cost, "/Where").activation_bytes_read, 3u + 96u);  // bool mask, r
  EXPECT_EQ(Find(cost, "/Sum").activation_bytes_read, 3 * 96u);
  const NodeCost& constant = Find(cost, "/Constant");
  EXPECT_EQ(constant.flops, 0u);
  EXPECT_EQ(constant.bytes(), 0u);
  EXPECT_NE(constant.note, "");
}

TEST(NodeCostTest, PoolingCountsKernelElementsPerOutput) {
  ModelBuilder b("pool", 17);
  b.Input("x", ElementType::kFloat32, {1, 8, 16, 16})
      .Node("MaxPool", {"x"}, {"m"},
            {Attr::Ints("kernel_shape", {3, 3}), Attr::Ints("strides", {2, 2}), Attr::Ints("pads", {1, 1, 1, 1})},
            "/maxpool/MaxPool")                                                       // [1,8,8,8]
      .Node("AveragePool", {"x"}, {"a"}, {Attr::Ints("kernel_shape", {2, 2}), Attr::Ints("strides", {2, 2})},
            "/avgpool/AveragePool")                                                   // [1,8,8,8]
      .Node("GlobalAveragePool", {"x"}, {"g"}, {}, "/gap/GlobalAveragePool")         // [1,8,1,1]
      .Output("m", ElementType::kFloat32, {1, 8, 8, 8})
      .Output("a", ElementType::kFloat32, {1, 8, 8, 8})
      .Output("g", ElementType::kFloat32, {1, 8, 1, 1});
  const ModelCost cost = CostOf(b);
  EXPECT_EQ(Find(cost, "/maxpool/MaxPool").flops, 8 * 8 * 8 * 9u);
  EXPECT_EQ(Find(cost, "/avgpool/AveragePool").flops, 8 * 8 * 8 * 4u);
  EXPECT_EQ(Find(cost, "/gap/GlobalAveragePool").flops, 8 * 16 * 16u);
}

TEST(NodeCostTest, NormalisationsSoftmaxAndReductionsCountAConstantPerInputElement) {
  ModelBuilder b("norms", 17);
  b.Input("x", ElementType::kFloat32, {"batch", "seq", 64})
      .Input("img", ElementType::kFloat32, {1, 8, 4, 4})
      .Initializer("ln.weight", Zeros(64), {64})
      .Initializer("ln.bias", Zeros(64), {64})
      .Initializer("bn.scale", Zeros(8), {8})
      .Initializer("bn.bias", Zeros(8), {8})
      .Initializer("bn.mean", Zeros(8), {8})
      .Initializer("bn.var", Zeros(8), {8})
      .Node("LayerNormalization", {"x", "ln.weight", "ln.bias"}, {"ln"}, {Attr::Int("axis", -1)}, "/ln/LayerNormalization")
      .Node("BatchNormalization", {"img", "bn.scale", "bn.bias", "bn.mean", "bn.var"}, {"bn"}, {},
            "/bn/BatchNormalization")
      .Node("Softmax", {"ln"}, {"sm"}, {Attr::Int("axis", -1)}, "/Softmax")
      .Node("ReduceMean", {"sm"}, {"mean"}, {Attr::Ints("axes", {-1})}, "/ReduceMean")
      .Output("bn", ElementType::kFloat32, {1, 8, 4, 4})
      .Output("mean", ElementType::kFloat32, {"batch", "seq", 1});
  const ModelCost cost = CostOf(b, {{"batch", 2}, {"seq", 5}});
  const uint64_t tokens = 2 * 5 * 64;
  EXPECT_EQ(Find(cost, "/ln/LayerNormalization").flops, 4 * tokens);
  EXPECT_EQ(Find(cost, "/ln/LayerNormalization").param_bytes, 2 * 64 * 4u);
  EXPECT_EQ(Find(cost, "/bn/BatchNormalization").flops, 2 * 8 * 4 * 4u);
  EXPECT_EQ(Find(cost, "/bn/BatchNormalization").param_bytes, 4 * 8 * 4u);
  EXPECT_EQ(Find(cost, "/Softmax").flops, 3 * tokens);
  EXPECT_EQ(Find(cost, "/ReduceMean").flops, tokens);
  EXPECT_EQ(Find(cost, "/ReduceMean").activation_bytes_written, 2 * 5 * 4u);
}

TEST(NodeCostTest, DataMovementHasNoFlopsAndGatherReadsOnlyTheRowsItCopies) {
  ModelBuilder b("embed", 17);
  b.Input("ids", ElementType::kInt64, {"batch", "seq"})
      .Initializer("embed.weight", Zeros(1000 * 64), {1000, 64})  // 250 KiB: stripped, dims kept
      .Node("Gather", {"embed.weight", "ids"}, {"e"}, {}, "/embed/Gather")        // [2,3,64]
      .Node("Transpose", {"e"}, {"t"}, {Attr::Ints("perm", {1, 0, 2})}, "/Transpose")
      .Node("Shape", {"t"}, {"s"}, {}, "/Shape")
      .Node("Constant", {}, {"flat"}, {Attr::Tensor("value", MakeTensor("", std::vector<int64_t>{-1, 64}, {2}))},
            "/Constant")
      .Node("Reshape", {"t", "flat"}, {"r"}, {}, "/Reshape")
      .Output("r", ElementType::kFloat32, {6, 64})
      .Output("s", ElementType::kInt64, {3});
  const ModelCost cost = CostOf(b, {{"batch", 2}, {"seq", 3}});
  const NodeCost& gather = Find(cost, "/embed/Gather");
  EXPECT_EQ(gather.flops, 0u);
  EXPECT_EQ(gather.param_bytes, 2 * 3 * 64 * 4u);  // the 6 rows read, not the 1000-row table
  EXPECT_EQ(gather.activation_bytes_read, 2 * 3 * 8u);
  EXPECT_EQ(Find(cost, "/Transpose").activation_bytes_read, Find(cost, "/Transpose").activation_bytes_written);
  EXPECT_EQ(Find(cost, "/Shape").activation_bytes_read, 0u);
  EXPECT_EQ(Find(cost, "/Shape").activation_bytes_written, 3 * 8u);
  const NodeCost& reshape = Find(cost, "/Reshape");
  EXPECT_EQ(reshape.flops, 0u);
  EXPECT_EQ(reshape.param_bytes, 16u);  // the Constant shape
  EXPECT_NE(reshape.note.find("view"), std::string::npos);
}

TEST(NodeCostTest, OpsWithoutAFormulaAreUnknownButTheirBytesAreStillCounted) {
  ModelBuilder b("unknown", 17);
  b.Opset("custom.ops", 1)
      .Input("x", ElementType::kFloat32, {1, 4, 5, 5})
      .Node("LRN", {"x"}, {"n"}, {Attr::Int("size", 3)}, "/features/LRN")
      .Node("Frobnicate", {"n"}, {"y"}, {}, "/Frobnicate", "custom.ops")
      .Output("y", ElementType::kFloat32, {1, 4, 5, 5});
  const ModelCost cost = CostOf(b);
  const NodeCost& lrn = Find(cost, "/features/LRN");
  EXPECT_EQ(lrn.flops, std::nullopt);
  EXPECT_EQ(lrn.unknown_reason, "no cost model for op 'LRN'");
  EXPECT_EQ(lrn.activation_bytes_read, 100 * 4u);
  EXPECT_EQ(lrn.activation_bytes_written, 100 * 4u);
  EXPECT_EQ(lrn.intensity(), std::nullopt);
  EXPECT_EQ(Find(cost, "/Frobnicate").unknown_reason, "no cost model for op 'custom.ops:Frobnicate'");
  EXPECT_EQ(cost.total.flops_unknown, 2u);
  EXPECT_EQ(cost.total.flops, 0u);
  EXPECT_EQ(cost.total.intensity(), std::nullopt);
  ASSERT_EQ(cost.by_op_type.size(), 2u);
  EXPECT_EQ(cost.by_op_type[0].flops_unknown, 1u);
}

TEST(NodeCostTest, AFreeDimensionWithoutASizeMakesItsNodesUnknownNeverGuessed) {
  ModelBuilder b("unsized", 17);
  b.Input("x", ElementType::kFloat32, {"batch", 16})
      .Input("u", ElementType::kFloat32, {Dim::Free(), 16})
      .Initializer("w", Zeros(16 * 8), {16, 8})
      .Node("MatMul", {"x", "w"}, {"y"}, {}, "/x/MatMul")
      .Node("MatMul", {"u", "w"}, {"v"}, {}, "/u/MatMul")
      .Output("y", ElementType::kFloat32, {"batch", 8})
      .Output("v", ElementType::kFloat32, {Dim::Free(), 8});
  const ModelCost unsized = CostOf(b);
  EXPECT_EQ(unsized.unsized_dims, (std::vector<std::string>{"batch", "u:0"}));
  EXPECT_EQ(Find(unsized, "/x/MatMul").flops, std::nullopt);
  EXPECT_EQ(Find(unsized, "/x/MatMul").unknown_reason, "free dimension 'batch' has no size (give --dim batch=N)");
  EXPECT_EQ(Find(unsized, "/x/MatMul").activation_bytes_read, std::nullopt);
  EXPECT_EQ(Find(unsized, "/x/MatMul").param_bytes, 16 * 8 * 4u);  // weights need no size
  EXPECT_EQ(Find(unsized, "/u/MatMul").unknown_reason, "free dimension 'u:0' has no size (give --dim u:0=N)");
  EXPECT_EQ(unsized.total.flops, 0u);
  EXPECT_EQ(unsized.total.flops_unknown, 2u);

  const ModelCost sized = CostOf(b, {{"batch", 3}, {"u:0", 5}});
  EXPECT_TRUE(sized.unsized_dims.empty());
  EXPECT_EQ(Find(sized, "/x/MatMul").flops, 3 * 8 * 16u);
  EXPECT_EQ(Find(sized, "/u/MatMul").flops, 5 * 8 * 16u);
}

TEST(NodeCostTest, ControlFlowIsUnknownAndItsSubgraphsAreNotCosted) {
  ModelBuilder then_branch("then");
  then_branch.Node("Identity", {"x"}, {"t"}).Output("t", ElementType::kFloat32, {4});
  ModelBuilder else_branch("else");
  else_branch.Node("Neg", {"x"}, {"e"}).Output("e", ElementType::kFloat32, {4});
  onnx::AttributeProto then_attr, else_attr;
  then_attr.set_name("then_branch");
  then_attr.set_type(onnx::AttributeProto::GRAPH);
  *then_attr.mutable_g() = then_branch.proto().graph();
  else_attr.set_name("else_branch");
  else_attr.set_type(onnx::AttributeProto::GRAPH);
  *else_attr.mutable_g() = else_branch.proto().graph();
  ModelBuilder b("if", 17);
  b.Input("cond", ElementType::kBool, {}).Input("x", ElementType::kFloat32, {4}).Node("If", {"cond"}, {"y"}, {}, "/If");
  *b.proto().mutable_graph()->mutable_node(0)->add_attribute() = then_attr;
  *b.proto().mutable_graph()->mutable_node(0)->add_attribute() = else_attr;
  b.Output("y", ElementType::kFloat32, {4});
  const ModelCost cost = CostOf(b);
  ASSERT_EQ(cost.nodes.size(), 1u);
  EXPECT_EQ(cost.nodes[0].flops, std::nullopt);
  EXPECT_EQ(cost.nodes[0].unknown_reason.rfind("control flow:", 0), 0u) << cost.nodes[0].unknown_reason;
}

TEST(NodeCostTest, ADimSizeTheModelDoesNotHaveIsAnErrorNamingItsFreeDimensions) {
  ModelBuilder b("m", 17);
  b.Input("x", ElementType::kFloat32, {"batch", Dim::Free(), 3})
      .Node("Relu", {"x"}, {"y"}, {}, "/Relu")
      .Output("y", ElementType::kFloat32, {"batch", Dim::Free(), 3});
  SummaryOptions options;
  options.cost = true;
  const auto message = [&](const FreeDimSizes& sizes) {
    options.dim_sizes = sizes;
    try {
      SummarizeModelBytes(b.Serialize(), "m.onnx", options);
    } catch (const Error& e) {
      EXPECT_EQ(e.category(), ErrorCategory::kInput);
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_EQ(message({{"seq", 8}}), "--dim seq=8: the model has no free dimension 'seq' (its free dimensions: batch, x:1)");
  EXPECT_EQ(message({{"y:0", 2}}), "--dim y:0=2: the model has no input 'y' (its inputs: x)");
  EXPECT_EQ(message({{"x:0", 2}}), "--dim x:0=2: that dimension is named 'batch'; use --dim batch=2");
  EXPECT_EQ(message({{"x:2", 2}}), "--dim x:2=2: axis 2 of input 'x' (float32[batch,?,3]) is not a free dimension");
  EXPECT_EQ(message({{"batch", 2}, {"x:1", 7}}), "no error");
}

TEST(NodeCostTest, DimSizesAlsoShapeTheInferredOutputTypes) {
  ModelBuilder b("m", 17);
  b.Input("x", ElementType::kFloat32, {"batch", 3})
      .Node("Relu", {"x"}, {"y"}, {}, "/Relu")
      .Output("y", ElementType::kFloat32, {"batch", 3});
  SummaryOptions options;
  options.infer_shapes = true;
  options.dim_sizes = {{"batch", 7}};
  const ModelSummary s = SummarizeModelBytes(b.Serialize(), "m.onnx", options);
  EXPECT_FALSE(s.cost.has_value());  // not asked for
  EXPECT_EQ(DescribeType(s.main_graph().nodes[0].output_types[0]), "float32[7,3]");
}

TEST(NodeCostTest, WhenInferenceCrashedInTheProbeCostsUseDeclaredShapesOnly) {
  ModelBuilder b("m", 17);
  b.Input("x", ElementType::kFloat32, {2, 3})
      .Node("Relu", {"x"}, {"h"}, {}, "/Relu")  // h is declared nowhere
      .Node("Neg", {"h"}, {"y"}, {}, "/Neg")
      .Output("y", ElementType::kFloat32, {2, 3});
  SummaryOptions options;
  options.cost = true;
  options.inference_crash_probe = [](const std::string&) { return std::optional<std::string>("signal 11, SIGSEGV"); };
  const ModelSummary s = SummarizeModelBytes(b.Serialize(), "m.onnx", options);
  EXPECT_FALSE(s.shapes_inferred);
  EXPECT_NE(s.inference_error.find("crashed"), std::string::npos) << s.inference_error;
  ASSERT_TRUE(s.cost.has_value());
  EXPECT_EQ(s.cost->nodes[0].flops, std::nullopt);
  EXPECT_EQ(s.cost->nodes[0].unknown_reason, "'h' has no inferred type");
  EXPECT_EQ(s.cost->nodes[1].flops, 6u);  // its declared output
  EXPECT_EQ(s.cost->nodes[1].activation_bytes_read, std::nullopt);
  EXPECT_EQ(s.cost->nodes[1].unknown_reason, "'h' has no inferred type");
}

// Conv-BN-Relu-Conv-BN-Add-Relu as torchvision's BasicBlock exports it, counted by hand below.
ModelBuilder ResNetBlock() {
  ModelBuilder b("resnet_block", 17);
  b.Producer("pytorch", "2.1.0").Input("x", ElementType::kFloat32, {"batch", 16, 8, 8});
  std::string in = "x";
  for (const std::string conv : {"conv1", "conv2"}) {
    const std::string p = "/layer1/layer1.0/" + conv;
    const std::string bn = conv == "conv1" ? "bn1" : "bn2";
    b.Initializer("layer1.0." + conv + ".weight", Zeros(16 * 16 * 9), {16, 16, 3, 3});
    for (const char* param : {"weight", "bias", "running_mean", "running_var"}) {
      b.Initializer("layer1.0." + bn + "." + param, Zeros(16), {16});
    }
    b.Node("Conv", {in, "layer1.0." + conv + ".weight"}, {p + "/Conv_output_0"},
           {Attr::Ints("kernel_shape", {3, 3}), Attr::Ints("pads", {1, 1, 1, 1})}, p + "/Conv")
        .Node("BatchNormalization",
              {p + "/Conv_output_0", "layer1.0." + bn + ".weight", "layer1.0." + bn + ".bias",
               "layer1.0." + bn + ".running_mean", "layer1.0." + bn + ".running_var"},
              {"/layer1/layer1.0/" + bn + "/BatchNormalization_output_0"}, {Attr::Float("epsilon", 1e-5f)},
              "/layer1/layer1.0/" + bn + "/BatchNormalization");
    in = "/layer1/layer1.0/" + bn + "/BatchNormalization_output_0";
    if (conv == "conv1") {
      b.Node("Relu", {in}, {"/layer1/layer1.0/relu/Relu_output_0"}, {}, "/layer1/layer1.0/relu/Relu");
      in = "/layer1/layer1.0/relu/Relu_output_0";
    }
  }
  return b.Node("Add", {in, "x"}, {"/layer1/layer1.0/Add_output_0"}, {}, "/layer1/layer1.0/Add")
      .Node("Relu", {"/layer1/layer1.0/Add_output_0"}, {"y"}, {}, "/layer1/layer1.0/relu_1/Relu")
      .Output("y", ElementType::kFloat32, {"batch", 16, 8, 8});
}

TEST(NodeCostTest, AResNetBlockSumsToAnIndependentHandCount) {
  const ModelCost cost = CostOf(ResNetBlock(), {{"batch", 2}});
  // By hand: every activation is [2,16,8,8] = 2048 floats = 8 KiB.
  const uint64_t elements = 2 * 16 * 8 * 8, act = elements * 4;
  const uint64_t conv = elements * 16 * 3 * 3;  // C_in x kernel per output, no bias
  const uint64_t bn = 2 * elements, relu = elements, add = elements;
  EXPECT_EQ(cost.total.flops, 2 * conv + 2 * bn + relu + add + relu);
  EXPECT_EQ(cost.total.flops, 604160u);
  EXPECT_EQ(cost.total.param_bytes, 2 * (16 * 16 * 9 + 4 * 16) * 4u);
  EXPECT_EQ(cost.total.activation_bytes_read, 8 * act);  // seven nodes, Add reads two
  EXPECT_EQ(cost.total.activation_bytes_written, 7 * act);
  EXPECT_EQ(cost.total.flops_unknown, 0u);
  EXPECT_EQ(cost.total.bytes_unknown, 0u);
  ASSERT_TRUE(cost.total.intensity().has_value());
  EXPECT_DOUBLE_EQ(*cost.total.intensity(),
                   604160.0 / static_cast<double>(2 * (16 * 16 * 9 + 4 * 16) * 4 + 15 * act));
  // Per op type, most FLOPs first.
  ASSERT_EQ(cost.by_op_type.size(), 4u);
  EXPECT_EQ(cost.by_op_type[0].op_type, "Conv");
  EXPECT_EQ(cost.by_op_type[0].nodes, 2u);
  EXPECT_EQ(cost.by_op_type[0].flops, 2 * conv);
  EXPECT_EQ(cost.by_op_type[1].op_type, "BatchNormalization");
  EXPECT_EQ(cost.by_op_type[2].op_type, "Relu");
  EXPECT_EQ(cost.by_op_type[2].flops, 2 * relu);
  EXPECT_EQ(cost.by_op_type[3].op_type, "Add");
  EXPECT_EQ(cost.flop_convention, kFlopConvention);
}

// Every model of Debian's libonnx-testdata (one per op, mostly, with fixed shapes): costing never
// throws, an unknown value always comes with its reason, and a known one never has one.
TEST(NodeCostTest, EveryTestdataModelIsCostedWithAReasonForEachUnknown) {
  std::vector<std::string> paths;
  std::error_code ec;
  for (const auto& suite : std::filesystem::directory_iterator(ORTKIT_ONNX_TESTDATA_DIR, ec)) {
    for (const auto& test_case : std::filesystem::directory_iterator(suite.path(), ec)) {
      const auto model = test_case.path() / "model.onnx";
      if (std::filesystem::is_regular_file(model)) paths.push_back(model.string());
    }
  }
  if (paths.empty()) GTEST_SKIP() << "libonnx-testdata is not installed at " << ORTKIT_ONNX_TESTDATA_DIR;
  std::sort(paths.begin(), paths.end());
  SummaryOptions options;
  options.cost = true;
  uint64_t nodes = 0, known = 0;
  for (const std::string& path : paths) {
    const ModelSummary s = SummarizeModel(path, options);
    ASSERT_TRUE(s.cost.has_value()) << path;
    for (const NodeCost& n : s.cost->nodes) {
      ++nodes;
      const bool all_known = n.flops && n.bytes();
      EXPECT_EQ(n.unknown_reason.empty(), all_known) << path << " node " << n.index << " (" << n.op_type << ")";
      if (n.flops) ++known;
    }
    if (HasFailure()) break;  // one model's differences are enough to read
  }
  EXPECT_GT(paths.size(), 1000u);
  // Most test models are single ops this file has formulas for.
  EXPECT_GT(known * 2, nodes) << known << " of " << nodes << " nodes have known FLOPs";
  std::cout << known << " of " << nodes << " nodes of " << paths.size() << " models have known FLOPs\n";
}

}  // namespace
}  // namespace ortkit::graph
