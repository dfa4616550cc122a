#include "view/overlays.h"

#include <gtest/gtest.h>

#include "graph/check_engine.h"
#include "ortkit/error.h"
#include "profile/node_memory.h"
#include "view/graph_view_json.h"
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

// ORT's statistics for ScopedModelBytes(2), written by hand: names with ORT's hash suffix, a
// name on two lines (two nodes ORT keeps apart), a node ORT fused (in no graph of the model) and a
// subgraph body's node (matched in the main graph only, as the profile overlay matches times).
constexpr const char* kScopedMemoryStats =
    "#name,input_sizes,initializers_sizes,total_dynamic_sizes,total_temp_allocations\n"
    "/layers.0/self_attn/q_proj/MatMul_8071283301728389012,640,256,640,128\n"
    "/layers.0/mlp/Relu_42,640,0,640,0\n"
    "/layers.0/mlp/Relu_43,640,0,1280,0\n"
    "/embed/Mul_17,320,4,160,0\n"
    "MatMulAddFusion_3,1000,0,4096,1024\n"
    "then_Identity_9,64,0,64,0\n";

TEST_F(OverlaysTest, NodeMemoryIsMatchedByNameAndUnmatchedBytesCountedApart) {
  AddNodeMemory(view_, profile::ParseNodeMemoryStats(kScopedMemoryStats, "stats.csv"), "stats.csv");
  EXPECT_TRUE(view_.overlays.memory);
  EXPECT_EQ(view_.overlays.memory_source, "stats.csv");
  ASSERT_TRUE(Node("/layers.0/self_attn/q_proj/MatMul").memory.has_value());
  const NodeMemoryFigures& q = *Node("/layers.0/self_attn/q_proj/MatMul").memory;
  EXPECT_EQ(q.output_bytes, 640);
  EXPECT_EQ(q.temp_bytes, 128);
  EXPECT_EQ(q.input_bytes, 640);
  EXPECT_EQ(q.initializer_bytes, 256);
  EXPECT_EQ(q.allocated_bytes(), 768);
  // Two lines of one name: summed.
  ASSERT_TRUE(Node("/layers.0/mlp/Relu").memory.has_value());
  EXPECT_EQ(Node("/layers.0/mlp/Relu").memory->output_bytes, 640 + 1280);
  EXPECT_EQ(Node("/layers.0/mlp/Relu").memory->input_bytes, 640 + 640);
  EXPECT_EQ(Node("/layers.0/mlp/Relu").memory->allocated_bytes(), 1920);
  EXPECT_EQ(Node("/embed/Mul").memory->allocated_bytes(), 160);
  EXPECT_EQ(Node("/embed/Mul").memory->initializer_bytes, 4);
  EXPECT_FALSE(Node("/layers.1/mlp/Relu").memory.has_value());  // not in the file
  EXPECT_FALSE(Node("then_Identity").memory.has_value());       // main graph only
  // Allocated = outputs + scratch: 768 + 1920 + 160 matched; the fusion's 4096 + 1024 and the
  // body's 64 are on names the main graph does not have.
  EXPECT_EQ(view_.overlays.total_allocated_bytes, 768 + 1920 + 160 + 5120 + 64);
  EXPECT_EQ(view_.overlays.unmatched_allocated_bytes, 5120 + 64);
  // The heat's full scale is the largest drawn node's, not the fusion's (it has no box).
  EXPECT_EQ(view_.overlays.max_allocated_bytes, 1920);
  const nlohmann::json doc = GraphViewJson(view_);
  EXPECT_EQ(doc["overlays"]["memory"], true);
  EXPECT_EQ(doc["overlays"]["alloc_bytes"], 8032);
  EXPECT_EQ(doc["overlays"]["unmatched_alloc_bytes"], 5184);
  EXPECT_EQ(doc["overlays"]["max_alloc_bytes"], 1920);
  const nlohmann::json& relu = doc["nodes"][static_cast<std::size_t>(FindNode(view_, "/layers.0/mlp/Relu"))];
  EXPECT_EQ(relu["mem"], (nlohmann::json{{"out", 1920}, {"tmp", 0}, {"in", 1280}, {"init", 0}}));
  EXPECT_FALSE(doc["nodes"][static_cast<std::size_t>(FindNode(view_, "/layers.1/mlp/Relu"))].contains("mem"));
}

TEST_F(OverlaysTest, NodeMemoryOfAnotherModelMatchesNothingAndSaysSo) {
  AddNodeMemory(view_, profile::ParseNodeMemoryStats("conv/Conv_1,100,200,300,400\n", "other.csv"), "other.csv");
  EXPECT_TRUE(view_.overlays.memory);
  for (const ViewNode& node : view_.nodes) EXPECT_FALSE(node.memory.has_value()) << node.name;
  EXPECT_EQ(view_.overlays.total_allocated_bytes, 700);
  EXPECT_EQ(view_.overlays.unmatched_allocated_bytes, 700);
  EXPECT_EQ(view_.overlays.max_allocated_bytes, 0);  // the page paints no heat
  AddNodeMemory(view_, {}, "empty.csv");  // a header-only file: the overlay, with nothing in it
  EXPECT_EQ(view_.overlays.total_allocated_bytes, 0);
  EXPECT_EQ(view_.overlays.unmatched_allocated_bytes, 0);
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
