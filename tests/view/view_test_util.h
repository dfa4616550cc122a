// Helpers the view tests share: a scoped model saved to a temporary file and loaded.
#pragma once

#include <fstream>
#include <string>

#include "testing/temp_dir.h"
#include "view/graph_view.h"
#include "view/graph_view_builder.h"
#include "view/view_models.h"

namespace ortkit::testing {

/// Writes `bytes` to `path`.
inline void WriteBytes(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary);
  out << bytes;
}

/// The index of the node called `name` (or graph input/output), or -1.
inline int FindNode(const view::GraphView& view, const std::string& name) {
  for (std::size_t i = 0; i < view.nodes.size(); ++i) {
    if (view.nodes[i].name == name) return static_cast<int>(i);
  }
  return -1;
}

}  // namespace ortkit::testing
