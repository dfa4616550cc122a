// Rule ORTKIT009 (provider-coverage): which nodes each --target provider would take, how many
// partitions it would form, which nodes fall back to CPU, all counted on the graph ORT partitions
// (partitioned_graph.h), and (for providers this build runs) where ORT actually placed them.
#pragma once

#include <memory>

#include "graph/checks/rule.h"

namespace ortkit::graph {

/// The provider-coverage rule (ORTKIT009). Uses ORT for the graph it counts (the model ORT builds
/// at level basic) and for the actual placement; with CheckOptions::use_ort false it counts the
/// file's graph less its Constant nodes and skips the placement.
std::unique_ptr<Rule> MakeProviderCoverageRule();

}  // namespace ortkit::graph
