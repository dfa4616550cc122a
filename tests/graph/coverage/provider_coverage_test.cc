// Tests of rule ORTKIT009 through the check engine: findings per --target, and ORT's actual
// placement for --provider cpu and webgpu.
#include "graph/checks/provider_coverage.h"

#include <algorithm>

#include <gtest/gtest.h>

#include "graph/check_engine.h"
#include "graph/coverage/coverage_models.h"
#include "graph/model_builder.h"
#include "testing/test_models.h"
#include "ortkit/runtime.h"
#include "testing/temp_dir.h"

namespace ortkit::graph {
namespace {

class ProviderCoverageTest : public ::testing::Test {
 protected:
  std::vector<Finding> Check(const onnx::ModelProto& model, CheckOptions options) {
    path_ = dir_.File("model.onnx");
    SaveModel(model, path_);
    std::vector<std::unique_ptr<Rule>> rules;
    rules.push_back(MakeProviderCoverageRule());
    return RunChecks(path_, options, rules).findings;
  }
  static CheckOptions Targets(std::vector<std::string> targets) {
    CheckOptions options;
    options.targets = std::move(targets);
    options.use_ort = false;
    return options;
  }

  testing::TempDir dir_;
  std::string path_;
};

TEST_F(ProviderCoverageTest, WholeModelOnTheTargetIsInfo) {
  const auto findings = Check(testing::TinyConvNet(), Targets({"xnnpack"}));
  ASSERT_EQ(findings.size(), 1u);
  const Finding& f = findings[0];
  EXPECT_EQ(f.rule_id, "ORTKIT009");
  EXPECT_EQ(f.rule, "provider-coverage");
  EXPECT_EQ(f.severity, Severity::kInfo);
  EXPECT_EQ(f.location_kind, "graph");
  EXPECT_EQ(f.location, "tiny_convnet");
  EXPECT_EQ(f.message, "xnnpack takes all 7 nodes per its op table, in 1 partition; counted on the file's graph (7 nodes), "
                       "as --no-ort is set");
}

TEST_F(ProviderCoverageTest, FallbackInTheMiddleWarnsWithPartitionsAndCopies) {
  const auto findings = Check(testing::ReluSandwich("Round"), Targets({"nnapi", "webgpu"}));
  ASSERT_EQ(findings.size(), 4u);
  // Sorted: the warnings (one per target) before the infos (one per fallback op type and target).
  EXPECT_EQ(findings[0].severity, Severity::kWarning);
  EXPECT_EQ(findings[0].message,
            "nnapi takes 2 of 3 nodes per its op table, in 2 partitions; 1 node falls back to CPU (Round x1); "
            "2 tensors cross between nnapi and CPU, each a hand-over between partitions; counted on the file's graph "
            "(3 nodes), as --no-ort is set");
  EXPECT_EQ(findings[1].message,
            "webgpu takes 2 of 3 nodes per its op table, in 2 partitions; 1 node falls back to CPU (Round x1); "
            "2 tensors cross between webgpu and CPU, each a Memcpy node ORT inserts; counted on the file's graph "
            "(3 nodes), as --no-ort is set");
  const Finding& node = findings[2];
  EXPECT_EQ(node.severity, Severity::kInfo);
  EXPECT_EQ(node.location_kind, "node");
  EXPECT_EQ(node.location, "mid");
  EXPECT_EQ(node.op_type, "Round");
  EXPECT_EQ(node.message, "Round: 1 node falls back to CPU on nnapi (mid): no kernel for ai.onnx:Round");
}

TEST_F(ProviderCoverageTest, ModelWithFreeDimensionsGetsNothingOnNnapi) {
  onnx::ModelProto convnet;
  ASSERT_TRUE(convnet.ParseFromString(testing::ConvNetModel()));
  const auto findings = Check(convnet, Targets({"nnapi"}));
  ASSERT_FALSE(findings.empty());
  EXPECT_EQ(findings[0].severity, Severity::kWarning);
  EXPECT_EQ(findings[0].message,
            "nnapi takes none of the 12 nodes per its op table; all fall back to CPU (Conv x4, Relu x4, Add x1, "
            "Flatten x1, Gemm x1, and 1 more op type); counted on the file's graph (12 nodes), as --no-ort is set");
  const auto conv = std::find_if(findings.begin(), findings.end(), [](const Finding& f) { return f.op_type == "Conv"; });
  ASSERT_NE(conv, findings.end());
  EXPECT_EQ(conv->message,
            "Conv: 4 nodes fall back to CPU on nnapi (stem/Conv, block.conv1/Conv, block.conv2/Conv, down/Conv): "
            "dimension 'batch' is free (it needs static shapes)");
}

TEST_F(ProviderCoverageTest, NodeFindingListsEachDistinctReasonOnce) {
  ModelBuilder b("reasons");
  b.Input("wide", ElementType::kFloat64, {1, 4})
      .Input("free", ElementType::kFloat32, {"n", 4})
      .Output("y64", ElementType::kFloat64, {1, 4})
      .Output("y32", ElementType::kFloat32, {"n", 4})
      .Node("Relu", {"wide"}, {"y64"}, {}, "relu_wide")
      .Node("Relu", {"free"}, {"y32"}, {}, "relu_free");
  const auto findings = Check(b.proto(), Targets({"nnapi"}));
  const auto relu = std::find_if(findings.begin(), findings.end(), [](const Finding& f) { return f.op_type == "Relu"; });
  ASSERT_NE(relu, findings.end());
  EXPECT_EQ(relu->message,
            "Relu: 2 nodes fall back to CPU on nnapi (relu_wide, relu_free): input 0 is float64 (it takes float32); "
            "dimension 'n' is free (it needs static shapes)");
}

TEST_F(ProviderCoverageTest, UnknownTargetIsAnError) {
  const auto findings = Check(testing::ReluSandwich("Neg"), Targets({"tpu"}));
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].severity, Severity::kError);
  EXPECT_EQ(findings[0].location_kind, "model");
  EXPECT_EQ(findings[0].message,
            "unknown --target 'tpu'; ortkit has op tables for coreml, cuda, nnapi, webgpu, xnnpack");
}

TEST_F(ProviderCoverageTest, NoTargetsAndNoOrtGiveNothing) {
  EXPECT_TRUE(Check(testing::ReluSandwich("Neg"), Targets({})).empty());
}

TEST_F(ProviderCoverageTest, ReportsOrtsPlacementOnCpu) {
  CheckOptions options;  // providers {"cpu"}, ORT on
  const auto findings = Check(testing::ReluSandwich("Neg"), options);
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].severity, Severity::kInfo);
  EXPECT_EQ(findings[0].message, "ONNX Runtime " + OrtLibraryVersion() +
                                     " with --provider cpu placed 3 nodes of its optimised graph: 3 on "
                                     "CPUExecutionProvider");
}

TEST_F(ProviderCoverageTest, ReportsWebGpuFallbackToCpuFromOrtsPlacement) {
  std::string why;
  if (!ProviderUsable("webgpu", &why)) GTEST_SKIP() << "WebGPU is not usable here: " << why;
  CheckOptions options;
  options.providers = {"webgpu"};
  const auto findings = Check(testing::ReluSandwich("Round"), options);
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].severity, Severity::kWarning);
  EXPECT_EQ(findings[0].message,
            "ONNX Runtime " + OrtLibraryVersion() +
                " with --provider webgpu placed 5 nodes of its optimised graph: 1 on CPUExecutionProvider, 4 on "
                "WebGpuExecutionProvider; 1 node fell back to CPU: Round (mid); ORT inserted 2 Memcpy nodes");
}

TEST_F(ProviderCoverageTest, NotesWhereTheWebGpuTableAndOrtDisagree) {
  std::string why;
  if (!ProviderUsable("webgpu", &why)) GTEST_SKIP() << "WebGPU is not usable here: " << why;
  // Gather, Unsqueeze and Concat have WebGPU kernels, but computing a shape for Expand they run
  // on CPU: ORT keeps shape computations there (GetCpuPreferredNodes).
  ModelBuilder b("shapes");
  b.Input("x", ElementType::kFloat32, {"n", 4})
      .Output("y", ElementType::kFloat32, {"n", 4})
      .Initializer("first", std::vector<int64_t>{0}, {})
      .Initializer("four", std::vector<int64_t>{4}, {1})
      .Initializer("axes", std::vector<int64_t>{0}, {1})
      .Node("Relu", {"x"}, {"r"}, {}, "relu")
      .Node("Shape", {"x"}, {"s"}, {}, "shape")
      .Node("Gather", {"s", "first"}, {"n"}, {}, "gather")
      .Node("Unsqueeze", {"n", "axes"}, {"n1"}, {}, "unsqueeze")
      .Node("Concat", {"n1", "four"}, {"target"}, {Attr::Int("axis", 0)}, "concat")
      .Node("Expand", {"r", "target"}, {"y"}, {}, "expand");
  CheckOptions options;
  options.providers = {"webgpu"};
  const auto findings = Check(b.proto(), options);
  const auto note = std::find_if(findings.begin(), findings.end(), [](const Finding& f) {
    return f.message.rfind("the webgpu op table and ONNX Runtime disagree", 0) == 0;
  });
  ASSERT_NE(note, findings.end()) << (findings.empty() ? "no findings" : findings[0].message);
  EXPECT_EQ(note->severity, Severity::kInfo);
  EXPECT_EQ(note->message,
            "the webgpu op table and ONNX Runtime disagree on 3 nodes: table says webgpu takes Gather (gather), ORT "
            "placed it on CPUExecutionProvider; table says webgpu takes Unsqueeze (unsqueeze), ORT placed it on "
            "CPUExecutionProvider; table says webgpu takes Concat (concat), ORT placed it on CPUExecutionProvider");
}

}  // namespace
}  // namespace ortkit::graph
