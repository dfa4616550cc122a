// Rule ORTKIT001 (initializer-in-inputs).
#include <gtest/gtest.h>

#include "graph/checks/check_test_util.h"
#include "graph/demo_model.h"
#include "testing/test_models.h"

namespace ortkit::testing {
namespace {

using graph::ModelBuilder;

onnx::ModelProto WeightsAsInputs(int64_t ir_version = 8) {
  ModelBuilder b("weights_as_inputs", 17, ir_version);
  b.Input("x", ElementType::kFloat32, {2})
      .Input("w", ElementType::kFloat32, {2})
      .Initializer("w", std::vector<float>{1, 2}, Shape{2})
      .Input("v", ElementType::kFloat32, {2})
      .Initializer("v", std::vector<float>{3, 4}, Shape{2})
      .Node("Add", {"x", "w"}, {"s"}, {}, "add")
      .Node("Mul", {"s", "v"}, {"y"}, {}, "mul")
      .Output("y", ElementType::kFloat32, {2});
  return b.proto();
}

TEST(InitializerInInputsRuleTest, InitializersListedAsInputsAreOneWarningForTheGraph) {
  const auto found = FindingsOf(CheckModel(WeightsAsInputs()), "ORTKIT001");
  ASSERT_EQ(found.size(), 1u);
  const Finding& f = found[0];
  EXPECT_EQ(f.rule, "initializer-in-inputs");
  EXPECT_EQ(f.severity, Severity::kWarning);
  EXPECT_EQ(f.location_kind, "graph");
  EXPECT_EQ(f.location, "weights_as_inputs");
  EXPECT_EQ(f.message, "2 initializers are also listed as graph inputs: w, v");
  EXPECT_NE(f.why.find("\"Initializer w appears in graph inputs and will not be treated as constant value/weight\""),
            std::string::npos);
  EXPECT_EQ(f.fix_pass, "remove-initializers-from-inputs");
}

TEST(InitializerInInputsRuleTest, TheDemoModelHasItsEightWeights) {
  const auto found = FindingsOf(CheckModel(graph::MakeDemoModel()), "ORTKIT001");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].message.rfind("8 initializers are also listed as graph inputs: conv1.weight, conv1.bias", 0), 0u);
}

TEST(InitializerInInputsRuleTest, InitializersThatAreNotInputsAreFine) {
  onnx::ModelProto model;
  ASSERT_TRUE(model.ParseFromString(ConvNetModel()));
  EXPECT_TRUE(FindingsOf(CheckModel(model), "ORTKIT001").empty());
}

TEST(InitializerInInputsRuleTest, IrVersionBelowFourRequiresThemAsInputsSoNoFinding) {
  EXPECT_TRUE(FindingsOf(CheckModel(WeightsAsInputs(3)), "ORTKIT001").empty());
}

TEST(InitializerInInputsRuleTest, SubgraphsAreCheckedAndNamedByTheirPath) {
  const onnx::ModelProto model = LoopModel([](onnx::GraphProto& body) {
    *body.add_initializer() = graph::MakeTensor("v_in", std::vector<float>{0, 0}, Shape{2});
  });
  const auto found = FindingsOf(CheckModel(model), "ORTKIT001");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].location, "loop/body");
  EXPECT_EQ(found[0].message, "1 initializer is also listed as graph inputs: v_in");
}

}  // namespace
}  // namespace ortkit::testing
