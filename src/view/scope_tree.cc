#include "view/scope_tree.h"

namespace ortkit::view {

namespace {

std::vector<std::string> Parts(const std::string& name) {
  std::vector<std::string> parts;
  std::size_t at = 0;
  while (at <= name.size()) {
    const std::size_t slash = name.find('/', at);
    const std::size_t end = slash == std::string::npos ? name.size() : slash;
    if (end > at) parts.push_back(name.substr(at, end - at));
    if (slash == std::string::npos) break;
    at = slash + 1;
  }
  return parts;
}

}  // namespace

std::vector<std::string> ScopeOf(const std::string& node_name) {
  std::vector<std::string> parts = Parts(node_name);
  if (!parts.empty()) parts.pop_back();
  return parts;
}

std::string ShortName(const std::string& node_name) {
  const std::vector<std::string> parts = Parts(node_name);
  return parts.empty() ? node_name : parts.back();
}

int ScopeTree::ClusterFor(int parent, const std::vector<std::string>& scope) {
  int cluster = parent;
  for (const std::string& part : scope) {
    auto [it, inserted] = children_.try_emplace({cluster, part}, -1);
    if (inserted) {
      const std::string prefix = cluster < 0 ? "" : clusters_[static_cast<std::size_t>(cluster)].path;
      it->second = Add(ClusterKind::kScope, cluster, part, prefix + "/" + part);
    }
    cluster = it->second;
  }
  return cluster;
}

int ScopeTree::AddSubgraph(int parent, const std::string& label, const std::string& path) {
  return Add(ClusterKind::kSubgraph, parent, label, path);
}

int ScopeTree::Add(ClusterKind kind, int parent, const std::string& label, const std::string& path) {
  ViewCluster cluster;
  cluster.kind = kind;
  cluster.label = label;
  cluster.path = path;
  cluster.parent = parent;
  cluster.depth = parent < 0 ? 1 : clusters_[static_cast<std::size_t>(parent)].depth + 1;
  clusters_.push_back(std::move(cluster));
  return static_cast<int>(clusters_.size()) - 1;
}

void ScopeTree::CountNodes(const std::vector<ViewNode>& nodes, std::vector<ViewCluster>& clusters) {
  for (ViewCluster& c : clusters) c.nodes = 0;
  for (const ViewNode& node : nodes) {
    for (int c = node.cluster; c >= 0; c = clusters[static_cast<std::size_t>(c)].parent) {
      ++clusters[static_cast<std::size_t>(c)].nodes;
    }
  }
}

}  // namespace ortkit::view
