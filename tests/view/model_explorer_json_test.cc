// The static-cost overlay from graph/node_cost.h, and the overlays (time, memory, cost, findings,
// placement) as Model Explorer node data.
#include "view/model_explorer_json.h"

#include <gtest/gtest.h>

#include "graph/check_engine.h"
#include "graph/model_summary.h"
#include "ortkit/error.h"
#include "profile/node_memory.h"
#include "view/overlays.h"
#include "view/view_test_util.h"

namespace ortkit::view {
namespace {

using testing::FindNode;

class ModelExplorerJsonTest : public testing::ScopedModelViewTest {
 protected:
  // The cost `inspect --cost` computes at these sizes, on the view.
  void AddCost(const graph::FreeDimSizes& sizes) {
    graph::SummaryOptions options;
    options.cost = true;
    options.dim_sizes = sizes;
    const graph::ModelSummary summary = graph::SummarizeModel(path_, options);
    ASSERT_TRUE(summary.cost.has_value());
    AddModelCost(view_, *summary.cost);
  }
};

TEST_F(ModelExplorerJsonTest, CostOverlayHasNodeCostsCountsAtTheGivenSizes) {
  AddCost({{"batch", 2}, {"seq", 5}});
  EXPECT_TRUE(view_.overlays.cost);
  // [2,5,8] x [8,8]: 80 outputs of 8 multiply-adds; the weight is 64 floats.
  const ViewNode& q = Node("/layers.0/self_attn/q_proj/MatMul");
  ASSERT_TRUE(q.cost.has_value());
  EXPECT_EQ(q.cost->flops, 640.0);
  EXPECT_EQ(q.cost->parameter_bytes, 256.0);
  EXPECT_EQ(q.cost->activation_bytes, 2 * 80 * 4.0);  // [2,5,8] read, [2,5,8] written
  EXPECT_EQ(Node("/layers.1/mlp/Relu").cost->flops, 80.0);
  // The If's branches are not costed: their nodes stay "cost unknown".
  EXPECT_FALSE(Node("then_Identity").cost.has_value());
}

TEST_F(ModelExplorerJsonTest, WithoutSizesNodesOnFreeDimensionsAreUnknownNotGuessed) {
  AddCost({});
  EXPECT_TRUE(view_.overlays.cost);
  const ViewNode& q = Node("/layers.0/self_attn/q_proj/MatMul");
  ASSERT_TRUE(q.cost.has_value());
  EXPECT_FALSE(q.cost->flops.has_value());
  EXPECT_EQ(q.cost->parameter_bytes, 256.0);  // the weight does not depend on batch or seq
}

TEST_F(ModelExplorerJsonTest, CostNodeDataKeysMainGraphNodesByNameUnderTheGraphName) {
  AddCost({{"batch", 2}, {"seq", 5}});
  const nlohmann::json doc = ModelExplorerNodeData(view_, NodeDataMetric::kCost);
  ASSERT_EQ(doc.size(), 1u);
  ASSERT_TRUE(doc.contains(view_.graph_name)) << doc.dump();
  const nlohmann::json& g = doc[view_.graph_name];
  EXPECT_EQ(g["results"]["/layers.0/self_attn/q_proj/MatMul"]["value"], 640.0);
  EXPECT_EQ(g["results"]["/layers.1/mlp/Relu"]["value"], 80.0);
  EXPECT_FALSE(g["results"].contains("then_Identity"));  // subgraph nodes: main graph only
  ASSERT_EQ(g["gradient"].size(), 2u);
  EXPECT_EQ(g["gradient"][0]["stop"], 0);
  EXPECT_EQ(g["gradient"][1]["stop"], 1);
}

TEST_F(ModelExplorerJsonTest, FindingsAndPlacementAreCountsAndFlags) {
  graph::CheckOptions options;
  options.use_ort = false;
  AddFindings(view_, LoadGraph(path_), graph::RunChecks(path_, options).findings);
  AddPlacement(view_, LoadGraph(path_), "webgpu");
  const nlohmann::json findings = ModelExplorerNodeData(view_, NodeDataMetric::kFindings)[view_.graph_name]["results"];
  // Every main-graph op node has a value, 0 included.
  int op_nodes = 0;
  for (const ViewNode& n : view_.nodes) op_nodes += n.kind == NodeKind::kOp && n.graph == 0 ? 1 : 0;
  EXPECT_EQ(static_cast<int>(findings.size()), op_nodes);
  double total = 0;
  for (const ViewNode& n : view_.nodes) {
    if (n.kind != NodeKind::kOp || n.graph != 0) continue;
    EXPECT_EQ(findings[n.name]["value"].get<double>(), static_cast<double>(n.findings.size())) << n.name;
    total += static_cast<double>(n.findings.size());
  }
  EXPECT_GE(total, 1.0);  // the float64 stretch and the TopK tail are flagged on their nodes
  const nlohmann::json placement = ModelExplorerNodeData(view_, NodeDataMetric::kPlacement)[view_.graph_name]["results"];
  EXPECT_EQ(placement["/layers.0/self_attn/q_proj/MatMul"]["value"].get<double>(),
            Node("/layers.0/self_attn/q_proj/MatMul").placement->taken ? 1.0 : 0.0);
  EXPECT_EQ(placement["/head/Mul"]["value"].get<double>(), 0.0);  // float64: WebGPU has no kernel for it
}

TEST_F(ModelExplorerJsonTest, MemoryNodeDataIsTheBytesAllocatedForOutputsAndScratch) {
  AddNodeMemory(view_,
                profile::ParseNodeMemoryStats("/layers.0/mlp/Relu_42,640,0,640,0\n"
                                              "/layers.0/self_attn/q_proj/MatMul_7,640,256,640,128\n"
                                              "Fused_1,0,0,999,0\n",
                                              "stats.csv"),
                "stats.csv");
  AddCost({{"batch", 2}, {"seq", 5}});
  // Measured figures come before computed ones.
  EXPECT_EQ(DefaultNodeDataMetric(view_), NodeDataMetric::kMemory);
  const nlohmann::json doc = ModelExplorerNodeData(view_, NodeDataMetric::kMemory);
  const nlohmann::json& g = doc.at(view_.graph_name);
  EXPECT_EQ(g["results"].size(), 2u) << g.dump();  // only nodes in the file; the fusion has no node
  EXPECT_EQ(g["results"]["/layers.0/mlp/Relu"]["value"], 640.0);
  EXPECT_EQ(g["results"]["/layers.0/self_attn/q_proj/MatMul"]["value"], 640.0 + 128.0);  // inputs, weights not counted
  ASSERT_EQ(g["gradient"].size(), 2u);
}

TEST_F(ModelExplorerJsonTest, AMetricWithoutDataNamesTheFlagThatGivesIt) {
  EXPECT_EQ(DefaultNodeDataMetric(view_), std::nullopt);
  try {
    ModelExplorerNodeData(view_, NodeDataMetric::kTime);
    FAIL() << "no profile, no time";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("--node-data time on '" + path_ + "'"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("--profile"), std::string::npos) << e.what();
  }
  EXPECT_THROW(ModelExplorerNodeData(view_, NodeDataMetric::kPlacement), Error);
  try {
    ModelExplorerNodeData(view_, NodeDataMetric::kMemory);
    FAIL() << "no statistics, no memory";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("--node-data memory on '" + path_ + "': the view has no memory data; it needs "
                                         "--node-memory"),
              std::string::npos)
        << e.what();
  }
  AddCost({});
  EXPECT_EQ(DefaultNodeDataMetric(view_), NodeDataMetric::kCost);
}

TEST(NodeDataMetricTest, NamesRoundTrip) {
  for (const std::string& name : NodeDataMetricNames()) {
    const auto metric = ParseNodeDataMetric(name);
    ASSERT_TRUE(metric.has_value()) << name;
    EXPECT_EQ(NodeDataMetricName(*metric), name);
  }
  EXPECT_EQ(ParseNodeDataMetric("flops"), std::nullopt);
}

}  // namespace
}  // namespace ortkit::view
