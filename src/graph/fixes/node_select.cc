// Which nodes a compressing pass may touch: --include-nodes / --exclude-nodes.
#include "graph/fixes/node_select.h"

#include <fnmatch.h>

namespace ortkit::graph::fixes {

bool MatchesPattern(const std::string& pattern, const std::string& name) {
  // No FNM_PATHNAME: exporters' names are scopes, and "/encoder/*" should reach every depth.
  return fnmatch(pattern.c_str(), name.c_str(), 0) == 0;
}

NodeSelection::NodeSelection(std::vector<std::string> include, std::vector<std::string> exclude)
    : include_(std::move(include)), exclude_(std::move(exclude)) {}

bool NodeSelection::Selected(const std::string& node_name) const { return WhyNot(node_name).empty(); }

std::string NodeSelection::WhyNot(const std::string& node_name) const {
  for (const std::string& pattern : exclude_) {
    if (MatchesPattern(pattern, node_name)) return "excluded by --exclude-nodes '" + pattern + "'";
  }
  if (include_.empty()) return "";
  for (const std::string& pattern : include_) {
    if (MatchesPattern(pattern, node_name)) return "";
  }
  return "not matched by any --include-nodes pattern";
}

}  // namespace ortkit::graph::fixes
