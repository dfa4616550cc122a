// Rule ORTKIT004 (unknown-op).
#include <gtest/gtest.h>

#include "graph/checks/check_test_util.h"
#include "testing/test_models.h"

namespace ortkit::testing {
namespace {

using graph::ModelBuilder;

onnx::ModelProto OneOp(const std::string& op, const std::string& domain, int64_t opset = 17, int count = 1) {
  ModelBuilder b("one_op", opset);
  if (!domain.empty()) b.Opset(domain, 1);
  b.Input("x0", ElementType::kFloat32, {1, 3, 8, 8});
  for (int i = 0; i < count; ++i) {
    b.Node(op, {"x" + std::to_string(i)}, {"x" + std::to_string(i + 1)}, {}, "op" + std::to_string(i), domain);
  }
  b.Output("x" + std::to_string(count), ElementType::kFloat32, {1, 3, 8, 8});
  return b.proto();
}

TEST(UnknownOpRuleTest, CustomDomainOpIsAnErrorWithTheWaysOut) {
  onnx::ModelProto model;
  ASSERT_TRUE(model.ParseFromString(UnknownOpModel()));
  const auto found = FindingsOf(CheckModel(model), "ORTKIT004");
  ASSERT_EQ(found.size(), 1u);
  const Finding& f = found[0];
  EXPECT_EQ(f.severity, Severity::kError);
  EXPECT_EQ(f.location, "dcn");
  EXPECT_EQ(f.op_type, "DCNv2");
  EXPECT_EQ(f.message, "op DCNv2 of custom domain com.example has no kernel in ONNX Runtime; used by 1 node (dcn)");
  EXPECT_EQ(f.why, "ONNX Runtime refuses the model (\"Fatal error: com.example:DCNv2(-1) is not a registered "
                   "function/op\") unless a custom-op library implementing it is registered with the session, and "
                   "other runtimes and providers know it even less");
  EXPECT_NE(f.fix.find("RegisterCustomOpsLibrary"), std::string::npos);
}

TEST(UnknownOpRuleTest, OrtAgreesAndTheLoadAddsNoSecondFinding) {
  onnx::ModelProto model;
  ASSERT_TRUE(model.ParseFromString(UnknownOpModel()));
  const CheckReport report = CheckModel(model, WithOrt());
  EXPECT_EQ(report.loads_in_ort, false);
  EXPECT_EQ(FindingsOf(report, "ORTKIT004").size(), 1u);
  EXPECT_TRUE(FindingsOf(report, "ORTKIT010").empty());
}

TEST(UnknownOpRuleTest, NodesOfOneOpAreOneFinding) {
  const auto found = FindingsOf(CheckModel(OneOp("DCNv2", "com.example", 17, 3)), "ORTKIT004");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].message, "op DCNv2 of custom domain com.example has no kernel in ONNX Runtime; used by 3 nodes "
                              "(op0, op1, op2)");
}

TEST(UnknownOpRuleTest, AMisspeltStandardOpIsAnError) {
  const auto found = FindingsOf(CheckModel(OneOp("Reluu", "")), "ORTKIT004");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].message, "op 'Reluu' does not exist in domain ai.onnx (opset 17); used by 1 node (op0)");
  EXPECT_EQ(found[0].why, "ONNX Runtime has no kernel for it and refuses the model (\"No Op registered for Reluu with "
                          "domain_version of 17\")");
}

TEST(UnknownOpRuleTest, OnnxRuntimeContribOpsAreInfoCheckedAtLoad) {
  const CheckReport report = CheckModel(OneOp("Gelu", "com.microsoft"), WithOrt());
  const auto found = FindingsOf(report, "ORTKIT004");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].severity, Severity::kInfo);
  EXPECT_EQ(found[0].message, "1 node uses ONNX Runtime's own com.microsoft ops that ortkit's ONNX schemas (opset 17) "
                              "do not cover: Gelu; they are checked by loading the model in ONNX Runtime (ORTKIT010)");
  EXPECT_EQ(report.loads_in_ort, true);
  EXPECT_FALSE(report.Reaches(Severity::kError));
}

TEST(UnknownOpRuleTest, WithoutOrtContribOpsAreSaidToBeUnchecked) {
  const auto found = FindingsOf(CheckModel(OneOp("Gelu", "com.microsoft")), "ORTKIT004");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_NE(found[0].message.find("not checked, as --no-ort skips loading in ONNX Runtime"), std::string::npos);
}

TEST(UnknownOpRuleTest, AContribOpOrtLacksIsFoundByTheLoad) {
  const CheckReport report = CheckModel(OneOp("FusedConvX", "com.microsoft"), WithOrt());
  std::vector<Finding> errors;
  for (const Finding& f : FindingsOf(report, "ORTKIT004")) {
    if (f.severity == Severity::kError) errors.push_back(f);
  }
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].location, "op0");
  EXPECT_EQ(errors[0].message, "op FusedConvX of domain com.microsoft has no kernel in ONNX Runtime (found by "
                               "loading in ONNX Runtime)");
}

// Opset 18 and later may have ops ortkit's ONNX 1.12 never heard of: not flagged as unknown.
TEST(UnknownOpRuleTest, OpsNewerThanOrtkitsSchemasAreNotCalledUnknown) {
  const auto found = FindingsOf(CheckModel(OneOp("GroupNormalization", "", 21)), "ORTKIT004");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].severity, Severity::kInfo);
  EXPECT_NE(found[0].message.find("newer ai.onnx ops"), std::string::npos) << found[0].message;
}

TEST(UnknownOpRuleTest, ModelLocalFunctionsAreKnown) {
  ModelBuilder b("with_function");
  b.Opset("local", 1)
      .Input("x", ElementType::kFloat32, {2})
      .Node("MyRelu", {"x"}, {"y"}, {}, "call", "local")
      .Output("y", ElementType::kFloat32, {2});
  onnx::FunctionProto* fn = b.proto().add_functions();
  fn->set_name("MyRelu");
  fn->set_domain("local");
  fn->add_input("a");
  fn->add_output("b");
  onnx::NodeProto* node = fn->add_node();
  node->set_op_type("Relu");
  node->add_input("a");
  node->add_output("b");
  onnx::OperatorSetIdProto* import = fn->add_opset_import();
  import->set_domain("");
  import->set_version(17);
  const CheckReport report = CheckModel(b.proto(), WithOrt());
  EXPECT_TRUE(FindingsOf(report, "ORTKIT004").empty());
  EXPECT_EQ(report.loads_in_ort, true);
}

TEST(UnknownOpRuleTest, TrainingOpsHaveNoKernelInInferenceBuilds) {
  ModelBuilder b("training");
  b.Opset("ai.onnx.preview.training", 1)
      .Input("r", ElementType::kFloat32, Shape{})
      .Input("t", ElementType::kInt64, Shape{})
      .Input("x", ElementType::kFloat32, {2})
      .Input("g", ElementType::kFloat32, {2})
      .Input("h", ElementType::kFloat32, {2})
      .Node("Adagrad", {"r", "t", "x", "g", "h"}, {"x_new", "h_new"}, {}, "adagrad", "ai.onnx.preview.training")
      .Output("x_new", ElementType::kFloat32, {2})
      .Output("h_new", ElementType::kFloat32, {2});
  const CheckReport report = CheckModel(b.proto(), WithOrt());
  const auto found = FindingsOf(report, "ORTKIT004");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].severity, Severity::kError);
  EXPECT_EQ(found[0].message, "training op Adagrad (ai.onnx.preview.training) has no kernel in ONNX Runtime's "
                              "inference builds; used by 1 node (adagrad)");
  EXPECT_EQ(report.loads_in_ort, false);
  EXPECT_TRUE(FindingsOf(report, "ORTKIT010").empty());
}

TEST(UnknownOpRuleTest, StandardOpsAreFine) {
  EXPECT_TRUE(FindingsOf(CheckModel(OneOp("Relu", "")), "ORTKIT004").empty());
}

TEST(UnknownOpRuleTest, OnnxruntimeExtensionsOpsPointToItsLibrary) {
  const auto found = FindingsOf(CheckModel(OneOp("StringRegexReplace", "ai.onnx.contrib")), "ORTKIT004");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_NE(found[0].fix.find("onnxruntime-extensions"), std::string::npos);
}

}  // namespace
}  // namespace ortkit::testing
