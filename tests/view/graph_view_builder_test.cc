#include "view/graph_view_builder.h"

#include <gtest/gtest.h>

#include "ortkit/error.h"
#include "view/view_test_util.h"

namespace ortkit::view {
namespace {

using testing::FindNode;

class GraphViewBuilderTest : public testing::ScopedModelViewTest {
 protected:
  std::string ClusterPath(const ViewNode& node) {
    return node.cluster < 0 ? "" : view_.clusters[static_cast<std::size_t>(node.cluster)].path;
  }
};

TEST_F(GraphViewBuilderTest, EveryNodeOfEveryGraphIsInTheView) {
  int ops = 0, inputs = 0, outputs = 0;
  for (const ViewNode& node : view_.nodes) {
    ops += node.kind == NodeKind::kOp;
    inputs += node.kind == NodeKind::kGraphInput;
    outputs += node.kind == NodeKind::kGraphOutput;
  }
  EXPECT_EQ(ops, testing::ScopedModelNodes(2));
  EXPECT_EQ(inputs, 2);   // x, flag: the initializers are weights, not boxes
  EXPECT_EQ(outputs, 3);  // scores, ids, gated
  EXPECT_EQ(view_.graphs.size(), 3u);
  EXPECT_EQ(view_.collapse_depth, 0);  // 25 boxes open expanded
}

TEST_F(GraphViewBuilderTest, NodesSitInNestedClustersOfTheirNameScopes) {
  const ViewNode& q = Node("/layers.1/self_attn/q_proj/MatMul");
  EXPECT_EQ(ClusterPath(q), "/layers.1/self_attn/q_proj");
  EXPECT_EQ(q.label, "MatMul");
  const ViewCluster& q_proj = view_.clusters[static_cast<std::size_t>(q.cluster)];
  EXPECT_EQ(q_proj.depth, 3);
  const ViewCluster& attn = view_.clusters[static_cast<std::size_t>(q_proj.parent)];
  EXPECT_EQ(attn.label, "self_attn");
  EXPECT_EQ(attn.nodes, 4u);  // q_proj, k_proj, Add, Softmax
  EXPECT_EQ(view_.clusters[static_cast<std::size_t>(attn.parent)].nodes, 7u);
  EXPECT_EQ(ClusterPath(Node("/layers.1/Add")), "/layers.1");
  EXPECT_EQ(Node("x").cluster, -1);
}

TEST_F(GraphViewBuilderTest, BranchesAreClustersInsideTheirOwnersScope) {
  const ViewNode& identity = Node("then_Identity");
  ASSERT_GE(identity.cluster, 0);
  const ViewCluster& branch = view_.clusters[static_cast<std::size_t>(identity.cluster)];
  EXPECT_EQ(branch.kind, ClusterKind::kSubgraph);
  EXPECT_EQ(branch.label, "If \u203a then_branch");
  EXPECT_EQ(view_.clusters[static_cast<std::size_t>(branch.parent)].path, "/gate");
  EXPECT_EQ(identity.location, "/gate/If/then_branch/then_Identity");  // as check's findings name it
  EXPECT_EQ(identity.graph, 1);
}

TEST_F(GraphViewBuilderTest, ValuesCarryInferredTypesWithSymbolicDims) {
  const ViewNode& q = Node("/layers.0/self_attn/q_proj/MatMul");
  ASSERT_EQ(q.outputs.size(), 1u);
  EXPECT_EQ(q.outputs[0].type, "float32[batch,seq,8]");
  ASSERT_EQ(q.inputs.size(), 2u);
  EXPECT_EQ(q.inputs[1].name, "layers.0.q.weight");
  EXPECT_EQ(q.inputs[1].type, "float32[8,8]");
  EXPECT_EQ(Node("/head/Cast").outputs[0].type, "float64[batch,seq,8]");
  EXPECT_EQ(Node("/post/TopK").outputs[1].type, "int64[batch,seq,3]");
}

TEST_F(GraphViewBuilderTest, Float64NodesAreMarked) {
  EXPECT_TRUE(Node("/head/Cast").float64);
  EXPECT_TRUE(Node("/head/Mul").float64);
  EXPECT_TRUE(Node("/head/Cast_1").float64);
  EXPECT_FALSE(Node("/layers.0/mlp/Relu").float64);
  EXPECT_TRUE(view_.overlays.float64);
}

TEST_F(GraphViewBuilderTest, AttributesShowSmallValues) {
  const auto& softmax = Node("/layers.0/self_attn/Softmax").attributes;
  ASSERT_EQ(softmax.size(), 1u);
  EXPECT_EQ(softmax[0].name, "axis");
  EXPECT_EQ(softmax[0].value, "-1");
  EXPECT_EQ(Node("/post/Constant").attributes.at(0).value, "tensor int64[1] [3]");
  EXPECT_EQ(Node("/gate/If").attributes.at(0).value, "graph (1 nodes)");
}

TEST_F(GraphViewBuilderTest, EdgesFollowTensorsAcrossGraphs) {
  auto has_edge = [this](const std::string& from, const std::string& to, const std::string& tensor) {
    const int a = FindNode(view_, from), b = FindNode(view_, to);
    for (const ViewEdge& e : view_.edges) {
      if (static_cast<int>(e.from) == a && static_cast<int>(e.to) == b && e.tensor == tensor) return true;
    }
    return false;
  };
  EXPECT_TRUE(has_edge("x", "/embed/Mul", "x"));
  EXPECT_TRUE(has_edge("/embed/Constant", "/embed/Mul", "/embed/Constant_output_0"));
  EXPECT_TRUE(has_edge("/head/Cast_1", "then_Identity", "/head/Cast_1_output_0"));  // an outer value
  EXPECT_TRUE(has_edge("/gate/If", "gated", "gated"));
  EXPECT_TRUE(has_edge("/post/TopK", "ids", "ids"));
}

TEST(GraphViewLoadTest, MissingFileIsALoadErrorNamingIt) {
  testing::TempDir dir;
  try {
    LoadGraph(dir.File("absent.onnx"));
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.category(), ErrorCategory::kLoad);
    EXPECT_NE(std::string(e.what()).find("absent.onnx"), std::string::npos) << e.what();
  }
}

TEST(GraphViewLoadTest, BytesThatAreNotAModelAreALoadError) {
  testing::TempDir dir;
  const std::string path = dir.File("junk.onnx");
  testing::WriteBytes(path, "this is not protobuf \xff\xff\xff\xff");
  try {
    LoadGraph(path);
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.category(), ErrorCategory::kLoad);
    EXPECT_NE(std::string(e.what()).find("junk.onnx"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace ortkit::view
