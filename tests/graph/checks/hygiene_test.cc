// Rule ORTKIT011 (hygiene).
#include <gtest/gtest.h>

#include "graph/checks/check_test_util.h"
#include "testing/test_models.h"

namespace ortkit::testing {
namespace {

using graph::ModelBuilder;

std::vector<Finding> Hygiene(const onnx::ModelProto& model, const graph::CheckOptions& options = StaticOnly()) {
  return FindingsOf(CheckModel(model, options), "ORTKIT011");
}

// Finds the one finding whose message starts with `prefix`.
Finding WithPrefix(const std::vector<Finding>& found, const std::string& prefix) {
  for (const Finding& f : found) {
    if (f.message.rfind(prefix, 0) == 0) return f;
  }
  ADD_FAILURE() << "no finding starting with: " << prefix;
  return {};
}

TEST(HygieneRuleTest, ACleanNamedModelHasNone) {
  onnx::ModelProto model;
  ASSERT_TRUE(model.ParseFromString(ConvNetModel()));
  EXPECT_TRUE(Hygiene(model).empty());
}

TEST(HygieneRuleTest, UnusedInitializersAreAWarningWithTheirSize) {
  ModelBuilder b("unused");
  b.Input("x", ElementType::kFloat32, {2})
      .Initializer("used", std::vector<float>{1, 2}, Shape{2})
      .Initializer("old", std::vector<float>(256, 0.5f), Shape{256})
      .Node("Add", {"x", "used"}, {"y"}, {}, "add")
      .Output("y", ElementType::kFloat32, {2});
  const auto found = Hygiene(b.proto());
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].severity, Severity::kWarning);
  EXPECT_EQ(found[0].message, "1 initializer (1.0 KiB) that no node reads: old");
  EXPECT_EQ(found[0].fix_pass, "remove-unused");
}

TEST(HygieneRuleTest, AnInitializerReadOnlyInsideASubgraphIsUsed) {
  onnx::ModelProto model = LoopModel();
  // x becomes an initializer read only by the Loop body.
  model.mutable_graph()->clear_input();
  *model.mutable_graph()->add_initializer() = graph::MakeTensor("x", std::vector<float>{1, 2}, Shape{2});
  EXPECT_TRUE(Hygiene(model).empty());
}

TEST(HygieneRuleTest, NodesThatReachNoOutputAreAWarning) {
  ModelBuilder b("dead");
  b.Input("x", ElementType::kFloat32, {2})
      .Node("Relu", {"x"}, {"y"}, {}, "relu")
      .Node("Neg", {"x"}, {"unused"}, {}, "neg")
      .Output("y", ElementType::kFloat32, {2});
  const auto found = Hygiene(b.proto());
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].message, "1 node with no path to a graph output: neg");
  EXPECT_EQ(found[0].fix_pass, "remove-unused");
}

TEST(HygieneRuleTest, IdentityChainsAreInfo) {
  ModelBuilder b("identities");
  b.Input("x", ElementType::kFloat32, {2})
      .Node("Identity", {"x"}, {"a"}, {}, "id1")
      .Node("Identity", {"a"}, {"b"}, {}, "id2")
      .Node("Identity", {"b"}, {"y"}, {}, "id3")
      .Output("y", ElementType::kFloat32, {2});
  const auto found = Hygiene(b.proto());
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].severity, Severity::kInfo);
  EXPECT_EQ(found[0].message, "2 Identity nodes copying another Identity's output: id2, id3");
  EXPECT_EQ(found[0].fix_pass, "ort-optimize");
}

TEST(HygieneRuleTest, ATensorDefinedTwiceIsAnErrorAndOrtAgrees) {
  ModelBuilder b("twice");
  b.Input("x", ElementType::kFloat32, {2})
      .Node("Relu", {"x"}, {"y"}, {}, "a")
      .Node("Neg", {"x"}, {"y"}, {}, "b")
      .Output("y", ElementType::kFloat32, {2});
  const CheckReport report = CheckModel(b.proto(), WithOrt());
  const Finding f = WithPrefix(FindingsOf(report, "ORTKIT011"), "tensor 'y'");
  EXPECT_EQ(f.severity, Severity::kError);
  EXPECT_EQ(f.location_kind, "tensor");
  EXPECT_EQ(f.message, "tensor 'y' is defined 2 times, by node 'a', node 'b'");
  EXPECT_EQ(report.loads_in_ort, false);
  EXPECT_TRUE(FindingsOf(report, "ORTKIT010").empty()) << "the load's refusal is this finding";
}

TEST(HygieneRuleTest, DuplicatedNodeNamesAreAnErrorAndOrtAgrees) {
  ModelBuilder b("same_names");
  b.Input("x", ElementType::kFloat32, {2})
      .Node("Relu", {"x"}, {"y"}, {}, "a")
      .Node("Neg", {"y"}, {"z"}, {}, "a")
      .Output("z", ElementType::kFloat32, {2});
  const CheckReport report = CheckModel(b.proto(), WithOrt());
  const auto found = FindingsOf(report, "ORTKIT011");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].severity, Severity::kError);
  EXPECT_EQ(found[0].message, "2 nodes are named 'a': #0 Relu, #1 Neg");
  EXPECT_EQ(report.loads_in_ort, false);
  EXPECT_TRUE(FindingsOf(report, "ORTKIT010").empty());
}

TEST(HygieneRuleTest, DuplicatedInitializerNamesAreAWarning) {
  ModelBuilder b("dup_init");
  b.Input("x", ElementType::kFloat32, {2})
      .Initializer("w", std::vector<float>{1, 2}, Shape{2})
      .Initializer("w", std::vector<float>{3, 4}, Shape{2})
      .Node("Add", {"x", "w"}, {"y"}, {}, "add")
      .Output("y", ElementType::kFloat32, {2});
  const auto found = Hygiene(b.proto());
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].severity, Severity::kWarning);
  EXPECT_EQ(found[0].location_kind, "initializer");
  EXPECT_EQ(found[0].message, "initializer 'w' is stored 2 times");
}

TEST(HygieneRuleTest, IdenticalLargePayloadsUnderTwoNamesAreInfoSmallOnesAreNot) {
  const std::vector<float> weights = graph::SeededWeights(512, 1.0f, 7);  // 2 KiB
  ModelBuilder b("shared_weights");
  b.Input("x", ElementType::kFloat32, {512})
      .Initializer("w1", weights, Shape{512})
      .Initializer("w2", weights, Shape{512})
      .Initializer("one_a", std::vector<float>{1}, Shape{1})
      .Initializer("one_b", std::vector<float>{1}, Shape{1})
      .Node("Mul", {"x", "w1"}, {"a"}, {}, "m1")
      .Node("Mul", {"a", "w2"}, {"b"}, {}, "m2")
      .Node("Add", {"b", "one_a"}, {"c"}, {}, "a1")
      .Node("Add", {"c", "one_b"}, {"y"}, {}, "a2")
      .Output("y", ElementType::kFloat32, {512});
  const auto found = Hygiene(b.proto());
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].severity, Severity::kInfo);
  EXPECT_EQ(found[0].location, "w1");
  EXPECT_EQ(found[0].message, "2 initializers hold identical data (2.0 KiB each): w1, w2");
}

TEST(HygieneRuleTest, UnnamedNodesAreCountedOncePerGraph) {
  ModelBuilder b("anon");
  b.Input("x", ElementType::kFloat32, {2})
      .Node("Relu", {"x"}, {"a"})
      .Node("Neg", {"a"}, {"y"}, {}, "named")
      .Output("y", ElementType::kFloat32, {2});
  const auto found = Hygiene(b.proto());
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].severity, Severity::kInfo);
  EXPECT_EQ(found[0].location_kind, "graph");
  EXPECT_EQ(found[0].message, "1 of 2 nodes have no name");
}

}  // namespace
}  // namespace ortkit::testing
