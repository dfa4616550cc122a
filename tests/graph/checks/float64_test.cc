// Rule ORTKIT006 (float64).
#include <gtest/gtest.h>

#include "graph/checks/check_test_util.h"
#include "graph/demo_model.h"
#include "testing/test_models.h"

namespace ortkit::testing {
namespace {

using graph::ModelBuilder;

TEST(Float64RuleTest, TheDemoModelsSoftmaxBranchIsOneFindingWithTheList) {
  const auto found = FindingsOf(CheckModel(graph::MakeDemoModel()), "ORTKIT006");
  ASSERT_EQ(found.size(), 1u);
  const Finding& f = found[0];
  EXPECT_EQ(f.severity, Severity::kWarning);
  EXPECT_EQ(f.location_kind, "graph");
  EXPECT_EQ(f.location, "ortkit_demo_classifier");
  EXPECT_EQ(f.message, "4 float64 tensors (temperature, logits_f64, scaled_f64, probabilities_f64) and 4 nodes "
                       "computing in float64 (/Cast, /Div, /Softmax, /Cast_1)");
  EXPECT_EQ(f.fix_pass, "float64-to-float32");
}

TEST(Float64RuleTest, Float64InTheInterfaceIsCalledOut) {
  onnx::ModelProto model;
  ASSERT_TRUE(model.ParseFromString(MixedTypesModel()));
  const auto found = FindingsOf(CheckModel(model), "ORTKIT006");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].message, "2 float64 tensors (scale, scale_sq) and 1 node computing in float64 (scale_square); the model's "
                              "interface has float64 too: input scale, output scale_sq");
}

TEST(Float64RuleTest, Float32ModelsHaveNone) {
  onnx::ModelProto model;
  ASSERT_TRUE(model.ParseFromString(ConvNetModel()));
  EXPECT_TRUE(FindingsOf(CheckModel(model), "ORTKIT006").empty());
}

TEST(Float64RuleTest, EachGraphHasItsOwnFinding) {
  const onnx::ModelProto model = LoopModel([](onnx::GraphProto& body) {
    onnx::NodeProto* cast = body.add_node();
    cast->set_op_type("Cast");
    cast->set_name("to64");
    cast->add_input("v_in");
    cast->add_output("v64");
    onnx::AttributeProto* to = cast->add_attribute();
    to->set_name("to");
    to->set_type(onnx::AttributeProto::INT);
    to->set_i(onnx::TensorProto::DOUBLE);
  });
  const auto found = FindingsOf(CheckModel(model), "ORTKIT006");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].location, "loop/body");
  EXPECT_EQ(found[0].message, "1 float64 tensor (v64) and 1 node computing in float64 (loop/body/to64)");
}

}  // namespace
}  // namespace ortkit::testing
