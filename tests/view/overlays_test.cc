#include "view/overlays.h"

#include <gtest/gtest.h>

#include "graph/check_engine.h"
#include "ortkit/error.h"
#include "view/view_test_util.h"

namespace ortkit::view {
namespace {

using testing::FindNode;

class OverlaysTest : public testing::ScopedModelViewTest {
 protected:
  const ViewEdge* Edge(const std::string& from, const std::string& to) {
    for (const ViewEdge& e : view_.edges) {
      if (static_cast<int>(e.from) == FindNode(view_, from) && static_cast<int>(e.to) == FindNode(view_, to)) return &e;
    }
    return nullptr;
  }
  void AddStaticFindings() {
    graph::CheckOptions options;
    options.use_ort = false;
    AddFindings(view_, loaded_, graph::RunChecks(path_, options).findings);
  }
};

TEST_F(OverlaysTest, EveryFindingLandsOnANodeOrTheModel) {
  AddStaticFindings();
  ASSERT_FALSE(view_.findings.empty());
  std::vector<int> placed(view_.findings.size(), 0);
  for (const ViewNode& node : view_.nodes) {
    for (std::size_t f : node.findings) {
      ++placed.at(f);
      if (view_.findings[f].location_kind == "node") {
        EXPECT_EQ(view_.findings[f].location, node.location);
      }
    }
  }
  for (std::size_t f : view_.model_findings) ++placed.at(f);
  for (std::size_t f = 0; f < placed.size(); ++f) EXPECT_EQ(placed[f], 1) << view_.findings[f].rule_id;
  EXPECT_TRUE(view_.overlays.findings);
}

TEST_F(OverlaysTest, PostProcessingRegionAndCutComeFromCheck) {
  AddStaticFindings();
  ASSERT_TRUE(view_.overlays.post_processing);
  EXPECT_EQ(view_.post_processing_cut, std::vector<std::string>{"/head/Cast_1_output_0"});
  const ViewNode& topk = Node("/post/TopK");
  EXPECT_TRUE(topk.post_processing);
  bool has_rule = false;
  for (std::size_t f : topk.findings) has_rule |= view_.findings[f].rule_id == "ORTKIT007";
  EXPECT_TRUE(has_rule);
  EXPECT_FALSE(Node("/head/Cast_1").post_processing);
  EXPECT_FALSE(Node("then_Identity").post_processing);  // reads the cut tensor, but is not downstream of TopK
  ASSERT_NE(Edge("/head/Cast_1", "/post/TopK"), nullptr);
  EXPECT_TRUE(Edge("/head/Cast_1", "/post/TopK")->post_processing_cut);
  EXPECT_FALSE(Edge("/head/Cast_1", "then_Identity")->post_processing_cut);
  EXPECT_FALSE(Edge("/post/Constant", "/post/TopK")->post_processing_cut);
}

TEST(CutTensorsTest, ReadsTheOutputsOfTheExtractCommand) {
  Finding f;
  f.command = "ortkit extract m.onnx -o backbone.onnx --outputs /x/y_output_0,z";
  EXPECT_EQ(CutTensorsOf(f), (std::vector<std::string>{"/x/y_output_0", "z"}));
  f.command = "ortkit extract 'my model.onnx' -o backbone.onnx --outputs 'a,b c'\\''d'";
  EXPECT_EQ(CutTensorsOf(f), (std::vector<std::string>{"a", "b c'd"}));
  f.command = "";
  EXPECT_TRUE(CutTensorsOf(f).empty());
}

TEST_F(OverlaysTest, PlacementMarksFallbackAndTheEdgesCrossingIt) {
  AddPlacement(view_, loaded_, "webgpu");
  EXPECT_EQ(view_.overlays.placement_provider, "webgpu");
  ASSERT_TRUE(Node("/head/Mul").placement.has_value());
  EXPECT_FALSE(Node("/head/Mul").placement->taken);  // float64: WebGPU takes none
  EXPECT_FALSE(Node("/head/Mul").placement->reason.empty());
  EXPECT_TRUE(Node("/layers.0/mlp/Relu").placement->taken);
  EXPECT_FALSE(Node("then_Identity").placement.has_value());  // subgraphs are not partitioned
  int crossings = 0;
  for (const ViewEdge& e : view_.edges) {
    const auto& a = view_.nodes[e.from].placement;
    const auto& b = view_.nodes[e.to].placement;
    EXPECT_EQ(e.placement_crossing, a && b && a->taken != b->taken) << e.tensor;
    crossings += e.placement_crossing;
  }
  EXPECT_GT(crossings, 0);
}

TEST_F(OverlaysTest, UnknownPlacementProviderIsAConfigError) {
  try {
    AddPlacement(view_, loaded_, "tpu");
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.category(), ErrorCategory::kConfig);
    EXPECT_NE(std::string(e.what()).find("'tpu'"), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("nnapi"), std::string::npos);
  }
}

TEST_F(OverlaysTest, ProfileTimeIsSummedPerNodeAndUnmatchedTimeCountedApart) {
  profile::ProfileTrace trace;
  trace.source = "prof.json";
  auto kernel = [](const std::string& node, int64_t us) {
    profile::KernelEvent k;
    k.node = node;
    k.dur_us = us;
    return k;
  };
  trace.kernels = {kernel("/layers.0/mlp/Relu", 30), kernel("/embed/Mul", 40), kernel("/layers.0/mlp/Relu", 30),
                   kernel("MemcpyToHost", 10)};
  AddProfile(view_, trace);
  EXPECT_DOUBLE_EQ(*Node("/layers.0/mlp/Relu").time_us, 60);
  EXPECT_DOUBLE_EQ(*Node("/embed/Mul").time_us, 40);
  EXPECT_FALSE(Node("/layers.1/mlp/Relu").time_us.has_value());
  EXPECT_DOUBLE_EQ(view_.overlays.total_kernel_us, 110);
  EXPECT_DOUBLE_EQ(view_.overlays.unmatched_kernel_us, 10);
  EXPECT_TRUE(view_.overlays.time);
}

TEST_F(OverlaysTest, StaticCostGoesToTheNodesItNamesAndNoOther) {
  NodeCostFigures q;
  q.flops = 1024;
  q.parameter_bytes = 256;
  AddStaticCost(view_, {{"/layers.0/self_attn/q_proj/MatMul", q}});
  ASSERT_TRUE(Node("/layers.0/self_attn/q_proj/MatMul").cost.has_value());
  EXPECT_EQ(*Node("/layers.0/self_attn/q_proj/MatMul").cost->flops, 1024);
  EXPECT_FALSE(Node("/layers.0/self_attn/q_proj/MatMul").cost->activation_bytes.has_value());
  EXPECT_FALSE(Node("/layers.0/mlp/Relu").cost.has_value());
  EXPECT_TRUE(view_.overlays.cost);
}

}  // namespace
}  // namespace ortkit::view
