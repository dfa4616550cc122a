// Helpers the view tests share: a scoped model saved to a temporary file and loaded.
#pragma once

#include <fstream>
#include <string>

#include <gtest/gtest.h>

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

/// The view tests' fixture: ScopedModelBytes(2) written to a temporary file, loaded and built
/// into a view; Node() finds a node (or graph input/output) by name and fails the test without it.
class ScopedModelViewTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = dir_.File("scoped.onnx");
    WriteBytes(path_, ScopedModelBytes(2));
    loaded_ = view::LoadGraph(path_);
    view_ = view::BuildGraphView(loaded_);
  }
  const view::ViewNode& Node(const std::string& name) {
    const int i = FindNode(view_, name);
    EXPECT_GE(i, 0) << name;
    return view_.nodes.at(static_cast<std::size_t>(i));
  }

  TempDir dir_;
  std::string path_;
  view::LoadedGraph loaded_;
  view::GraphView view_;
};

}  // namespace ortkit::testing
