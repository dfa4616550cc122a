// How collapsed a big graph opens: the deepest cluster level that keeps the boxes on screen near
// a target (about 200), so that a 2,000-node model opens readable and expands where asked.
#pragma once

#include <cstddef>
#include <vector>

#include "view/graph_view.h"

namespace ortkit::view {

/// The boxes on screen when every cluster at `depth` is collapsed (one box each, hiding what is
/// inside) and the shallower ones are open: the nodes outside them plus those clusters. `depth`
/// 0 means nothing is collapsed: every node is a box.
std::size_t VisibleBoxes(const std::vector<ViewNode>& nodes, const std::vector<ViewCluster>& clusters, int depth);

/// The collapse depth to open with: 0 when all nodes fit in `target` boxes; else the deepest
/// level whose VisibleBoxes is at most `target`; else 1 (the most collapsed view there is).
int ChooseCollapseDepth(const std::vector<ViewNode>& nodes, const std::vector<ViewCluster>& clusters,
                        std::size_t target = 200);

}  // namespace ortkit::view
