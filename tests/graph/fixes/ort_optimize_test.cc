// Tests of the ort-optimize pass and of saving in ORT format.
#include <gtest/gtest.h>

#include "graph/fix_session.h"
#include "graph/fixes/fix_test_util.h"
#include "graph/fixes/ort_optimize.h"
#include "graph/fixes/pass.h"
#include "graph/model_builder.h"
#include "graph/onnx_test_util.h"
#include "ortkit/error.h"
#include "testing/fix_models.h"
#include "testing/test_models.h"

namespace ortkit::testing {
namespace {

constexpr const char* kPass = "ort-optimize";

graph::FixOptions AtLevel(OptimizationLevel level) {
  graph::FixOptions options;
  options.level = level;
  return options;
}

// x: float32[3] -> y = Identity(x + c1 * c2): c1 * c2 folds to one constant, the Identity goes.
onnx::ModelProto FoldableModel() {
  graph::ModelBuilder b("foldable");
  b.Input("x", ElementType::kFloat32, Shape{3})
      .Initializer("c1", std::vector<float>{1, 2, 3}, {3})
      .Initializer("c2", std::vector<float>{0.5f, 0.25f, 2}, {3})
      .Node("Mul", {"c1", "c2"}, {"c"}, {}, "mul")
      .Node("Add", {"x", "c"}, {"s"}, {}, "add")
      .Node("Identity", {"s"}, {"y"}, {}, "id")
      .Output("y", ElementType::kFloat32, Shape{3});
  return b.proto();
}

TEST(OrtOptimizeTest, BasicLevelFoldsConstantsAndKeepsStandardOps) {
  const onnx::ModelProto before = FoldableModel();
  onnx::ModelProto after = before;
  const graph::FixChanges changes = ApplyPass(kPass, after, AtLevel(OptimizationLevel::kBasic));

  EXPECT_EQ(after.graph().node_size(), 1);
  EXPECT_EQ(after.graph().node(0).op_type(), "Add");
  EXPECT_EQ(changes.Get("nodes_removed"), 2);
  EXPECT_EQ(changes.details[0], "optimised by ONNX Runtime at level basic: 3 nodes -> 1, 2 initializers -> 1");
  FullCheck(after);
  ExpectSameOutputs(before, after);
}

TEST(OrtOptimizeTest, ExtendedLevelFusesConvAndReluIntoOrtContribOps) {
  onnx::ModelProto before = ParseModel(ConvNetModel());
  onnx::ModelProto after = before;
  const graph::FixChanges changes = ApplyPass(kPass, after, AtLevel(OptimizationLevel::kExtended));

  EXPECT_GT(changes.Get("nodes_removed"), 0);
  bool fused = false;
  for (const auto& node : after.graph().node()) fused = fused || node.domain() == "com.microsoft";
  EXPECT_TRUE(fused) << "no com.microsoft op after extended optimisation";
  onnx::checker::check_model(after);  // contrib ops are outside ONNX's domain: the checker lets them be
  ExpectSameOutputs(before, after, compare::Tolerance{1e-5, 1e-6});
}

TEST(OrtOptimizeTest, AllLevelResultLoadsAndMatches) {
  const onnx::ModelProto before = ParseModel(ConvNetModel());
  onnx::ModelProto after = before;
  ApplyPass(kPass, after, AtLevel(OptimizationLevel::kAll));
  onnx::checker::check_model(after);
  ExpectSameOutputs(before, after, compare::Tolerance{1e-5, 1e-6});
}

TEST(OrtOptimizeTest, UnsetLevelMeansBasic) {
  onnx::ModelProto model = FoldableModel();
  const graph::FixChanges changes = ApplyPass(kPass, model);
  EXPECT_EQ(changes.details[0].rfind("optimised by ONNX Runtime at level basic:", 0), 0u) << changes.details[0];
}

TEST(OrtOptimizeTest, ModelWithNothingToOptimiseReportsNoChange) {
  onnx::ModelProto model = ParseModel(AddModel());
  const graph::FixChanges changes = ApplyPass(kPass, model, AtLevel(OptimizationLevel::kBasic));
  EXPECT_FALSE(changes.changed());
  EXPECT_EQ(model.graph().node_size(), 1);
}

TEST(OrtOptimizeTest, OrtFormatBytesLoadAndGiveTheSameOutputs) {
  const onnx::ModelProto model = ParseModel(ConvNetModel());
  const std::string ort = graph::OptimizeWithOrt(Bytes(model), OptimizationLevel::kBasic, graph::ModelFormat::kOrt,
                                                 "convnet");
  // ORT format files are flatbuffers with the file identifier "ORTM" at offset 4.
  ASSERT_GT(ort.size(), 8u);
  EXPECT_EQ(ort.substr(4, 4), "ORTM");

  const std::string onnx_bytes = Bytes(model);
  const Model original = Model::FromBytes(onnx_bytes.data(), onnx_bytes.size());
  const Model fixed = graph::LoadFixedModel({ort, "convnet.ort", graph::ModelFormat::kOrt}, {});
  const graph::PairedInputs inputs = graph::MakePairedInputs(fixed, original, 3);
  const compare::Comparison c =
      compare::CompareOutputs(fixed.run(inputs.fixed), original.run(inputs.original), compare::Tolerance{1e-5, 1e-6});
  EXPECT_TRUE(c.pass);
}

TEST(OrtOptimizeTest, ModelOrtRefusesIsALoadErrorWithOrtsText) {
  onnx::ModelProto model = ParseModel(DoubleFloatDivModel());
  try {
    ApplyPass(kPass, model, AtLevel(OptimizationLevel::kBasic));
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.category(), ErrorCategory::kLoad);
    const std::string what = e.what();
    EXPECT_EQ(what.rfind("ort-optimize: ONNX Runtime cannot load the model as the earlier passes left it: ", 0), 0u)
        << what;
    EXPECT_NE(what.find("Div_337"), std::string::npos) << what;
  }
}

}  // namespace
}  // namespace ortkit::testing
