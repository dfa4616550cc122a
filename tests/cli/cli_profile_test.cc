// `ortkit profile` through the real binary: golden text (measured numbers masked), the kept
// trace and node memory statistics, --diff of two traces, JSON, and each bad argument's one error
// line.
#include <algorithm>
#include <fstream>
#include <memory>
#include <regex>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli/cli_runner.h"
#include "ortkit/runtime.h"
#include "testing/temp_dir.h"
#include "testing/test_models.h"

namespace ortkit::testing {
namespace {

class CliProfileTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = std::make_unique<TempDir>();
    WriteFile(dir_->File("convnet.onnx"), ConvNetModel());
    // Basic optimisation: the node names then don't depend on the CPU (the NCHWc layout
    // transformer of level "all" renames convolutions on machines with AVX2/AVX-512 only).
    std::ofstream(dir_->File("one.json")) << "{\"intra_op_threads\": 1, \"optimization_level\": \"basic\"}";
  }
  static void TearDownTestSuite() { dir_.reset(); }

  static CliResult Run(const std::vector<std::string>& args) { return RunCli(args, dir_->path()); }
  static CliResult Ok(const std::vector<std::string>& args) {
    CliResult r = Run(args);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.err, "");
    return r;
  }
  static void ExpectError(const std::vector<std::string>& args, const std::string& line) {
    ExpectRefusal(Run(args), line + "\n");
  }

  static std::unique_ptr<TempDir> dir_;
};

std::unique_ptr<TempDir> CliProfileTest::dir_;

TEST_F(CliProfileTest, TextOfAConvNetWithTheTraceKept) {
  const CliResult r = Ok({"profile", "convnet.onnx", "--config", "one.json", "--runs", "3", "--top", "0",
                          "--trace", "convnet_trace.json"});
  ExpectGolden("profile_convnet.txt", SortTableBlocks(MaskMeasured(r.out)));
  // The kept trace is ORT's Chrome-trace array, loadable in chrome://tracing and Perfetto.
  std::ifstream trace(dir_->File("convnet_trace.json"));
  const auto doc = nlohmann::json::parse(trace);
  ASSERT_TRUE(doc.is_array());
  EXPECT_EQ(doc[0]["ph"], "X");
}

TEST_F(CliProfileTest, JsonListsEveryNode) {
  const auto doc = nlohmann::json::parse(Ok({"profile", "convnet.onnx", "--runs", "2", "--top", "1", "--json"}).out);
  EXPECT_EQ(doc["format"], "ortkit.profile/1");
  EXPECT_EQ(doc["runs"], 2);
  EXPECT_EQ(doc["steady_runs"], 1);
  EXPECT_GT(doc["nodes"].size(), 1u);  // --top limits the text only
  for (const char* key : {"ops", "nodes", "by_provider", "memcpy_nodes", "cpu_fallback_nodes", "notes"}) {
    EXPECT_TRUE(doc[key].is_array()) << key;
  }
}

TEST_F(CliProfileTest, DiffOfTwoTracesListsEveryOpAndNode) {
  Ok({"profile", "convnet.onnx", "--runs", "2", "--trace", "a.json", "--config", "one.json"});
  Ok({"profile", "convnet.onnx", "--runs", "2", "--trace", "b.json", "--config", "one.json", "--dim", "batch=2"});
  const std::string text = Ok({"profile", "--diff", "a.json", "b.json", "--top", "0"}).out;
  EXPECT_EQ(text.rfind("\nsteady run (mean)\n", 0), 0u) << text;
  EXPECT_NE(text.find("\n  A       a.json "), std::string::npos) << text;
  EXPECT_NE(text.find("\nby op type (largest change first)\n  op type "), std::string::npos) << text;
  for (const char* node : {"stem/Conv", "fc/Gemm"}) EXPECT_NE(text.find(node), std::string::npos) << node << "\n" << text;
  const auto doc = nlohmann::json::parse(Ok({"profile", "--diff", "a.json", "b.json", "--json"}).out);
  EXPECT_EQ(doc["a"], "a.json");
  for (const auto& node : doc["nodes"]) {
    EXPECT_FALSE(node["only_a"].get<bool>() || node["only_b"].get<bool>()) << node;  // the same graph twice
  }
}

TEST_F(CliProfileTest, NodeMemoryStatisticsAreKeptAndNeverOverwrittenWithoutForce) {
  const std::vector<std::string> args = {"profile", "convnet.onnx", "--config", "one.json", "--runs", "1",
                                         "--node-memory-stats", "kept.csv"};
  std::vector<std::string> with_json = args;
  with_json.push_back("--json");
  const std::string json = Ok(with_json).out;
  // As ORT wrote it: its header, then a line per node with ORT's hash after the name.
  const std::string kept = ReadFileOrEmpty(dir_->File("kept.csv"));
  EXPECT_EQ(kept.rfind("#name,input_sizes,initializers_sizes,total_dynamic_sizes,total_temp_allocations\n", 0), 0u) << kept;
  EXPECT_TRUE(std::regex_search(kept, std::regex("\nstem/Conv_[0-9]+,[0-9]+,[0-9]+,[0-9]+,[0-9]+\n"))) << kept;
  // The report reads the same statistics (one more session, so the figures are not compared).
  EXPECT_FALSE(nlohmann::json::parse(json).at("node_memory").empty()) << json;

  std::ofstream(dir_->File("kept.csv")) << "mine";
  ExpectError(args, "ortkit: error: --node-memory-stats 'kept.csv' exists; pass --force to overwrite it");
  EXPECT_EQ(ReadFileOrEmpty(dir_->File("kept.csv")), "mine");
  std::vector<std::string> forced = args;
  forced.push_back("--force");
  Ok(forced);
  EXPECT_EQ(ReadFileOrEmpty(dir_->File("kept.csv")).rfind("#name,", 0), 0u);
}

TEST_F(CliProfileTest, NodeMemoryStatisticsFlagConflictsGiveOneErrorLine) {
  const std::string conflict =
      "ortkit: error: --node-memory-stats keeps the node memory statistics that --no-node-memory skips: give one of them";
  ExpectError({"profile", "convnet.onnx", "--no-node-memory", "--node-memory-stats", "new.csv"}, conflict);
  std::ofstream(dir_->File("old.csv")) << "mine";  // the conflict is named, not the file that exists
  ExpectError({"profile", "convnet.onnx", "--no-node-memory", "--node-memory-stats", "old.csv"}, conflict);
  ExpectError({"profile", "--diff", "a.json", "b.json", "--node-memory-stats", "new.csv"},
              "ortkit: error: --node-memory-stats needs a model profiled now, not --diff");
  ExpectError({"profile", "convnet.onnx", "--node-memory-stats", "no_such_dir/new.csv"},
              "ortkit: error: --node-memory-stats 'no_such_dir/new.csv': directory '" + dir_->File("no_such_dir") +
                  "' does not exist");
  EXPECT_FALSE(std::ifstream(dir_->File("new.csv")).good());
  EXPECT_EQ(ReadFileOrEmpty(dir_->File("old.csv")), "mine");
}

TEST_F(CliProfileTest, BadArgumentsGiveOneErrorLine) {
  ExpectError({"profile"}, "ortkit: error: give MODEL to profile, or --diff A.json B.json");
  ExpectError({"profile", "convnet.onnx", "--diff", "a.json", "b.json"},
              "ortkit: error: --diff compares two traces; give it without MODEL");
  ExpectError({"profile", "--diff", "convnet.onnx", "convnet.onnx"},
              "ortkit: error: 'convnet.onnx': not an ONNX Runtime profile: not valid JSON");
  ExpectError({"profile", "--diff", "none.json", "none.json"}, "ortkit: error: cannot read 'none.json': No such file or directory");
  ExpectError({"profile", "convnet.onnx", "--dim", "btch=2"},
              "ortkit: error: --dim btch=2: the model has no free dimension 'btch' (its free dimensions: batch)");
  ExpectError({"profile", "convnet.onnx", "--runs", "0"},
              "ortkit: error: --runs: Value 0 not in range 1 to 1000000\nRun 'ortkit profile --help' for usage.");
  if (!ProviderUsable("cuda")) {
    const CliResult r = Run({"profile", "convnet.onnx", "--provider", "cuda"});
    EXPECT_EQ(r.exit_code, 2);
    ASSERT_EQ(Lines(r.err).size(), 1u) << r.err;
    EXPECT_EQ(r.err.rfind("ortkit: error: provider 'cuda' is not usable here: ", 0), 0u) << r.err;
  }
}

}  // namespace
}  // namespace ortkit::testing
