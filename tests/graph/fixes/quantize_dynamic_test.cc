// Tests of the quantize-dynamic pass: what it rewrites and leaves, that ORT loads the result and
// fuses it into its int8 kernel, and what it costs in accuracy.
#include <algorithm>
#include <cstdlib>
#include <map>
#include <string>

#include <gtest/gtest.h>

#include "compare/accuracy_gate.h"
#include "graph/fix_engine.h"
#include "graph/fixes/fix_test_util.h"
#include "graph/fixes/ort_optimize.h"
#include "graph/fixes/pass.h"
#include "graph/model_builder.h"
#include "graph/model_file.h"
#include "ortkit/error.h"
#include "testing/compress_models.h"
#include "workload/inputs.h"

namespace ortkit::testing {
namespace {

constexpr const char* kPass = "quantize-dynamic";


int64_t InitializerBytes(const onnx::GraphProto& graph) {
  int64_t bytes = 0;
  for (const auto& t : graph.initializer()) bytes += static_cast<int64_t>(t.raw_data().size());
  return bytes;
}

bool HasInitializer(const onnx::GraphProto& graph, const std::string& name) {
  for (const auto& t : graph.initializer()) {
    if (t.name() == name) return true;
  }
  return false;
}

// Runs both models (ORT defaults: all optimisations, as users run them) on `samples` seeded input
// sets with the free dims `dims` and returns the gate's verdict.
compare::GateResult Gate(const onnx::ModelProto& original, const onnx::ModelProto& candidate,
                         const workload::DimSizes& dims, int samples = 4, compare::GateOptions options = {}) {
  const std::string a = graph::SerializeModel(original), b = graph::SerializeModel(candidate);
  const Model reference = Model::FromBytes(a.data(), a.size(), {}, "<original>");
  const Model fixed = Model::FromBytes(b.data(), b.size(), {}, "<quantized>");
  compare::AccuracyGate gate(options);
  for (int s = 0; s < samples; ++s) {
    const NamedValues inputs = workload::SeededInputs(reference.inputs(), static_cast<uint64_t>(s), dims);
    gate.Add(fixed.run(inputs), reference.run(inputs));
  }
  return gate.Result();
}

TEST(QuantizeDynamicTest, QuantizesEveryLargeMatMulOfAnExportedEncoder) {
  onnx::ModelProto model = Parse(ExportedEncoderModel(64, 2));
  const int64_t bytes_before = InitializerBytes(model.graph());
  const graph::FixChanges c = ApplyPass(kPass, model);
  // Six Linear layers per encoder layer, and the head.
  EXPECT_EQ(c.Get("nodes_quantized"), 13);
  EXPECT_EQ(c.Get("nodes_left"), 4);  // the two attention MatMuls per layer: both inputs computed
  auto ops = OpCounts(model.graph());
  EXPECT_EQ(ops["DynamicQuantizeLinear"], 13);
  EXPECT_EQ(ops["MatMulInteger"], 13);
  EXPECT_EQ(ops["MatMul"], 4);
  EXPECT_FALSE(HasInitializer(model.graph(), "encoder.layer.0.mlp.fc1.weight"));
  EXPECT_TRUE(HasInitializer(model.graph(), "encoder.layer.0.mlp.fc1.weight_quantized"));
  // int8 values plus one float scale per column: about a quarter of the float bytes.
  EXPECT_LT(static_cast<double>(c.Get("weight_bytes_after")) / static_cast<double>(c.Get("weight_bytes_before")), 0.27);
  EXPECT_LT(InitializerBytes(model.graph()), bytes_before / 3);
  EXPECT_EQ(graph::CheckerError(model), "");
  bool reported = false;
  for (const auto& d : c.details) {
    reported |= d.find("'/encoder/layer.1/mlp/fc2/MatMul' (MatMul): quantized: weight 'encoder.layer.1.mlp.fc2.weight' "
                       "[256x64], 65536 -> 16640 bytes") != std::string::npos;
  }
  EXPECT_TRUE(reported) << ::testing::PrintToString(c.details);
}

TEST(QuantizeDynamicTest, OrtFusesTheResultIntoDynamicQuantizeMatMul) {
  onnx::ModelProto model = Parse(ExportedEncoderModel(64, 2));
  ApplyPass(kPass, model);
  // What ORT saves after its extended optimisations: the integer chain (MatMulInteger, Cast, the
  // two Muls, the bias Add) and its DynamicQuantizeLinear became one com.microsoft kernel each.
  const onnx::ModelProto optimised = Parse(
      graph::OptimizeWithOrt(graph::SerializeModel(model), OptimizationLevel::kExtended, graph::ModelFormat::kOnnx, "<q>"));
  // ORT's common subexpression elimination merges the q, k and v projections' three
  // DynamicQuantizeLinear nodes (same input) into one, which then feeds three MatMulIntegerToFloat
  // instead of fusing into DynamicQuantizeMatMul: every quantized MatMul still ends in a fused kernel.
  auto ops = OpCounts(optimised.graph());
  EXPECT_EQ(ops["DynamicQuantizeMatMul"] + ops["MatMulIntegerToFloat"], 13) << ::testing::PrintToString(ops);
  EXPECT_EQ(ops["DynamicQuantizeMatMul"], 7) << ::testing::PrintToString(ops);  // fc1, fc2, out_proj per layer, head
  EXPECT_EQ(ops["DynamicQuantizeLinear"], 2);  // one per layer, shared by q, k, v
  EXPECT_EQ(ops.count("MatMulInteger"), 0u);
  EXPECT_EQ(ops.count("Cast"), 0u);
}

TEST(QuantizeDynamicTest, QuantizedEncoderKeepsCosineAbove099) {
  const onnx::ModelProto original = Parse(ExportedEncoderModel(64, 2));
  onnx::ModelProto model = original;
  ApplyPass(kPass, model);
  const compare::GateResult g = Gate(original, model, {{"batch", 2}, {"seq", 16}});
  ASSERT_EQ(g.outputs.size(), 2u);
  // Cosine is the target. Top-1 agreement on random weights is judged loosely: their near-ties flip
  // a few argmaxes depending on the CPU's int8 kernel and the weights' bits (measured: 3 of 128
  // rows at 7 bits on an AVX-512 VNNI EPYC, at most 1 at 8 bits), while a wrong scale or layout
  // agrees on a few percent of rows at best.
  for (const auto& o : g.outputs) {
    EXPECT_GE(o.cosine, 0.99) << o.name;
    EXPECT_LE(o.top1_disagreement(), 0.05) << o.name << ": " << o.failure;
  }
  EXPECT_TRUE(g.outputs[1].scores);  // logits [2,16,32]
  EXPECT_EQ(g.outputs[1].rows, 4 * 2 * 16);
}

TEST(QuantizeDynamicTest, GemmFoldsAlphaBetaAndTransBAndLeavesWhatItCannotQuantize) {
  const onnx::ModelProto original = Parse(GemmMlpModel());
  onnx::ModelProto model = original;
  const graph::FixChanges c = ApplyPass(kPass, model);
  EXPECT_EQ(c.Get("nodes_quantized"), 2);
  EXPECT_EQ(c.Get("nodes_left"), 2);
  const std::string details = ::testing::PrintToString(c.details);
  EXPECT_NE(details.find("'/fc1/Gemm' (Gemm): quantized: weight 'fc1.weight' [128x64] (transposed)"), std::string::npos)
      << details;
  EXPECT_NE(details.find("'/tiny/MatMul' (MatMul): left float: B 'tiny.weight' is 400 bytes, under --min-weight-bytes "
                         "1024"),
            std::string::npos)
      << details;
  EXPECT_NE(details.find("'/gram/MatMul' (MatMul): left float: B '/gram/Transpose_output_0' is not a constant"),
            std::string::npos)
      << details;
  EXPECT_EQ(OpCounts(model.graph())["Gemm"], 0);
  EXPECT_EQ(graph::CheckerError(model), "");
  // alpha, beta and transB folded wrongly would show as a cosine far from 1 (top-1 on 32 rows of
  // random weights is judged loosely, as in the encoder's case above).
  const compare::GateResult g = Gate(original, model, {{"batch", 8}});
  for (const auto& o : g.outputs) {
    EXPECT_GE(o.cosine, 0.99) << o.name;
    EXPECT_LE(o.top1_disagreement(), 0.1) << o.name << ": " << o.failure;
  }
}

TEST(QuantizeDynamicTest, MinWeightBytesZeroQuantizesSmallWeightsToo) {
  onnx::ModelProto model = Parse(GemmMlpModel());
  graph::FixOptions options;
  options.quantize_min_weight_bytes = 0;
  EXPECT_EQ(ApplyPass(kPass, model, options).Get("nodes_quantized"), 3);
}

TEST(QuantizeDynamicTest, ExcludeAndIncludePatternsChooseTheNodes) {
  graph::FixOptions exclude;
  exclude.exclude_nodes = {"/encoder/layer.1/*"};
  onnx::ModelProto a = Parse(ExportedEncoderModel(64, 2));
  const graph::FixChanges ca = ApplyPass(kPass, a, exclude);
  EXPECT_EQ(ca.Get("nodes_quantized"), 7);  // layer 0 and the head
  EXPECT_NE(::testing::PrintToString(ca.details)
                .find("'/encoder/layer.1/mlp/fc1/MatMul' (MatMul): left float: excluded by --exclude-nodes "
                      "'/encoder/layer.1/*'"),
            std::string::npos);

  graph::FixOptions include;
  include.include_nodes = {"*/mlp/fc?/MatMul", "/head/MatMul"};
  onnx::ModelProto b = Parse(ExportedEncoderModel(64, 2));
  EXPECT_EQ(ApplyPass(kPass, b, include).Get("nodes_quantized"), 5);

  graph::FixOptions by_name;
  by_name.include_nodes = {"/head/MatMul"};
  by_name.exclude_nodes = {"/head/MatMul"};  // exclusion wins
  onnx::ModelProto m = Parse(ExportedEncoderModel(64, 2));
  EXPECT_EQ(ApplyPass(kPass, m, by_name).Get("nodes_quantized"), 0);
}

TEST(QuantizeDynamicTest, ConstantNodeWeightsAreQuantizedAndTheConstantGoes) {
  graph::ModelBuilder b("constant_weight", 17);
  b.Input("x", ElementType::kFloat32, {"batch", 32})
      .Node("Constant", {}, {"/fc/Constant_output_0"},
            {graph::Attr::Tensor("value", graph::MakeTensor("", graph::SeededWeights(32 * 16, 0.3f, 1), {32, 16}))},
            "/fc/Constant")
      .Node("MatMul", {"x", "/fc/Constant_output_0"}, {"y"}, {}, "/fc/MatMul")
      .Output("y", ElementType::kFloat32, {"batch", 16});
  onnx::ModelProto model = b.proto();
  EXPECT_EQ(ApplyPass(kPass, model).Get("nodes_quantized"), 1);
  EXPECT_EQ(OpCounts(model.graph()).count("Constant"), 0u);
  EXPECT_TRUE(Gate(b.proto(), model, {{"batch", 16}}).passed);
}

TEST(QuantizeDynamicTest, WeightsCallersMayReplaceAndNonFloatWeightsAreLeft) {
  graph::ModelBuilder b("overridable", 17);
  b.Input("x", ElementType::kFloat32, {1, 32})
      .Input("w", ElementType::kFloat32, {32, 16})
      .Initializer("w", graph::SeededWeights(32 * 16, 0.3f, 1), {32, 16})
      .Initializer("w64", std::vector<double>(32 * 16, 0.5), {32, 16})
      .Node("MatMul", {"x", "w"}, {"y"}, {}, "/a/MatMul")
      .Node("Cast", {"x"}, {"x64"}, {graph::Attr::Int("to", onnx::TensorProto::DOUBLE)}, "/b/Cast")
      .Node("MatMul", {"x64", "w64"}, {"z"}, {}, "/b/MatMul")
      .Output("y", ElementType::kFloat32, {1, 16})
      .Output("z", ElementType::kFloat64, {1, 16});
  onnx::ModelProto model = b.proto();
  const graph::FixChanges c = ApplyPass(kPass, model);
  EXPECT_EQ(c.Get("nodes_quantized"), 0);
  EXPECT_EQ(c.Get("nodes_left"), 2);
  const std::string details = ::testing::PrintToString(c.details);
  EXPECT_NE(details.find("B 'w' is also a graph input, so callers may replace it"), std::string::npos) << details;
  EXPECT_NE(details.find("B 'w64' is not float32"), std::string::npos) << details;
  EXPECT_EQ(model.SerializeAsString(), b.proto().SerializeAsString());  // nothing changed at all
}

TEST(QuantizeDynamicTest, PerTensorScalesOnAnOutlierWeightFailTheGate) {
  const onnx::ModelProto original = Parse(OutlierWeightModel());
  onnx::ModelProto per_column = original;
  ApplyPass(kPass, per_column);
  EXPECT_TRUE(Gate(original, per_column, {{"batch", 64}}).passed);

  onnx::ModelProto per_tensor = original;
  graph::FixOptions options;
  options.quantize_per_tensor = true;
  ApplyPass(kPass, per_tensor, options);
  const compare::GateResult g = Gate(original, per_tensor, {{"batch", 64}});
  EXPECT_FALSE(g.passed);
  ASSERT_EQ(g.outputs.size(), 1u);
  EXPECT_GT(g.outputs[0].top1_disagreement(), 0.01);
  EXPECT_NE(g.outputs[0].failure.find("top-1 disagreement"), std::string::npos) << g.outputs[0].failure;
}

TEST(QuantizeDynamicTest, WeightsAreSevenOrEightBitAsAskedAndByThisCpuOtherwise) {
  const auto max_abs_q = [](const onnx::ModelProto& m) {
    int most = 0;
    for (const auto& t : m.graph().initializer()) {
      if (t.data_type() != onnx::TensorProto::INT8) continue;
      for (char v : t.raw_data()) most = std::max(most, std::abs(static_cast<int>(static_cast<int8_t>(v))));
    }
    return most;
  };
  graph::FixOptions options;
  options.quantize_reduce_range = true;
  onnx::ModelProto reduced = Parse(OutlierWeightModel());
  ApplyPass(kPass, reduced, options);
  EXPECT_EQ(max_abs_q(reduced), 64);
  onnx::ModelProto full = Parse(OutlierWeightModel());
  options.quantize_reduce_range = false;
  ApplyPass(kPass, full, options);
  EXPECT_EQ(max_abs_q(full), 127);
  // Unset: chosen by this CPU, and the report says which and why.
  onnx::ModelProto chosen = Parse(OutlierWeightModel());
  const graph::FixChanges c = ApplyPass(kPass, chosen);
  const std::string details = ::testing::PrintToString(c.details);
  const bool seven = details.find("weights are 7-bit: this CPU has no VNNI") != std::string::npos;
  const bool eight = details.find("weights are 8-bit: this CPU's int8 kernels sum exactly") != std::string::npos;
  ASSERT_NE(seven, eight) << details;
  EXPECT_EQ(max_abs_q(chosen), seven ? 64 : 127);
}

TEST(QuantizeDynamicTest, OldOpsetsAreLeftWithTheReason) {
  graph::ModelBuilder b("old", 10);
  b.Input("x", ElementType::kFloat32, {1, 32})
      .Initializer("w", graph::SeededWeights(32 * 16, 0.3f, 1), {32, 16})
      .Node("MatMul", {"x", "w"}, {"y"}, {}, "/a/MatMul")
      .Output("y", ElementType::kFloat32, {1, 16});
  onnx::ModelProto model = b.proto();
  const graph::FixChanges c = ApplyPass(kPass, model);
  EXPECT_EQ(c.Get("nodes_quantized"), 0);
  EXPECT_NE(::testing::PrintToString(c.details).find("opset 10; DynamicQuantizeLinear needs 11"), std::string::npos);
}

}  // namespace
}  // namespace ortkit::testing
