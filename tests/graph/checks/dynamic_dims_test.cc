// Rule ORTKIT008 (dynamic-dims).
#include <gtest/gtest.h>

#include "graph/checks/check_test_util.h"
#include "graph/demo_model.h"
#include "testing/test_models.h"

namespace ortkit::testing {
namespace {

using graph::ModelBuilder;

onnx::ModelProto Parse(const std::string& bytes) {
  onnx::ModelProto model;
  EXPECT_TRUE(model.ParseFromString(bytes));
  return model;
}

TEST(DynamicDimsRuleTest, AnUnnamedFreeDimensionIsAWarningWithAShapeToFix) {
  const auto found = FindingsOf(CheckModel(Parse(UnnamedDimModel())), "ORTKIT008");
  ASSERT_GE(found.size(), 1u);
  const Finding& f = found[0];
  EXPECT_EQ(f.severity, Severity::kWarning);
  EXPECT_EQ(f.location_kind, "input");
  EXPECT_EQ(f.location, "x");
  EXPECT_EQ(f.message, "input 'x' float32[?,4]: dimension 0 free and unnamed");
  EXPECT_EQ(f.fix, "name it in the export (dynamic_axes), or fix its size (e.g. --shape x=1x4)");
  EXPECT_EQ(f.fix_pass, "fix-dims");
}

TEST(DynamicDimsRuleTest, ANamedBatchDimensionIsInfoWithTheDimToFix) {
  const auto found = FindingsOf(CheckModel(graph::MakeDemoModel()), "ORTKIT008");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].severity, Severity::kInfo);
  EXPECT_EQ(found[0].message, "input 'image' float32[batch,3,64,64]: free dimension 'batch'");
  EXPECT_EQ(found[0].fix, "if the deployment always uses one size, fix it (e.g. --dim batch=1)");
}

// Relu over x: float32[D, 3], with D written into the declared input type as given (ModelBuilder
// writes only valid sizes, so the proto is edited afterwards).
onnx::ModelProto ReluWithFirstDim(int64_t d) {
  ModelBuilder b("g");
  b.Input("x", ElementType::kFloat32, Shape{1, 3}).Output("y", ElementType::kFloat32, Shape{1, 3}).Node("Relu", {"x"}, {"y"});
  b.proto().mutable_graph()->mutable_input(0)->mutable_type()->mutable_tensor_type()->mutable_shape()->mutable_dim(0)->set_dim_value(d);
  return b.proto();
}

TEST(DynamicDimsRuleTest, NegativeAndOverflowingDeclaredSizesAreErrors) {
  auto found = FindingsOf(CheckModel(ReluWithFirstDim(-5)), "ORTKIT008");
  ASSERT_GE(found.size(), 1u);  // the output's shape may be flagged too
  EXPECT_EQ(found[0].severity, Severity::kError);
  EXPECT_EQ(found[0].message, "input 'x' float32[-5,3]: dimension 0 (-5) negative");

  found = FindingsOf(CheckModel(ReluWithFirstDim(int64_t{1} << 62)), "ORTKIT008");
  ASSERT_GE(found.size(), 1u);  // shape inference may add its own complaint about the output
  EXPECT_EQ(found[0].severity, Severity::kError);
  EXPECT_EQ(found[0].message,
            "input 'x' float32[4611686018427387904,3]: its fixed sizes multiply to more than 2^63 - 1 elements");

  // Large but representable: not an error.
  found = FindingsOf(CheckModel(ReluWithFirstDim(int64_t{1} << 31)), "ORTKIT008");
  for (const Finding& f : found) EXPECT_NE(f.severity, Severity::kError) << f.message;
}

TEST(DynamicDimsRuleTest, FixedShapesHaveNone) {
  EXPECT_TRUE(FindingsOf(CheckModel(Parse(ReluImageModel())), "ORTKIT008").empty());
}

TEST(DynamicDimsRuleTest, AnOutputOfUnknownRankIsAWarning) {
  ModelBuilder b("reshape_by_data");
  b.Input("x", ElementType::kFloat32, {6}).Input("shape", ElementType::kInt64, {"r"});
  b.Node("Reshape", {"x", "shape"}, {"y"}, {}, "reshape");
  b.proto().mutable_graph()->add_output()->set_name("y");  // declared with no type at all
  const auto found = FindingsOf(CheckModel(b.proto()), "ORTKIT008");
  std::vector<Finding> outputs;
  for (const Finding& f : found) {
    if (f.location_kind == "output") outputs.push_back(f);
  }
  ASSERT_EQ(outputs.size(), 1u);
  EXPECT_EQ(outputs[0].severity, Severity::kWarning);
  EXPECT_EQ(outputs[0].message, "output 'y': shape inference cannot resolve its shape");
}

TEST(DynamicDimsRuleTest, ADataDependentOutputDimensionIsInfo) {
  ModelBuilder b("nonzero");
  b.Input("x", ElementType::kFloat32, {4}).Node("NonZero", {"x"}, {"idx"}, {}, "nz");
  b.proto().mutable_graph()->add_output()->set_name("idx");
  const auto found = FindingsOf(CheckModel(b.proto()), "ORTKIT008");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].severity, Severity::kInfo);
  EXPECT_EQ(found[0].message.rfind("output 'idx' int64[1,?]: dimension 1 cannot be derived from the input shapes", 0),
            0u)
      << found[0].message;
}

TEST(DynamicDimsRuleTest, AShapeInferenceErrorNamesItsNode) {
  ModelBuilder b("bad_shapes");
  b.Input("a", ElementType::kFloat32, {2, 3})
      .Input("b", ElementType::kFloat32, {4, 5})
      .Node("MatMul", {"a", "b"}, {"c"}, {}, "mm")
      .Output("c", ElementType::kFloat32, {2, 5});
  const auto found = FindingsOf(CheckModel(b.proto()), "ORTKIT008");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].severity, Severity::kWarning);
  EXPECT_EQ(found[0].location, "mm");
  EXPECT_EQ(found[0].op_type, "MatMul");
}

TEST(DynamicDimsRuleTest, InferenceErrorsTheTypeRulesExplainAreNotRepeated) {
  const CheckReport report = CheckModel(Parse(DoubleFloatDivModel()));
  EXPECT_TRUE(FindingsOf(report, "ORTKIT008").empty());
  EXPECT_EQ(FindingsOf(report, "ORTKIT002").size(), 1u);
}

}  // namespace
}  // namespace ortkit::testing
