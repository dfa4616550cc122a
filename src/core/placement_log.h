// Parses the node-placement block ORT logs at session creation (session_state.cc, verbose).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "ortkit/placement.h"

namespace ortkit::core {

/// What the block says. ORT lists nodes only when more than one provider got some; with one
/// provider it logs " All nodes placed on [P]. Number of nodes: N" and nothing else.
struct ParsedPlacement {
  std::vector<NodePlacement> nodes;  ///< the listed nodes, in the log's order
  std::string all_on;                ///< non-empty: every node is on this provider (nodes empty)
  std::size_t all_count = 0;         ///< with all_on: how many nodes ORT counted
};

/// Reads the block starting at the line "Node placements" in `lines` (one log message each, as
/// ORT logged them). `label` names the model in errors. Throws Error(kLoad) when no block is
/// there, or when a provider's listed nodes don't match the count ORT logged for it.
ParsedPlacement ParsePlacementLog(const std::vector<std::string>& lines, const std::string& label);

}  // namespace ortkit::core
