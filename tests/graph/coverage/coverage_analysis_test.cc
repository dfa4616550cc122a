// Tests of AnalyzeCoverage: verdicts per node, partitions and boundaries, on ModelBuilder models.
#include "graph/checks/coverage_analysis.h"

#include <gtest/gtest.h>

#include "graph/coverage/coverage_models.h"
#include "graph/model_builder.h"
#include "testing/test_models.h"

namespace ortkit::graph {
namespace {

using testing::Inferred;

CoverageResult Analyze(const onnx::ModelProto& model, const ProviderOpTable& table) {
  const onnx::ModelProto inferred = Inferred(model);  // outlives the index pointing into it
  return AnalyzeCoverage(GraphIndex(inferred), table);
}

const NodeVerdict& VerdictOf(const CoverageResult& c, const std::string& location) {
  for (const auto& v : c.nodes) {
    if (v.location == location) return v;
  }
  throw std::runtime_error("no node " + location);
}

TEST(CoverageAnalysisTest, NnapiAndXnnpackTakeTheWholeTinyConvNetInOnePartition) {
  for (const ProviderOpTable* table : {&NnapiOpTable(), &XnnpackOpTable()}) {
    const CoverageResult c = Analyze(testing::TinyConvNet(), *table);
    EXPECT_EQ(c.nodes.size(), 7u) << table->target;
    EXPECT_EQ(c.taken, 7u) << table->target;
    EXPECT_EQ(c.partitions, 1u) << table->target;
    EXPECT_EQ(c.boundary_tensors, 0u) << table->target;
    EXPECT_TRUE(c.fallback_ops.empty()) << table->target;
  }
}

TEST(CoverageAnalysisTest, TakenNodesCarryTheTablesUncheckedConditions) {
  const CoverageResult c = Analyze(testing::TinyConvNet(), NnapiOpTable());
  EXPECT_EQ(VerdictOf(c, "stem").reason, "only 2D convolution; weights and bias constant");
  EXPECT_EQ(VerdictOf(c, "stem_relu").reason, "");
}

TEST(CoverageAnalysisTest, AnOpInTheMiddleSplitsTheGraphIntoTwoPartitions) {
  const CoverageResult c = Analyze(testing::ReluSandwich("Round"), NnapiOpTable());
  EXPECT_EQ(c.taken, 2u);
  EXPECT_EQ(c.partitions, 2u);
  EXPECT_EQ(c.boundary_tensors, 2u);  // a to Round, b back
  ASSERT_EQ(c.fallback_ops.size(), 1u);
  EXPECT_EQ(c.fallback_ops[0], (std::pair<std::string, std::size_t>{"Round", 1}));
  EXPECT_FALSE(VerdictOf(c, "mid").taken);
  EXPECT_EQ(VerdictOf(c, "mid").reason, "no kernel for ai.onnx:Round");
}

TEST(CoverageAnalysisTest, DynamicDimensionsKeepEveryNodeOffNnapi) {
  onnx::ModelProto convnet;
  ASSERT_TRUE(convnet.ParseFromString(testing::ConvNetModel()));
  const CoverageResult c = Analyze(convnet, NnapiOpTable());
  EXPECT_EQ(c.taken, 0u);
  EXPECT_EQ(c.partitions, 0u);
  EXPECT_EQ(c.nodes.front().reason, "dimension 'batch' is free (it needs static shapes)");
}

TEST(CoverageAnalysisTest, SinceVersionOutsideTheRangeFallsBack) {
  ModelBuilder b("split", 11);
  b.Input("x", ElementType::kFloat32, {1, 4})
      .Output("y0", ElementType::kFloat32, {1, 2})
      .Output("y1", ElementType::kFloat32, {1, 2})
      .Node("Split", {"x"}, {"y0", "y1"}, {Attr::Int("axis", 1)}, "split");
  const CoverageResult c = Analyze(b.proto(), NnapiOpTable());
  EXPECT_EQ(VerdictOf(c, "split").reason, "its since-version 11 is outside 13-28");
}

TEST(CoverageAnalysisTest, InputTypeOutsideTheTablesTypesFallsBack) {
  ModelBuilder b("f64");
  b.Input("x", ElementType::kFloat64, {1, 4}).Output("y", ElementType::kFloat64, {1, 4}).Node("Relu", {"x"}, {"y"}, {}, "relu");
  const CoverageResult c = Analyze(b.proto(), NnapiOpTable());
  EXPECT_EQ(VerdictOf(c, "relu").reason, "input 0 is float64 (it takes float32)");
}

TEST(CoverageAnalysisTest, ATypeTheWholeProviderLacksFallsBack) {
  ModelBuilder b("f64");
  b.Input("x", ElementType::kFloat64, {1, 4}).Output("y", ElementType::kFloat64, {1, 4}).Node("Relu", {"x"}, {"y"}, {}, "relu");
  const CoverageResult c = Analyze(b.proto(), WebGpuOpTable());
  EXPECT_EQ(VerdictOf(c, "relu").reason, "input 0 is float64 (webgpu has no float64 kernels)");
}

TEST(CoverageAnalysisTest, XnnpackTakesReluOnlyFusedIntoATakenProducer) {
  const CoverageResult c = Analyze(testing::ReluSandwich("Neg"), XnnpackOpTable());
  EXPECT_EQ(VerdictOf(c, "relu_a").reason, "taken only when fused into a Conv|MaxPool|AveragePool it takes");
  EXPECT_TRUE(VerdictOf(c, "mid").taken);
  EXPECT_EQ(c.partitions, 1u);
  EXPECT_EQ(c.boundary_tensors, 2u);
}

TEST(CoverageAnalysisTest, ParallelBranchesOfTakenNodesFormOnePartition) {
  ModelBuilder b("branches");
  b.Input("x", ElementType::kFloat32, {1, 4})
      .Output("y", ElementType::kFloat32, {1, 4})
      .Node("Relu", {"x"}, {"l"}, {}, "left")
      .Node("Sigmoid", {"x"}, {"r"}, {}, "right")
      .Node("Add", {"l", "r"}, {"y"}, {}, "join");
  const CoverageResult c = Analyze(b.proto(), NnapiOpTable());
  EXPECT_EQ(c.taken, 3u);
  EXPECT_EQ(c.partitions, 1u);
}

TEST(CoverageAnalysisTest, FallbackOpsAreCountedMostFrequentFirst) {
  ModelBuilder b("fallbacks");
  b.Input("x", ElementType::kFloat32, {1, 4})
      .Output("y", ElementType::kFloat32, {1, 4})
      .Node("Sign", {"x"}, {"a"}, {}, "sign")
      .Node("Round", {"a"}, {"b"}, {}, "round_1")
      .Node("Round", {"b"}, {"c"}, {}, "round_2")
      .Node("Relu", {"c"}, {"y"}, {}, "relu");
  const CoverageResult c = Analyze(b.proto(), NnapiOpTable());
  ASSERT_EQ(c.fallback_ops.size(), 2u);
  EXPECT_EQ(c.fallback_ops[0], (std::pair<std::string, std::size_t>{"Round", 2}));
  EXPECT_EQ(c.fallback_ops[1], (std::pair<std::string, std::size_t>{"Sign", 1}));
  EXPECT_EQ(c.partitions, 1u);
  EXPECT_EQ(c.boundary_tensors, 1u);
}

TEST(CoverageAnalysisTest, NamesTypeSets) {
  EXPECT_EQ(TypeSetNames(kFloat | kFloat16 | kBfloat16), "float32, float16, bfloat16");
}

}  // namespace
}  // namespace ortkit::graph
