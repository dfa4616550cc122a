// Tests of the quantize-static pass: calibration ranges, the QDQ graph it writes, the integer
// kernels ORT turns it into, what it leaves and why, and what it costs in accuracy.
#include <map>
#include <string>

#include <gtest/gtest.h>

#include "compare/accuracy_gate.h"
#include "graph/fix_engine.h"
#include "graph/fixes/calibration.h"
#include "graph/fixes/fix_test_util.h"
#include "graph/fixes/ort_optimize.h"
#include "graph/model_builder.h"
#include "graph/model_file.h"
#include "ortkit/error.h"
#include "testing/compress_models.h"
#include "testing/temp_dir.h"
#include "testing/test_models.h"
#include "workload/calibration_sets.h"

namespace ortkit::testing {
namespace {

constexpr const char* kPass = "quantize-static";


const onnx::TensorProto* FindInitializer(const onnx::GraphProto& graph, const std::string& name) {
  for (const auto& t : graph.initializer()) {
    if (t.name() == name) return &t;
  }
  return nullptr;
}

// The small ResNet of these tests: width 8, two stages of two blocks, 32x32 images: 10 Convs (one
// a downsample), 4 Adds, 9 Relus that the pass folds all (each alone reads a Conv's or an Add's
// output), a MaxPool, a GlobalAveragePool and the Gemm.
std::string SmallResNet() { return ExportedResNetModel(8, 2, 10, 32); }

graph::FixOptions Calibrated(const std::string& dir) {
  graph::FixOptions options;
  options.calibration_dir = dir;
  return options;
}

compare::GateResult GateOnSets(const onnx::ModelProto& original, const onnx::ModelProto& candidate,
                               const std::string& dir) {
  const std::string a = graph::SerializeModel(original), b = graph::SerializeModel(candidate);
  const Model reference = Model::FromBytes(a.data(), a.size(), {}, "<original>");
  const Model fixed = Model::FromBytes(b.data(), b.size(), {}, "<quantized>");
  compare::AccuracyGate gate({});
  for (const auto& set : workload::ReadCalibrationSets(dir, reference.inputs())) {
    gate.Add(fixed.run(set.inputs), reference.run(set.inputs));
  }
  return gate.Result();
}

TEST(QuantizeStaticTest, RefusesWithoutCalibrationData) {
  onnx::ModelProto model = Parse(SmallResNet());
  try {
    ApplyPass(kPass, model);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.category(), ErrorCategory::kConfig);
    EXPECT_NE(std::string(e.what()).find("--calibration DIR"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("random inputs"), std::string::npos) << e.what();
  }
  graph::FixOptions options;
  options.passes = {kPass};
  EXPECT_THROW(options.Validate(), Error);
}

TEST(QuantizeStaticTest, QuantizesEveryConvAddPoolAndGemmOfAResNet) {
  TempDir dir;
  const std::string bytes = SmallResNet();
  WriteCalibrationSets(dir.path() + "/calib", bytes, 4, {{"batch", 1}});
  onnx::ModelProto model = Parse(bytes);
  const graph::FixChanges c = ApplyPass(kPass, model, Calibrated(dir.path() + "/calib"));
  // 10 Convs, 4 Adds, MaxPool, GlobalAveragePool, Gemm.
  EXPECT_EQ(c.Get("nodes_quantized"), 17) << ::testing::PrintToString(c.details);
  EXPECT_EQ(c.Get("nodes_left"), 0) << ::testing::PrintToString(c.details);
  EXPECT_EQ(c.Get("relus_folded"), 9);
  EXPECT_GT(c.Get("weight_bytes_before"), 3 * c.Get("weight_bytes_after"));
  auto ops = OpCounts(model.graph());
  EXPECT_EQ(ops.count("Relu"), 0u);
  EXPECT_EQ(ops["Conv"], 10);
  // Every quantized tensor has one Q; each quantized node reads its own DQs.
  EXPECT_GT(ops["QuantizeLinear"], 10);
  EXPECT_GT(ops["DequantizeLinear"], ops["QuantizeLinear"]);
  const onnx::TensorProto* w = FindInitializer(model.graph(), "conv1.weight_quantized");
  ASSERT_NE(w, nullptr);
  EXPECT_EQ(w->data_type(), onnx::TensorProto::INT8);
  const onnx::TensorProto* scales = FindInitializer(model.graph(), "conv1.weight_scale");
  ASSERT_NE(scales, nullptr);
  EXPECT_EQ(scales->dims(0), 8);  // one per output channel
  EXPECT_EQ(FindInitializer(model.graph(), "conv1.weight"), nullptr);  // the float weight is gone
  const onnx::TensorProto* bias = FindInitializer(model.graph(), "conv1.bias_quantized");
  ASSERT_NE(bias, nullptr);
  EXPECT_EQ(bias->data_type(), onnx::TensorProto::INT32);
  // The graph's interface is unchanged.
  ASSERT_EQ(model.graph().output_size(), 1);
  EXPECT_EQ(model.graph().output(0).name(), "logits");
  EXPECT_EQ(graph::CheckerError(model), "");
}

TEST(QuantizeStaticTest, OrtRunsTheResultOnItsIntegerKernels) {
  TempDir dir;
  const std::string bytes = SmallResNet();
  WriteCalibrationSets(dir.path() + "/calib", bytes, 2, {{"batch", 1}});
  onnx::ModelProto model = Parse(bytes);
  ApplyPass(kPass, model, Calibrated(dir.path() + "/calib"));
  const onnx::ModelProto optimised = Parse(
      graph::OptimizeWithOrt(graph::SerializeModel(model), OptimizationLevel::kExtended, graph::ModelFormat::kOnnx, "<q>"));
  auto ops = OpCounts(optimised.graph());
  EXPECT_EQ(ops["QLinearConv"], 10) << ::testing::PrintToString(ops);
  EXPECT_EQ(ops["QLinearAdd"], 4) << ::testing::PrintToString(ops);
  EXPECT_EQ(ops["QLinearGlobalAveragePool"], 1) << ::testing::PrintToString(ops);
  EXPECT_EQ(ops["QGemm"], 1) << ::testing::PrintToString(ops);
  EXPECT_EQ(ops.count("Conv"), 0u) << ::testing::PrintToString(ops);
  EXPECT_EQ(ops.count("Relu"), 0u) << ::testing::PrintToString(ops);
  // Only the image's Q and the logits' DQ stay at the float boundary; MaxPool runs on uint8.
  EXPECT_EQ(ops["QuantizeLinear"], 1) << ::testing::PrintToString(ops);
  EXPECT_EQ(ops["DequantizeLinear"], 1) << ::testing::PrintToString(ops);
}

TEST(QuantizeStaticTest, QuantizedResNetKeepsCosineAbove099OnItsCalibrationSets) {
  TempDir dir;
  const std::string bytes = SmallResNet();
  WriteCalibrationSets(dir.path() + "/calib", bytes, 8, {{"batch", 2}});
  const onnx::ModelProto original = Parse(bytes);
  for (auto method : {graph::CalibrationMethod::kMinMax, graph::CalibrationMethod::kPercentile}) {
    onnx::ModelProto model = original;
    graph::FixOptions options = Calibrated(dir.path() + "/calib");
    options.calibration_method = method;
    ApplyPass(kPass, model, options);
    const compare::GateResult g = GateOnSets(original, model, dir.path() + "/calib");
    ASSERT_EQ(g.outputs.size(), 1u);
    EXPECT_GT(g.outputs[0].cosine, 0.99) << graph::ToString(method);
    EXPECT_LT(g.outputs[0].cosine, 1.0) << "quantization changes numerics";
  }
}

TEST(QuantizeStaticTest, PercentileIgnoresARareOutlierThatMinMaxKeeps) {
  // x -> Relu -> y: the range of x over sets where one value in 32768 is 1000.
  graph::ModelBuilder b("outlier_range", 17);
  const std::string bytes = b.Input("x", ElementType::kFloat32, {1, 32768})
                                .Node("Relu", {"x"}, {"y"}, {}, "/act/Relu")
                                .Output("y", ElementType::kFloat32, {1, 32768})
                                .Serialize();
  std::vector<workload::CalibrationSet> sets;
  for (int s = 0; s < 2; ++s) {
    std::vector<float> v(32768);
    for (std::size_t i = 0; i < v.size(); ++i) v[i] = static_cast<float>((i * 7919 + s) % 1000) / 250.0f - 2.0f;
    v[123] = 1000.0f;
    sets.push_back({"set" + std::to_string(s), {{"x", Tensor::FromVector(std::move(v), {1, 32768})}}});
  }
  const onnx::ModelProto model = Parse(bytes);
  graph::FixOptions options;
  options.calibration_method = graph::CalibrationMethod::kMinMax;
  const auto minmax = graph::fixes::Calibrate(model, {"x", "y"}, sets, options, "<m>");
  EXPECT_FLOAT_EQ(minmax.ranges.at("x").high, 1000.0f);
  EXPECT_FLOAT_EQ(minmax.ranges.at("x").low, -2.0f);
  EXPECT_FLOAT_EQ(minmax.ranges.at("y").low, 0.0f);
  options.calibration_method = graph::CalibrationMethod::kPercentile;
  options.calibration_percentile = 99.9;
  const auto pct = graph::fixes::Calibrate(model, {"x", "y"}, sets, options, "<m>");
  EXPECT_LT(pct.ranges.at("x").high, 2.5f);   // the outlier is 1 value in 32768, beyond the 99.9th percentile
  EXPECT_GT(pct.ranges.at("x").high, 1.9f);   // the bulk ends near 2
  EXPECT_FLOAT_EQ(pct.ranges.at("x").max, 1000.0f);
  EXPECT_EQ(pct.ranges.at("x").values, 2 * 32768);
  EXPECT_EQ(pct.sets, 2);
}

TEST(QuantizeStaticTest, LeavesWhatItCannotQuantizeAndSaysWhy) {
  TempDir dir;
  const std::string bytes = GemmMlpModel();
  WriteCalibrationSets(dir.path() + "/calib", bytes, 2, {{"batch", 4}});
  onnx::ModelProto model = Parse(bytes);
  const graph::FixChanges c = ApplyPass(kPass, model, Calibrated(dir.path() + "/calib"));
  const std::string details = ::testing::PrintToString(c.details);
  // fc1 has alpha 0.5 and beta 2; fc2, tiny and the gram MatMul (two activations) are quantized.
  EXPECT_NE(details.find("'/fc1/Gemm' (Gemm): left float: Gemm with transA, alpha or beta"), std::string::npos)
      << details;
  EXPECT_EQ(c.Get("nodes_quantized"), 3) << details;
  EXPECT_EQ(c.Get("nodes_left"), 1) << details;
  // The Relu after the float fc1 stays: nothing folds it.
  EXPECT_EQ(OpCounts(model.graph())["Relu"], 1);
  EXPECT_EQ(graph::CheckerError(model), "");
  const std::string fixed = graph::SerializeModel(model);
  EXPECT_NO_THROW(Model::FromBytes(fixed.data(), fixed.size(), {}, "<q>"));
}

TEST(QuantizeStaticTest, IncludeExcludeAndInt8Activations) {
  TempDir dir;
  const std::string bytes = SmallResNet();
  WriteCalibrationSets(dir.path() + "/calib", bytes, 2, {{"batch", 1}});
  onnx::ModelProto model = Parse(bytes);
  graph::FixOptions options = Calibrated(dir.path() + "/calib");
  options.exclude_nodes = {"/layer2/*"};
  options.activations_int8 = true;
  const graph::FixChanges c = ApplyPass(kPass, model, options);
  EXPECT_EQ(c.Get("nodes_left"), 7) << ::testing::PrintToString(c.details);  // 5 Convs and 2 Adds in layer2
  EXPECT_EQ(c.Get("nodes_quantized"), 10) << ::testing::PrintToString(c.details);
  const onnx::TensorProto* zp = FindInitializer(model.graph(), "image_zero_point");
  ASSERT_NE(zp, nullptr);
  EXPECT_EQ(zp->data_type(), onnx::TensorProto::INT8);
  EXPECT_EQ(graph::CheckerError(model), "");
}

TEST(QuantizeStaticTest, FixGatesOnTheCalibrationSets) {
  TempDir dir;
  const std::string bytes = SmallResNet();
  WriteCalibrationSets(dir.path() + "/calib", bytes, 3, {{"batch", 1}});
  const std::string in = dir.path() + "/resnet.onnx", out = dir.path() + "/int8.onnx";
  WriteFile(in, bytes);
  graph::FixOptions options = Calibrated(dir.path() + "/calib");
  options.passes = {kPass};
  const graph::FixReport report = graph::FixModel(in, out, options);
  ASSERT_TRUE(report.verification.gate.has_value());
  EXPECT_EQ(report.verification.gate->samples, 3);
  EXPECT_EQ(report.verification.gate->inputs, "calibration sets of " + dir.path() + "/calib");
  EXPECT_TRUE(report.verification.passed) << report.verification.failure;
  EXPECT_TRUE(report.written);
  EXPECT_LT(report.output_bytes, report.input_bytes);  // names and scales weigh much in so small a model
}

}  // namespace
}  // namespace ortkit::testing
