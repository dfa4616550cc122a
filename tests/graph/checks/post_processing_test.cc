// Rule ORTKIT007 (post-processing).
#include <gtest/gtest.h>

#include "graph/checks/check_test_util.h"
#include "graph/demo_model.h"
#include "testing/test_models.h"

namespace ortkit::testing {
namespace {

using graph::Attr;
using graph::ModelBuilder;

TEST(PostProcessingRuleTest, TheDemoModelsTopKIsCutAtTheProbabilities) {
  const CheckReport report = CheckModel(graph::MakeDemoModel());
  const auto found = FindingsOf(report, "ORTKIT007");
  ASSERT_EQ(found.size(), 1u);
  const Finding& f = found[0];
  EXPECT_EQ(f.severity, Severity::kInfo);
  EXPECT_EQ(f.location, "/TopK");
  EXPECT_EQ(f.op_type, "TopK");
  EXPECT_EQ(f.message, "post-processing inside the graph, within 3 nodes of the outputs: /TopK (TopK)");
  EXPECT_EQ(f.fix, "cut the graph before it (`ortkit extract " + report.model +
                       " -o backbone.onnx --outputs probabilities`) so the backbone runs on the accelerator, and do "
                       "the post-processing in application code");
}

// boxes and scores come from two backbone branches; NMS and a Gather after it form the tail.
TEST(PostProcessingRuleTest, NonMaxSuppressionIsCutAtEveryTensorItReads) {
  ModelBuilder b("detector");
  b.Input("features", ElementType::kFloat32, {1, 10, 4})
      .Input("logits", ElementType::kFloat32, {1, 1, 10})
      .Initializer("max_out", std::vector<int64_t>{5}, Shape{1})
      .Node("Relu", {"features"}, {"boxes"}, {}, "box_head")
      .Node("Sigmoid", {"logits"}, {"scores"}, {}, "score_head")
      .Node("NonMaxSuppression", {"boxes", "scores", "max_out"}, {"selected"}, {}, "nms")
      .Node("Identity", {"selected"}, {"detections"}, {}, "out")
      .Output("detections", ElementType::kInt64, {"n", 3});
  const auto found = FindingsOf(CheckModel(b.proto()), "ORTKIT007");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].location, "nms");
  EXPECT_NE(found[0].fix.find("--outputs boxes,scores`"), std::string::npos) << found[0].fix;
}

TEST(PostProcessingRuleTest, OpsFarFromTheOutputsAreBackbone) {
  ModelBuilder b("deep");
  b.Input("x", ElementType::kFloat32, {1, 10}).Initializer("k", std::vector<int64_t>{3}, Shape{1});
  b.Node("TopK", {"x", "k"}, {"v0", "i"}, {Attr::Int("axis", -1)}, "topk");
  for (int n = 0; n < 5; ++n) {
    b.Node("Relu", {"v" + std::to_string(n)}, {"v" + std::to_string(n + 1)}, {}, "relu" + std::to_string(n));
  }
  b.Output("v5", ElementType::kFloat32, {1, 3});
  EXPECT_TRUE(FindingsOf(CheckModel(b.proto()), "ORTKIT007").empty());
}

TEST(PostProcessingRuleTest, ModelsWithoutSuchOpsHaveNone) {
  onnx::ModelProto model;
  ASSERT_TRUE(model.ParseFromString(ConvNetModel()));
  EXPECT_TRUE(FindingsOf(CheckModel(model), "ORTKIT007").empty());
}

}  // namespace
}  // namespace ortkit::testing
