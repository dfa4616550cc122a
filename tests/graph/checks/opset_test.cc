// Rule ORTKIT005 (opset), and the opset limits checked against the ONNX Runtime in use.
#include <gtest/gtest.h>

#include "graph/checks/check_test_util.h"
#include "ortkit/model.h"

namespace ortkit::testing {
namespace {

using graph::ModelBuilder;

onnx::ModelProto ReluAt(int64_t opset, int64_t ml_opset = 0) {
  ModelBuilder b("relu", opset, 10);
  if (ml_opset > 0) b.Opset("ai.onnx.ml", ml_opset);
  b.Input("x", ElementType::kFloat32, {2}).Node("Relu", {"x"}, {"y"}, {}, "r").Output("y", ElementType::kFloat32, {2});
  return b.proto();
}

bool OrtLoads(const onnx::ModelProto& model) {
  const std::string bytes = graph::SerializeModel(model);
  try {
    Model::FromBytes(bytes.data(), bytes.size());
    return true;
  } catch (const std::exception&) {
    return false;
  }
}

bool FlagsImport(const onnx::ModelProto& model, const std::string& domain) {
  for (const Finding& f : FindingsOf(CheckModel(model), "ORTKIT005")) {
    if (f.location == "opset_import:" + domain && f.severity == Severity::kError) return true;
  }
  return false;
}

// The rule's limits are facts about ORT: this finds them again by loading, so that an ORT upgrade
// that moves them fails here rather than misleading users.
TEST(OpsetRuleTest, TheDefaultDomainLimitIsTheOneOrtEnforces) {
  int loaded = 0, refused = 0;
  for (int64_t v = 20; v <= 30; ++v) {
    const bool loads = OrtLoads(ReluAt(v));
    (loads ? loaded : refused)++;
    EXPECT_EQ(FlagsImport(ReluAt(v), "ai.onnx"), !loads) << "opset " << v;
  }
  EXPECT_GT(loaded, 0);
  EXPECT_GT(refused, 0);
}

TEST(OpsetRuleTest, TheAiOnnxMlLimitIsTheOneOrtEnforces) {
  int loaded = 0, refused = 0;
  for (int64_t v = 1; v <= 8; ++v) {
    const bool loads = OrtLoads(ReluAt(17, v));
    (loads ? loaded : refused)++;
    EXPECT_EQ(FlagsImport(ReluAt(17, v), "ai.onnx.ml"), !loads) << "ai.onnx.ml opset " << v;
  }
  EXPECT_GT(loaded, 0);
  EXPECT_GT(refused, 0);
}

TEST(OpsetRuleTest, TooNewAnOpsetSaysWhatOrtSupports) {
  const auto found = FindingsOf(CheckModel(ReluAt(27)), "ORTKIT005");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].location_kind, "model");
  EXPECT_NE(found[0].message.find("the model imports ai.onnx opset 27; ONNX Runtime "), std::string::npos);
  EXPECT_NE(found[0].message.find(" supports ai.onnx up to opset 26"), std::string::npos);
}

TEST(OpsetRuleTest, OpsetsBelowSevenAreAWarning) {
  const auto found = FindingsOf(CheckModel(ReluAt(6)), "ORTKIT005");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].severity, Severity::kWarning);
  EXPECT_EQ(found[0].message, "the model imports ai.onnx opset 6; ONNX Runtime guarantees support only from opset 7");
  EXPECT_TRUE(FindingsOf(CheckModel(ReluAt(7)), "ORTKIT005").empty());
}

onnx::ModelProto GridSampleAt(int64_t opset) {
  ModelBuilder b("grid", opset);
  b.Input("x", ElementType::kFloat32, {1, 1, 4, 4})
      .Input("g", ElementType::kFloat32, {1, 4, 4, 2})
      .Node("GridSample", {"x", "g"}, {"y"}, {}, "gs")
      .Output("y", ElementType::kFloat32, {1, 1, 4, 4});
  return b.proto();
}

TEST(OpsetRuleTest, AnOpNewerThanTheImportedOpsetSaysWhichOpsetHasIt) {
  const auto found = FindingsOf(CheckModel(GridSampleAt(15)), "ORTKIT005");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].severity, Severity::kError);
  EXPECT_EQ(found[0].location, "gs");
  EXPECT_EQ(found[0].message, "GridSample first appears in ai.onnx opset 16, but the model imports opset 15; used by "
                              "1 node (gs)");
  EXPECT_EQ(found[0].why, "ONNX Runtime refuses the model: \"No Op registered for GridSample with domain_version of 15\"");
  EXPECT_TRUE(FindingsOf(CheckModel(GridSampleAt(16)), "ORTKIT005").empty());
}

TEST(OpsetRuleTest, OrtRefusesTheNewerOpAndTheLoadAddsNothing) {
  const CheckReport report = CheckModel(GridSampleAt(15), WithOrt());
  EXPECT_EQ(report.loads_in_ort, false);
  EXPECT_EQ(FindingsOf(report, "ORTKIT005").size(), 1u);
  EXPECT_TRUE(FindingsOf(report, "ORTKIT004").empty());
  EXPECT_TRUE(FindingsOf(report, "ORTKIT010").empty());
}

onnx::ModelProto UpsampleAt(int64_t opset) {
  ModelBuilder b("upsample", opset);
  b.Input("x", ElementType::kFloat32, {1, 1, 2, 2})
      .Initializer("scales", std::vector<float>{1, 1, 2, 2}, Shape{4})
      .Node("Upsample", {"x", "scales"}, {"y"}, {}, "up")
      .Output("y", ElementType::kFloat32, {1, 1, 4, 4});
  return b.proto();
}

TEST(OpsetRuleTest, AnOpRemovedByTheImportedOpsetIsAnError) {
  const CheckReport report = CheckModel(UpsampleAt(10), WithOrt());
  const auto found = FindingsOf(report, "ORTKIT005");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].message, "Upsample was removed from ai.onnx in opset 10 and the model imports opset 10; used by 1 "
                              "node (up)");
  EXPECT_EQ(report.loads_in_ort, false);
  EXPECT_TRUE(FindingsOf(CheckModel(UpsampleAt(9)), "ORTKIT005").empty());
}

TEST(OpsetRuleTest, ANodeOfADomainTheModelDoesNotImportIsAnError) {
  ModelBuilder b("no_import");
  b.Input("x", ElementType::kFloat32, {2})
      .Node("Foo", {"x"}, {"y"}, {}, "f", "com.notimported")
      .Output("y", ElementType::kFloat32, {2});
  const CheckReport report = CheckModel(b.proto(), WithOrt());
  const auto found = FindingsOf(report, "ORTKIT005");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].message, "1 node (f) uses domain com.notimported, which the model does not import (no "
                              "opset_import entry)");
  EXPECT_TRUE(FindingsOf(report, "ORTKIT004").empty());
  EXPECT_TRUE(FindingsOf(report, "ORTKIT010").empty());
}

}  // namespace
}  // namespace ortkit::testing
