// Tests of RunComparison: two models or two session configs on the same inputs.
#include "compare/compare_run.h"

#include <gtest/gtest.h>

#include "graph/model_builder.h"
#include "ortkit/error.h"
#include "ortkit/runtime.h"
#include "ortkit/tensor_io.h"
#include "testing/temp_dir.h"
#include "testing/test_models.h"

namespace ortkit::compare {
namespace {

using graph::ModelBuilder;

// z = (x + y) + [0.5, 0, 0]: the AddModel with its first column off by exactly 0.5.
std::string PerturbedAddModel() {
  return ModelBuilder("perturbed_add")
      .Input("x", ElementType::kFloat32, {"batch", 3})
      .Input("y", ElementType::kFloat32, {"batch", 3})
      .Initializer("eps", std::vector<float>{0.5f, 0, 0}, {3})
      .Node("Add", {"x", "y"}, {"sum"})
      .Node("Add", {"sum", "eps"}, {"z"})
      .Output("z", ElementType::kFloat32, {"batch", 3})
      .Serialize();
}

class CompareRunTest : public ::testing::Test {
 protected:
  void SetUp() override {
    testing::WriteFile(Path("add.onnx"), testing::AddModel());
    testing::WriteFile(Path("add_copy.onnx"), testing::AddModel());
    testing::WriteFile(Path("perturbed.onnx"), PerturbedAddModel());
    WriteNpy(Path("x.npy"), Tensor::FromVector<float>({1, 2, 3, 4, 5, 6}, {2, 3}));
    WriteNpy(Path("y.npy"), Tensor::FromVector<float>({0, 0, 0, 0, 0, 0}, {2, 3}));
  }
  std::string Path(const std::string& name) const { return dir_.File(name); }

  CompareRequest Request(const std::string& a, const std::string& b) const {
    CompareRequest request;
    request.a.model_path = Path(a);
    request.b.model_path = Path(b);
    return request;
  }

  std::string ErrorOf(const CompareRequest& request) const {
    try {
      RunComparison(request);
    } catch (const Error& e) {
      return e.what();
    }
    return "no error";
  }

  testing::TempDir dir_;
};

TEST_F(CompareRunTest, EqualModelsPassWithZeroErrorOnTheSameSeededInputs) {
  CompareRequest request = Request("add.onnx", "add_copy.onnx");
  request.inputs.dims = {{"batch", 4}};
  request.inputs.seed = 9;
  request.tolerance = Tolerance{0, 0};
  const CompareReport report = RunComparison(request);
  EXPECT_TRUE(report.comparison.pass);
  ASSERT_EQ(report.comparison.outputs.size(), 1u);
  EXPECT_EQ(report.comparison.outputs[0].elements, 12);
  EXPECT_EQ(report.comparison.outputs[0].max_abs, 0);
  ASSERT_EQ(report.inputs.size(), 2u);
  EXPECT_EQ(report.inputs[0].source, "random(9)");
  EXPECT_EQ(report.inputs[0].shape, (Shape{4, 3}));
  EXPECT_EQ(report.a.providers, std::vector<std::string>{"CPUExecutionProvider"});
}

TEST_F(CompareRunTest, APerturbedModelFailsWithExactFigures) {
  CompareRequest request = Request("perturbed.onnx", "add.onnx");
  request.inputs.files = {{"x", Path("x.npy")}, {"y", Path("y.npy")}};
  const CompareReport report = RunComparison(request);
  EXPECT_FALSE(report.comparison.pass);
  const OutputDiff& z = report.comparison.outputs[0];
  EXPECT_EQ(z.name, "z");
  EXPECT_EQ(z.elements, 6);
  EXPECT_EQ(z.mismatches, 2);     // the first column of both rows
  EXPECT_EQ(z.max_abs, 0.5);      // 1.5 vs 1 and 4.5 vs 4
  EXPECT_EQ(z.max_rel, 0.5);      // 0.5 / 1
  EXPECT_EQ(report.inputs[0].source, "file:" + Path("x.npy"));
  // A looser tolerance lets it pass: 0.5 <= 0.5 + 0 * |b|.
  request.tolerance = Tolerance{0, 0.5};
  EXPECT_TRUE(RunComparison(request).comparison.pass);
}

TEST_F(CompareRunTest, OneModelUnderTwoOptimizationLevelsViaConfigFiles) {
  testing::WriteFile(Path("convnet.onnx"), testing::ConvNetModel());
  SessionConfig off, all;
  off.optimization_level = OptimizationLevel::kDisabled;
  all.optimization_level = OptimizationLevel::kAll;
  off.SaveToFile(Path("off.json"));
  all.SaveToFile(Path("all.json"));
  CompareRequest request = Request("convnet.onnx", "convnet.onnx");
  request.a.config_path = Path("off.json");
  request.b.config_path = Path("all.json");
  request.inputs.dims = {{"batch", 2}};
  const CompareReport report = RunComparison(request);
  EXPECT_EQ(report.a.optimization, OptimizationLevel::kDisabled);
  EXPECT_EQ(report.b.optimization, OptimizationLevel::kAll);
  EXPECT_TRUE(report.comparison.pass) << report.comparison.outputs[0].max_abs;
  EXPECT_EQ(report.comparison.outputs[0].elements, 20);
}

TEST_F(CompareRunTest, TheOptimizationOverrideReplacesTheConfigsLevel) {
  SideRequest side;
  side.optimization = OptimizationLevel::kBasic;
  EXPECT_EQ(MakeSideConfig(side).optimization_level, OptimizationLevel::kBasic);
  side.provider = "webgpu";
  EXPECT_EQ(MakeSideConfig(side).providers, (std::vector<ProviderConfig>{ProviderConfig{"webgpu", {}}}));
}

TEST_F(CompareRunTest, CpuAgainstWebGpuOnTheAddModel) {
  if (!ProviderUsable("webgpu")) GTEST_SKIP() << "WebGPU is not usable here";
  CompareRequest request = Request("add.onnx", "add.onnx");
  request.a.provider = "cpu";
  request.b.provider = "webgpu";
  const CompareReport report = RunComparison(request);
  EXPECT_EQ(report.b.providers.front(), "WebGpuExecutionProvider");
  EXPECT_TRUE(report.comparison.pass) << report.comparison.outputs[0].max_abs;
}

TEST_F(CompareRunTest, SavedInputsFedBackGiveIdenticalOutputs) {
  CompareRequest request = Request("perturbed.onnx", "add.onnx");
  request.inputs.dims = {{"batch", 3}};
  request.inputs.seed = 5;
  const CompareReport first = RunComparison(request);
  WriteTensorProto(Path("x.pb"), FindValue(first.input_values, "x").tensor(), "x");
  WriteNpy(Path("y2.npy"), FindValue(first.input_values, "y").tensor());
  request.inputs.files = {{"x", Path("x.pb")}, {"y", Path("y2.npy")}};
  const CompareReport second = RunComparison(request);
  EXPECT_TRUE(CompareOutputs(first.outputs_a, second.outputs_a, Tolerance{0, 0}).pass);
  EXPECT_TRUE(CompareOutputs(first.outputs_b, second.outputs_b, Tolerance{0, 0}).pass);
  EXPECT_EQ(first.comparison.outputs[0].max_abs, second.comparison.outputs[0].max_abs);
}

TEST_F(CompareRunTest, DifferentInputOrOutputNamesAreRefusedListingBoth) {
  testing::WriteFile(Path("xw.onnx"), ModelBuilder("xw")
                                          .Input("x", ElementType::kFloat32, {"batch", 3})
                                          .Input("w", ElementType::kFloat32, {"batch", 3})
                                          .Node("Add", {"x", "w"}, {"z"})
                                          .Output("z", ElementType::kFloat32, {"batch", 3})
                                          .Serialize());
  EXPECT_EQ(ErrorOf(Request("add.onnx", "xw.onnx")),
            "inputs differ, and compare pairs them by name: only in A: y; only in B: w; A has x, y; B has x, w");
  testing::WriteFile(Path("out_w.onnx"), ModelBuilder("out_w")
                                             .Input("x", ElementType::kFloat32, {"batch", 3})
                                             .Input("y", ElementType::kFloat32, {"batch", 3})
                                             .Node("Add", {"x", "y"}, {"w"})
                                             .Output("w", ElementType::kFloat32, {"batch", 3})
                                             .Serialize());
  EXPECT_EQ(ErrorOf(Request("add.onnx", "out_w.onnx")),
            "outputs differ, and compare pairs them by name: only in A: z; only in B: w; A has z; B has w");
}

TEST_F(CompareRunTest, DifferentInputTypesAreRefused) {
  testing::WriteFile(Path("x64.onnx"), ModelBuilder("x64")
                                           .Input("x", ElementType::kFloat64, {"batch", 3})
                                           .Input("y", ElementType::kFloat32, {"batch", 3})
                                           .Node("Cast", {"x"}, {"xf"}, {graph::Attr::Int("to", 1)})
                                           .Node("Add", {"xf", "y"}, {"z"})
                                           .Output("z", ElementType::kFloat32, {"batch", 3})
                                           .Serialize());
  EXPECT_EQ(ErrorOf(Request("add.onnx", "x64.onnx")),
            "input 'x' is float32[batch,3] in A but float64[batch,3] in B; both sides are fed the same values, so "
            "the input types must agree");
}

TEST_F(CompareRunTest, TwoIdenticalSidesAreRefused) {
  EXPECT_EQ(ErrorOf(Request("add.onnx", "add.onnx")),
            "both sides are '" + Path("add.onnx") +
                "' under the same session config; give a second model, or two --provider, --config or "
                "--opt-level values");
}

TEST_F(CompareRunTest, ErrorsSayWhichSideFailed) {
  const std::string message = ErrorOf(Request("add.onnx", "missing.onnx"));
  EXPECT_EQ(message.rfind("B: ", 0), 0u) << message;
  EXPECT_NE(message.find("missing.onnx"), std::string::npos) << message;
  CompareRequest bad = Request("add.onnx", "add_copy.onnx");
  bad.tolerance.atol = -1;
  EXPECT_EQ(ErrorOf(bad), "tolerance atol: expected a finite number >= 0, got -1");
}

}  // namespace
}  // namespace ortkit::compare
