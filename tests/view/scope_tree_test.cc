#include "view/scope_tree.h"

#include <gtest/gtest.h>

namespace ortkit::view {
namespace {

using Parts = std::vector<std::string>;

TEST(ScopeTreeTest, ScopeIsEveryPartButTheLast) {
  EXPECT_EQ(ScopeOf("/layers.0/self_attn/q_proj/MatMul"), (Parts{"layers.0", "self_attn", "q_proj"}));
  EXPECT_EQ(ScopeOf("model/dense/MatMul"), (Parts{"model", "dense"}));  // tf2onnx: no leading slash
  EXPECT_EQ(ScopeOf("Add_3"), Parts{});
  EXPECT_EQ(ScopeOf(""), Parts{});
  EXPECT_EQ(ScopeOf("//a///b"), Parts{"a"});  // empty parts are no scope
}

TEST(ScopeTreeTest, ShortNameIsTheLastPart) {
  EXPECT_EQ(ShortName("/layers.0/self_attn/Softmax"), "Softmax");
  EXPECT_EQ(ShortName("Add_3"), "Add_3");
  EXPECT_EQ(ShortName("/a/"), "a");
}

TEST(ScopeTreeTest, NodesOfOneScopeShareNestedClusters) {
  std::vector<ViewCluster> clusters;
  ScopeTree tree(clusters);
  const int q = tree.ClusterFor(-1, {"layers.0", "self_attn", "q_proj"});
  const int k = tree.ClusterFor(-1, {"layers.0", "self_attn", "k_proj"});
  const int q_again = tree.ClusterFor(-1, {"layers.0", "self_attn", "q_proj"});
  EXPECT_EQ(q, q_again);
  ASSERT_EQ(clusters.size(), 4u);  // layers.0, self_attn, q_proj, k_proj
  EXPECT_EQ(clusters[static_cast<std::size_t>(q)].path, "/layers.0/self_attn/q_proj");
  EXPECT_EQ(clusters[static_cast<std::size_t>(q)].depth, 3);
  EXPECT_EQ(clusters[static_cast<std::size_t>(q)].parent, clusters[static_cast<std::size_t>(k)].parent);
  EXPECT_EQ(clusters[0].label, "layers.0");
  EXPECT_EQ(clusters[0].parent, -1);
  EXPECT_EQ(tree.ClusterFor(-1, {}), -1);
  EXPECT_EQ(tree.ClusterFor(q, {}), q);
}

TEST(ScopeTreeTest, SubgraphClustersAreNeverShared) {
  std::vector<ViewCluster> clusters;
  ScopeTree tree(clusters);
  const int scope = tree.ClusterFor(-1, {"gate"});
  const int then_branch = tree.AddSubgraph(scope, "If \u203a then_branch", "/gate/If/then_branch");
  const int same_scope_inside = tree.ClusterFor(then_branch, {"gate"});
  EXPECT_NE(same_scope_inside, scope);
  EXPECT_EQ(clusters[static_cast<std::size_t>(then_branch)].kind, ClusterKind::kSubgraph);
  EXPECT_EQ(clusters[static_cast<std::size_t>(then_branch)].depth, 2);
  EXPECT_EQ(clusters[static_cast<std::size_t>(same_scope_inside)].depth, 3);
}

TEST(ScopeTreeTest, CountsNodesIntoEveryEnclosingCluster) {
  std::vector<ViewCluster> clusters;
  ScopeTree tree(clusters);
  std::vector<ViewNode> nodes(3);
  nodes[0].cluster = tree.ClusterFor(-1, {"a", "b"});
  nodes[1].cluster = tree.ClusterFor(-1, {"a"});
  nodes[2].cluster = -1;
  ScopeTree::CountNodes(nodes, clusters);
  EXPECT_EQ(clusters[0].nodes, 2u);  // a
  EXPECT_EQ(clusters[1].nodes, 1u);  // a/b
}

}  // namespace
}  // namespace ortkit::view
