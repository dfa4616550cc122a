// Tests of ReadNodePlacement on the providers this build runs: CPU always, WebGPU when usable.
#include "ortkit/placement.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <unistd.h>

#include <gtest/gtest.h>

#include "core/graph_node_reader.h"
#include "core/ort_session_options.h"
#include "graph/model_builder.h"
#include "ortkit/error.h"
#include "ortkit/runtime.h"
#include "testing/temp_dir.h"
#include "testing/test_models.h"

namespace ortkit {
namespace {

using graph::ModelBuilder;

// x -> Relu (relu_a) -> `middle_op` (mid) -> Relu (relu_b) -> y, float32[1,4].
std::string ReluSandwich(const std::string& middle_op) {
  ModelBuilder b("sandwich");
  b.Input("x", ElementType::kFloat32, {1, 4})
      .Output("y", ElementType::kFloat32, {1, 4})
      .Node("Relu", {"x"}, {"a"}, {}, "relu_a")
      .Node(middle_op, {"a"}, {"b"}, {}, "mid")
      .Node("Relu", {"b"}, {"y"}, {}, "relu_b");
  return b.Serialize();
}

SessionConfig Unoptimised(const std::string& provider = "cpu") {
  SessionConfig config;
  if (provider != "cpu") config.providers.push_back(ProviderConfig{provider, {}});
  config.optimization_level = OptimizationLevel::kDisabled;
  return config;
}

std::string LoadErrorOf(const std::string& path, const SessionConfig& config, ErrorCategory category) {
  try {
    ReadNodePlacement(path, config);
  } catch (const Error& e) {
    EXPECT_EQ(e.category(), category) << e.what();
    return e.what();
  }
  return "no error";
}

TEST(PlacementTest, EveryNodeOfACpuSessionIsOnTheCpuProvider) {
  testing::TempDir dir;
  const std::string path = dir.File("sandwich.onnx");
  testing::WriteFile(path, ReluSandwich("Neg"));
  const std::vector<NodePlacement> expected = {{"relu_a", "Relu", "CPUExecutionProvider"},
                                               {"mid", "Neg", "CPUExecutionProvider"},
                                               {"relu_b", "Relu", "CPUExecutionProvider"}};
  EXPECT_EQ(ReadNodePlacement(path, Unoptimised()), expected);
}

TEST(PlacementTest, NamesTheNodesOfTheOptimisedGraph) {
  testing::TempDir dir;
  const std::string path = dir.File("convnet.onnx");
  const std::string bytes = testing::ConvNetModel();
  testing::WriteFile(path, bytes);
  const auto placements = ReadNodePlacement(path, SessionConfig{});
  ASSERT_FALSE(placements.empty());
  for (const auto& p : placements) EXPECT_EQ(p.provider, "CPUExecutionProvider") << p.node;
  // At the default level ORT fuses each Relu into its Conv (FusedConv, or NCHWc Conv on AVX2
  // machines): the graph it runs has fewer nodes than the file, and no Relu left.
  EXPECT_LT(placements.size(), core::ReadGraphNodes(bytes, path).size());
  for (const auto& p : placements) EXPECT_NE(p.op_type, "Relu") << p.node;
}

TEST(PlacementTest, LeavesNoTemporaryGraphFilesBehind) {
  testing::TempDir dir;
  const std::string path = dir.File("add.onnx");
  testing::WriteFile(path, testing::AddModel());
  ASSERT_EQ(ReadNodePlacement(path, {}).size(), 1u);  // all on CPU: the naming session ran
  const std::string ours = "ortkit-placement-" + std::to_string(::getpid()) + "-";
  for (const auto& entry : std::filesystem::directory_iterator(std::filesystem::temp_directory_path())) {
    EXPECT_NE(entry.path().filename().string().rfind(ours, 0), 0u) << entry.path();
  }
}

TEST(PlacementTest, TheProbeWritesNoOptimisedModelOrProfileOfTheCallers) {
  testing::TempDir dir;
  const std::string path = dir.File("add.onnx");
  testing::WriteFile(path, testing::AddModel());
  SessionConfig config;
  config.optimized_model_path = dir.File("optimised.onnx");
  config.profiling_prefix = dir.File("profile");
  ASSERT_EQ(ReadNodePlacement(path, config).size(), 1u);
  std::vector<std::string> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir.path())) files.push_back(entry.path().filename());
  EXPECT_EQ(files, std::vector<std::string>{"add.onnx"});
}

TEST(PlacementTest, AnOpWebGpuLacksFallsBackToCpuBetweenMemcpyNodes) {
  std::string why;
  if (!ProviderUsable("webgpu", &why)) GTEST_SKIP() << "WebGPU is not usable here: " << why;
  testing::TempDir dir;
  const std::string path = dir.File("sandwich.onnx");
  // ORT 1.30's WebGPU provider registers no Round kernel (webgpu_execution_provider.cc), verified
  // by this very test: Round runs on CPU, with a copy to the host before it and back after it.
  testing::WriteFile(path, ReluSandwich("Round"));
  const std::vector<NodePlacement> expected = {{"relu_a", "Relu", "WebGpuExecutionProvider"},
                                               {"relu_b", "Relu", "WebGpuExecutionProvider"},
                                               {"Memcpy", "MemcpyFromHost", "WebGpuExecutionProvider"},
                                               {"Memcpy_token_0", "MemcpyToHost", "WebGpuExecutionProvider"},
                                               {"mid", "Round", "CPUExecutionProvider"}};
  EXPECT_EQ(ReadNodePlacement(path, Unoptimised("webgpu")), expected);
}

TEST(PlacementTest, ASupportedGraphRunsWhollyOnWebGpu) {
  std::string why;
  if (!ProviderUsable("webgpu", &why)) GTEST_SKIP() << "WebGPU is not usable here: " << why;
  testing::TempDir dir;
  const std::string path = dir.File("sandwich.onnx");
  testing::WriteFile(path, ReluSandwich("Neg"));
  const std::vector<NodePlacement> expected = {{"relu_a", "Relu", "WebGpuExecutionProvider"},
                                               {"mid", "Neg", "WebGpuExecutionProvider"},
                                               {"relu_b", "Relu", "WebGpuExecutionProvider"}};
  EXPECT_EQ(ReadNodePlacement(path, Unoptimised("webgpu")), expected);
}

TEST(PlacementTest, CountsNodesPerProviderFromOneSession) {
  testing::TempDir dir;
  const std::string path = dir.File("convnet.onnx");
  testing::WriteFile(path, testing::ConvNetModel());
  const auto counts = CountNodePlacement(path, SessionConfig{});
  ASSERT_EQ(counts.size(), 1u);
  EXPECT_EQ(counts.at("CPUExecutionProvider"), ReadNodePlacement(path, SessionConfig{}).size());
}

TEST(PlacementTest, OrtsAssignmentRecordAgreesWithItsLogOnTheCpu) {
  testing::TempDir dir;
  const std::string path = dir.File("convnet.onnx");
  testing::WriteFile(path, testing::ConvNetModel());
  const PlacementRecord record = ReadPlacementRecord(path, SessionConfig{});
  EXPECT_EQ(record.record_error, "");
  EXPECT_EQ(record.logged, CountNodePlacement(path, SessionConfig{}));
  ASSERT_EQ(record.recorded.size(), 1u);
  EXPECT_GT(record.recorded.at("CPUExecutionProvider"), 0u);
  EXPECT_TRUE(PlacementDisagreements(record).empty());
}

TEST(PlacementTest, WebGpuRecordAndLogAreCrossChecked) {
  std::string why;
  if (!ProviderUsable("webgpu", &why)) GTEST_SKIP() << "WebGPU is not usable here: " << why;
  testing::TempDir dir;
  const std::string path = dir.File("sandwich.onnx");
  testing::WriteFile(path, ReluSandwich("Round"));
  const PlacementRecord record = ReadPlacementRecord(path, Unoptimised("webgpu"));
  const std::map<std::string, std::size_t> expected = {{"CPUExecutionProvider", 1}, {"WebGpuExecutionProvider", 4}};
  EXPECT_EQ(record.logged, expected);  // the log, whatever the record says, is what is reported
  // Where ORT's record leaves WebGPU out (seen with ORT 1.30), the disagreement is named.
  const bool record_has_webgpu = record.recorded.count("WebGpuExecutionProvider") != 0;
  EXPECT_EQ(PlacementDisagreements(record).empty(), record_has_webgpu || !record.record_error.empty());
}

TEST(PlacementTest, DisagreementsAreProvidersOneAccountGivesNodesAndTheOtherNone) {
  PlacementRecord record;
  record.logged = {{"CPUExecutionProvider", 3}, {"WebGpuExecutionProvider", 12}};
  record.recorded = {{"CPUExecutionProvider", 5}};  // counts may differ: fusions come after the record
  EXPECT_EQ(PlacementDisagreements(record),
            (std::vector<std::string>{"ORT's assignment record (Session_GetEpGraphAssignmentInfo) gives "
                                      "WebGpuExecutionProvider 0 node(s), its placement log 12; ortkit reports the log"}));
  record.record_error = "session.record_ep_graph_assignment_info is not enabled";
  EXPECT_TRUE(PlacementDisagreements(record).empty());  // no record: nothing to compare
}

TEST(PlacementTest, CountsTheNodesWebGpuLeavesToCpu) {
  std::string why;
  if (!ProviderUsable("webgpu", &why)) GTEST_SKIP() << "WebGPU is not usable here: " << why;
  testing::TempDir dir;
  const std::string path = dir.File("sandwich.onnx");
  testing::WriteFile(path, ReluSandwich("Round"));
  const std::map<std::string, std::size_t> expected = {{"CPUExecutionProvider", 1}, {"WebGpuExecutionProvider", 4}};
  EXPECT_EQ(CountNodePlacement(path, Unoptimised("webgpu")), expected);
}

TEST(PlacementTest, CountingAMissingFileIsALoadError) {
  testing::TempDir dir;
  const std::string path = dir.File("absent.onnx");
  try {
    CountNodePlacement(path, {});
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.category(), ErrorCategory::kLoad);
    EXPECT_EQ(std::string(e.what()), "while loading '" + path + "': No such file or directory");
  }
}

TEST(PlacementTest, MissingFileIsALoadError) {
  testing::TempDir dir;
  const std::string path = dir.File("absent.onnx");
  EXPECT_EQ(LoadErrorOf(path, {}, ErrorCategory::kLoad),
            "while loading '" + path + "': No such file or directory");
}

TEST(PlacementTest, DirectoryIsALoadError) {
  testing::TempDir dir;
  EXPECT_EQ(LoadErrorOf(dir.path(), {}, ErrorCategory::kLoad),
            "while loading '" + dir.path() + "': it is a directory, not a model file");
}

TEST(PlacementTest, ModelOrtRefusesIsALoadErrorWithOrtsReason) {
  testing::TempDir dir;
  const std::string path = dir.File("div.onnx");
  testing::WriteFile(path, testing::DoubleFloatDivModel());
  const std::string message = LoadErrorOf(path, {}, ErrorCategory::kLoad);
  EXPECT_EQ(message.rfind("while loading '" + path + "': ", 0), 0u) << message;
  EXPECT_NE(message.find("Type parameter (T) of Optype (Div) bound to different types"), std::string::npos)
      << message;
}

TEST(PlacementTest, ProviderMissingFromThisBuildIsAConfigError) {
  testing::TempDir dir;
  const std::string path = dir.File("add.onnx");
  testing::WriteFile(path, testing::AddModel());
  std::string available;
  for (const auto& name : core::AvailableCanonicalProviders()) available += (available.empty() ? "" : ", ") + name;
  EXPECT_EQ(LoadErrorOf(path, Unoptimised("nnapi"), ErrorCategory::kConfig),
            "provider 'nnapi' is not in this ONNX Runtime build (it has: " + available + ")");
}

}  // namespace
}  // namespace ortkit
