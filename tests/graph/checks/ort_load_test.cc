// Rule ORTKIT010 (ort-load): real loads, and ORT's messages filed under the matching rule.
#include "graph/checks/ort_load.h"

#include <gtest/gtest.h>

#include "graph/checks/check_test_util.h"
#include "testing/test_models.h"

namespace ortkit::testing {
namespace {

using graph::ModelBuilder;
using graph::TranslateLoadError;

// Two nodes with names, one in a Loop body, for the translations to find.
onnx::ModelProto Named() {
  return LoopModel();
}

Finding TranslateOne(const std::string& message, const std::vector<Finding>& existing = {}) {
  CheckFixture fixture(Named());
  const std::vector<Finding> out = TranslateLoadError(message, "cpu", fixture.context, existing);
  EXPECT_EQ(out.size(), 1u) << message;
  return out.empty() ? Finding{} : out[0];
}

TEST(OrtLoadRuleTest, AModelThatLoadsHasNoFindingAndRecordsIt) {
  onnx::ModelProto model;
  ASSERT_TRUE(model.ParseFromString(AddModel()));
  const CheckReport report = CheckModel(model, WithOrt());
  EXPECT_EQ(report.loads_in_ort, true);
  EXPECT_TRUE(FindingsOf(report, "ORTKIT010").empty());
}

TEST(OrtLoadRuleTest, AnUnmatchedRefusalQuotesOrtVerbatim) {
  ModelBuilder b("missing_output");
  b.Input("d", ElementType::kFloat32, {4})
      .Node("Relu", {"d"}, {"y"}, {}, "r")
      .Output("y", ElementType::kFloat32, {4})
      .Output("z", ElementType::kFloat32, {4});  // nothing writes z
  const CheckReport report = CheckModel(b.proto(), WithOrt());
  EXPECT_EQ(report.loads_in_ort, false);
  const auto found = FindingsOf(report, "ORTKIT010");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].rule, "ort-load");
  EXPECT_EQ(found[0].severity, Severity::kError);
  EXPECT_EQ(found[0].location_kind, "model");
  EXPECT_EQ(found[0].message.rfind("ONNX Runtime (cpu) cannot load the model: ", 0), 0u) << found[0].message;
  EXPECT_NE(found[0].message.find("Graph output (z) does not exist in the graph."), std::string::npos);
}

TEST(OrtLoadRuleTest, TypeBindingErrorsAreFiledAsTypeConflicts) {
  const Finding f = TranslateOne("Type Error: Type parameter (T) of Optype (Add) bound to different types "
                                 "(tensor(double) and tensor(float) in node (add).");
  EXPECT_EQ(f.rule_id, "ORTKIT002");
  EXPECT_EQ(f.location, "loop/body/add");  // ORT names the node; the finding gives its path
  EXPECT_EQ(f.message, "Add node 'loop/body/add': type parameter T is bound to tensor(double) and to tensor(float) "
                       "(found by loading in ONNX Runtime)");
  EXPECT_EQ(f.fix_pass, "float64-to-float32");
}

TEST(OrtLoadRuleTest, WhatAStaticRuleFoundIsNotReportedAgain) {
  Finding existing;
  existing.rule_id = "ORTKIT002";
  existing.severity = Severity::kError;
  existing.location = "loop/body/add";
  CheckFixture fixture(Named());
  EXPECT_TRUE(TranslateLoadError("Type parameter (T) of Optype (Add) bound to different types (tensor(double) and "
                                 "tensor(float) in node (add).",
                                 "cpu", fixture.context, {existing})
                  .empty());
}

TEST(OrtLoadRuleTest, InvalidInputTypesAndMissingKernelsAreUnsupportedTypes) {
  Finding f = TranslateOne("This is an invalid model. Type Error: Type 'tensor(bool)' of input parameter (x) of "
                           "operator (Loop) in node (loop) is invalid.");
  EXPECT_EQ(f.rule_id, "ORTKIT003");
  EXPECT_EQ(f.location, "loop");
  f = TranslateOne("Could not find an implementation for Relu(14) node with name 'cond'");
  EXPECT_EQ(f.rule_id, "ORTKIT003");
  EXPECT_EQ(f.location, "loop/body/cond");
}

// ORT says '' for every unnamed node; the op tells them apart.
TEST(OrtLoadRuleTest, UnnamedNodesAreFoundByTheirOp) {
  ModelBuilder b("anon", 17);
  b.Input("x", ElementType::kInt16, {2})
      .Node("Abs", {"x"}, {"a"})
      .Node("Relu", {"a"}, {"y"})
      .Output("y", ElementType::kInt16, {2});
  CheckFixture fixture(b.proto());
  const auto out = TranslateLoadError("Could not find an implementation for Relu(14) node with name ''", "cpu",
                                      fixture.context, {});
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].rule_id, "ORTKIT003");
  EXPECT_EQ(out[0].location, "(unnamed Relu #1)");
  EXPECT_EQ(out[0].message.rfind("Relu node '(unnamed Relu #1)': ", 0), 0u) << out[0].message;
}

// Kernels of op versions before opset 7 are gone from ORT: that is the opset's fault, not a type's.
TEST(OrtLoadRuleTest, AMissingKernelOfAPreOpset7VersionIsAnOpsetFinding) {
  const Finding f = TranslateOne("Could not find an implementation for Add(6) node with name 'add'");
  EXPECT_EQ(f.rule_id, "ORTKIT005");
  EXPECT_EQ(f.location, "loop/body/add");
  EXPECT_EQ(f.message, "Add node 'loop/body/add': ONNX Runtime has no kernel for Add-6, a version from before opset 7 "
                       "(found by loading in ONNX Runtime)");
}

TEST(OrtLoadRuleTest, UnregisteredOpsAreUnknownOps) {
  const Finding f = TranslateOne("Fatal error: com.microsoft:Loop(-1) is not a registered function/op");
  EXPECT_EQ(f.rule_id, "ORTKIT004");
  EXPECT_EQ(f.location, "");  // no node has that op in that domain: the finding says so without a place
  const Finding standard = TranslateOne("This is an invalid model. In Node, (\"add\", Foo, \"\", -1) : (\"x\": "
                                        "tensor(float),) -> (\"y\": tensor(float),) , Error No Op registered for Foo "
                                        "with domain_version of 17");
  EXPECT_EQ(standard.rule_id, "ORTKIT004");
  EXPECT_EQ(standard.location, "loop/body/add");
}

TEST(OrtLoadRuleTest, OpsetProblemsAreOpsetFindings) {
  Finding f = TranslateOne("This is an invalid model. In Node, (\"loop\", GridSample, \"\", -1) : ... , Error No Op "
                           "registered for GridSample with domain_version of 15");
  EXPECT_EQ(f.rule_id, "ORTKIT005");
  EXPECT_EQ(f.location, "loop");
  f = TranslateOne("... Error Op registered for Upsample is deprecated in domain_version of 10");
  EXPECT_EQ(f.rule_id, "ORTKIT005");
  f = TranslateOne("ONNX Runtime only *guarantees* support ... Current official support for domain ai.onnx is till "
                   "opset 26.");
  EXPECT_EQ(f.rule_id, "ORTKIT005");
  EXPECT_EQ(f.location, "opset_import:ai.onnx");
  f = TranslateOne("In Node, (\"cond\", Foo, \"com.x\", -1) : ... , Error No opset import for domain 'com.x'");
  EXPECT_EQ(f.rule_id, "ORTKIT005");
  EXPECT_EQ(f.location, "loop/body/cond");
}

TEST(OrtLoadRuleTest, DuplicatedNamesAreHygieneFindings) {
  Finding f = TranslateOne("This is an invalid model. Error: Duplicate definition of name (y).");
  EXPECT_EQ(f.rule_id, "ORTKIT011");
  EXPECT_EQ(f.location, "y");
  f = TranslateOne("This is an invalid model. Error: two nodes with same node name (a).");
  EXPECT_EQ(f.rule_id, "ORTKIT011");
  EXPECT_EQ(f.location, "a");
}

TEST(OrtLoadRuleTest, WithoutOrtTheRuleDoesNotRun) {
  onnx::ModelProto model;
  ASSERT_TRUE(model.ParseFromString(UnknownOpModel()));
  const CheckReport report = CheckModel(model, StaticOnly());
  EXPECT_EQ(report.loads_in_ort, std::nullopt);
  EXPECT_TRUE(FindingsOf(report, "ORTKIT010").empty());
}

}  // namespace
}  // namespace ortkit::testing
