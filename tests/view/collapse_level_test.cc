#include "view/collapse_level.h"

#include <gtest/gtest.h>

#include "view/scope_tree.h"

namespace ortkit::view {
namespace {

// `groups` top-level scopes, each with `subgroups` scopes of `per` nodes, plus `loose` nodes at
// top level.
struct Fixture {
  std::vector<ViewNode> nodes;
  std::vector<ViewCluster> clusters;
  Fixture(int groups, int subgroups, int per, int loose) {
    ScopeTree tree(clusters);
    for (int g = 0; g < groups; ++g) {
      for (int s = 0; s < subgroups; ++s) {
        const int cluster = tree.ClusterFor(-1, {"g" + std::to_string(g), "s" + std::to_string(s)});
        for (int n = 0; n < per; ++n) nodes.emplace_back().cluster = cluster;
      }
    }
    for (int n = 0; n < loose; ++n) nodes.emplace_back().cluster = -1;
    ScopeTree::CountNodes(nodes, clusters);
  }
};

TEST(CollapseLevelTest, CountsNodesAboveTheLevelAndTheCollapsedClusters) {
  const Fixture f(10, 4, 5, 3);  // 200 nodes in 40 subgroups of 10 groups, 3 loose
  EXPECT_EQ(VisibleBoxes(f.nodes, f.clusters, 0), 203u);
  EXPECT_EQ(VisibleBoxes(f.nodes, f.clusters, 2), 40u + 3u);
  EXPECT_EQ(VisibleBoxes(f.nodes, f.clusters, 1), 10u + 3u);
}

TEST(CollapseLevelTest, SmallGraphsOpenExpanded) {
  const Fixture f(3, 2, 10, 5);
  EXPECT_EQ(ChooseCollapseDepth(f.nodes, f.clusters), 0);
}

TEST(CollapseLevelTest, BigGraphsOpenAtTheDeepestLevelThatFits) {
  const Fixture f(30, 6, 12, 4);  // 2,164 nodes; level 2: 180 + 4 boxes; level 1: 34
  const int depth = ChooseCollapseDepth(f.nodes, f.clusters);
  EXPECT_EQ(depth, 2);
  EXPECT_LE(VisibleBoxes(f.nodes, f.clusters, depth), 200u);
  EXPECT_EQ(ChooseCollapseDepth(f.nodes, f.clusters, 100), 1);
}

TEST(CollapseLevelTest, FallsBackToTheMostCollapsedViewWhenNothingFits) {
  const Fixture f(300, 1, 2, 0);  // 300 top-level clusters: even level 1 is 300 boxes
  EXPECT_EQ(ChooseCollapseDepth(f.nodes, f.clusters), 1);
  const Fixture flat(0, 0, 0, 500);  // no clusters at all: nothing to collapse
  EXPECT_EQ(ChooseCollapseDepth(flat.nodes, flat.clusters), 0);
}

}  // namespace
}  // namespace ortkit::view
