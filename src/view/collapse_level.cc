#include "view/collapse_level.h"

#include <algorithm>

namespace ortkit::view {

std::size_t VisibleBoxes(const std::vector<ViewNode>& nodes, const std::vector<ViewCluster>& clusters, int depth) {
  if (depth <= 0) return nodes.size();
  std::size_t boxes = 0;
  for (const ViewNode& node : nodes) {
    // The innermost cluster is the deepest: the node shows when it lies above the collapsed level.
    const int node_depth = node.cluster < 0 ? 0 : clusters[static_cast<std::size_t>(node.cluster)].depth;
    if (node_depth < depth) ++boxes;
  }
  for (const ViewCluster& cluster : clusters) {
    if (cluster.depth == depth) ++boxes;
  }
  return boxes;
}

int ChooseCollapseDepth(const std::vector<ViewNode>& nodes, const std::vector<ViewCluster>& clusters,
                        std::size_t target) {
  if (nodes.size() <= target) return 0;
  int max_depth = 0;
  for (const ViewCluster& cluster : clusters) max_depth = std::max(max_depth, cluster.depth);
  for (int depth = max_depth; depth >= 1; --depth) {
    if (VisibleBoxes(nodes, clusters, depth) <= target) return depth;
  }
  return max_depth == 0 ? 0 : 1;
}

}  // namespace ortkit::view
