// Tests of the parser of ORT's node-placement log block.
#include "core/placement_log.h"

#include <gtest/gtest.h>

#include "ortkit/error.h"

namespace ortkit::core {
namespace {

std::string ErrorOf(const std::vector<std::string>& lines) {
  try {
    ParsePlacementLog(lines, "m.onnx");
  } catch (const Error& e) {
    EXPECT_EQ(e.category(), ErrorCategory::kLoad);
    return e.what();
  }
  return "no error";
}

TEST(PlacementLogTest, ReadsNodesListedPerProvider) {
  const auto parsed = ParsePlacementLog({"Removing initializer 'w'.", "Node placements",
                                         " Node(s) placed on [CPUExecutionProvider]. Number of nodes: 1",
                                         "  Round (mid)",
                                         " Node(s) placed on [WebGpuExecutionProvider]. Number of nodes: 2",
                                         "  Relu (relu_a)", "  MemcpyFromHost (Memcpy)",
                                         "SaveMLValueNameIndexMapping"},
                                        "m.onnx");
  EXPECT_EQ(parsed.all_on, "");
  const std::vector<NodePlacement> expected = {{"mid", "Round", "CPUExecutionProvider"},
                                               {"relu_a", "Relu", "WebGpuExecutionProvider"},
                                               {"Memcpy", "MemcpyFromHost", "WebGpuExecutionProvider"}};
  EXPECT_EQ(parsed.nodes, expected);
}

TEST(PlacementLogTest, AllNodesOnOneProviderGivesOnlyTheCount) {
  const auto parsed = ParsePlacementLog(
      {"Node placements", " All nodes placed on [CPUExecutionProvider]. Number of nodes: 12", "Done."}, "m.onnx");
  EXPECT_EQ(parsed.all_on, "CPUExecutionProvider");
  EXPECT_EQ(parsed.all_count, 12u);
  EXPECT_TRUE(parsed.nodes.empty());
}

TEST(PlacementLogTest, NodeNamesMayHoldSpacesParenthesesOrNothing) {
  const auto parsed = ParsePlacementLog({"Node placements", " Node(s) placed on [A]. Number of nodes: 2",
                                         "  Conv (block 1 (conv))", "  Relu ()",
                                         " Node(s) placed on [B]. Number of nodes: 0"},
                                        "m.onnx");
  const std::vector<NodePlacement> expected = {{"block 1 (conv)", "Conv", "A"}, {"", "Relu", "A"}};
  EXPECT_EQ(parsed.nodes, expected);
}

TEST(PlacementLogTest, MissingBlockIsAnError) {
  EXPECT_EQ(ErrorOf({"Session successfully initialized."}),
            "while reading the node placement of 'm.onnx': ONNX Runtime logged none (is another Ort::Env, "
            "created before ortkit's, receiving the log?)");
}

TEST(PlacementLogTest, CountDifferentFromTheListIsAnError) {
  EXPECT_EQ(ErrorOf({"Node placements", " Node(s) placed on [A]. Number of nodes: 3", "  Relu (r)"}),
            "while reading the node placement of 'm.onnx': ORT counted 3 nodes on [A] but listed 1");
}

TEST(PlacementLogTest, BlockWithoutProvidersIsAnError) {
  EXPECT_EQ(ErrorOf({"Node placements", " Nodes placed somewhere else"}),
            "while reading the node placement of 'm.onnx': the placement block lists no provider");
}

}  // namespace
}  // namespace ortkit::core
