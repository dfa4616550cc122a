// Which nodes a compressing pass may touch: --include-nodes / --exclude-nodes, by node name or
// fnmatch(3) pattern ("/encoder/layer.0/*", "*/fc?/MatMul").
#pragma once

#include <string>
#include <vector>

namespace ortkit::graph::fixes {

/// A node is selected when it matches some include pattern (or there are none) and no exclude
/// pattern. Patterns use fnmatch(3) without flags: '*' also matches '/', so "/encoder/*" covers
/// every node under that name scope. A name without wildcards matches only itself. Unnamed nodes
/// match only "*".
class NodeSelection {
 public:
  NodeSelection(std::vector<std::string> include, std::vector<std::string> exclude);

  bool Selected(const std::string& node_name) const;
  /// Why `node_name` is not selected ("excluded by --exclude-nodes '/head/*'"); "" when it is.
  std::string WhyNot(const std::string& node_name) const;

 private:
  std::vector<std::string> include_;
  std::vector<std::string> exclude_;
};

/// True when `name` matches fnmatch pattern `pattern`.
bool MatchesPattern(const std::string& pattern, const std::string& name);

}  // namespace ortkit::graph::fixes
