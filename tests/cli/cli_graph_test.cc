// `ortkit graph`: the real binary writes the page, refuses to overwrite it without --force, and
// fails in one line with exit 2 on a bad model, flag, profile or node memory statistics; the
// statistics `ortkit profile --node-memory-stats` keeps are drawn.
#include <algorithm>
#include <filesystem>
#include <fstream>

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli/cli_runner.h"
#include "profile/node_memory.h"
#include "testing/temp_dir.h"
#include "testing/test_models.h"
#include "view/view_models.h"

namespace ortkit::testing {
namespace {

namespace fs = std::filesystem;

class CliGraphTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::ofstream(dir_.File("scoped.onnx"), std::ios::binary) << ScopedModelBytes(2);
  }
  CliResult Run(const std::vector<std::string>& args) { return RunCli(args, dir_.path()); }
  // Exit 2, nothing on stdout, one error line naming `what`; a usage error (a flag) adds only the
  // pointer to --help, as every subcommand's does.
  static void ExpectOneLineError(const CliResult& r, const std::string& what) {
    EXPECT_EQ(r.exit_code, 2) << r.err;
    EXPECT_EQ(r.out, "");
    const std::vector<std::string> lines = Lines(r.err);
    ASSERT_FALSE(lines.empty());
    EXPECT_EQ(lines[0].rfind("ortkit: error: ", 0), 0u) << r.err;
    EXPECT_NE(lines[0].find(what), std::string::npos) << r.err;
    if (lines.size() > 1) {
      EXPECT_EQ(lines.size(), 2u) << r.err;
      EXPECT_EQ(lines[1], "Run 'ortkit graph --help' for usage.");
    }
  }
  TempDir dir_;
};

TEST_F(CliGraphTest, HelpShowsTheFlagsAndExamples) {
  const CliResult r = Run({"graph", "--help"});
  EXPECT_EQ(r.exit_code, 0);
  for (const char* text : {"--provider", "--profile", "--node-memory", "--force", "--max-boxes", "Examples:",
                           "ortkit graph model.onnx -o graph.html", "--node-memory-stats mem.csv"}) {
    EXPECT_NE(r.out.find(text), std::string::npos) << text;
  }
  EXPECT_NE(Run({"--help"}).out.find("\n  graph "), std::string::npos);  // listed among the subcommands
}

TEST_F(CliGraphTest, WritesOnePageAndSaysWhatItHolds) {
  const CliResult r = Run({"graph", "scoped.onnx", "-o", "graph.html"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  EXPECT_EQ(r.out.rfind("Wrote graph.html (", 0), 0u) << r.out;
  EXPECT_NE(r.out.find("24 nodes"), std::string::npos) << r.out;
  const std::string html = ReadFileOrEmpty(dir_.File("graph.html"));
  EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_NE(html.find("ORTKIT007"), std::string::npos);  // check's findings are in it
}

TEST_F(CliGraphTest, JsonSummaryHasTheFigures) {
  const CliResult r = Run({"graph", "scoped.onnx", "-o", "graph.html", "--format", "json", "--provider", "webgpu"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("\"nodes\": 24"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\"boxes_at_open\""), std::string::npos) << r.out;
}

TEST_F(CliGraphTest, RefusesToOverwriteWithoutForce) {
  ASSERT_EQ(Run({"graph", "scoped.onnx", "-o", "graph.html"}).exit_code, 0);
  std::ofstream(dir_.File("graph.html")) << "mine";
  ExpectOneLineError(Run({"graph", "scoped.onnx", "-o", "graph.html"}), "graph.html");
  EXPECT_EQ(ReadFileOrEmpty(dir_.File("graph.html")), "mine");
  EXPECT_EQ(Run({"graph", "scoped.onnx", "-o", "graph.html", "--force"}).exit_code, 0);
  EXPECT_NE(ReadFileOrEmpty(dir_.File("graph.html")), "mine");
}

TEST_F(CliGraphTest, BadModelsAndFlagsFailInOneLine) {
  ExpectOneLineError(Run({"graph", "absent.onnx", "-o", "graph.html"}), "absent.onnx");
  std::ofstream(dir_.File("junk.onnx")) << "not a model \xff\xff";
  ExpectOneLineError(Run({"graph", "junk.onnx", "-o", "graph.html"}), "junk.onnx");
  ExpectOneLineError(Run({"graph", "scoped.onnx", "-o", "graph.html", "--provider", "tpu"}), "tpu");
  ExpectOneLineError(Run({"graph", "scoped.onnx"}), "--output");
  std::ofstream(dir_.File("prof.json")) << "{\"not\": \"a profile\"}";
  ExpectOneLineError(Run({"graph", "scoped.onnx", "-o", "graph.html", "--profile", "prof.json"}), "prof.json");
  EXPECT_FALSE(fs::exists(dir_.File("graph.html")));  // nothing half-written
}

TEST_F(CliGraphTest, DimSizesTheStaticCostAndModelExplorerGetsItsNodeData) {
  const CliResult r = Run({"graph", "scoped.onnx", "-o", "graph.html", "--dim", "batch=2", "--dim", "seq=5", "--format",
                           "model-explorer"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const nlohmann::json doc = nlohmann::json::parse(r.out);
  ASSERT_EQ(doc.size(), 1u) << r.out;
  const nlohmann::json& results = doc.begin().value()["results"];
  EXPECT_EQ(results["/layers.0/self_attn/q_proj/MatMul"]["value"], 640.0) << r.out;  // [2,5,8] x [8,8]
  EXPECT_TRUE(fs::exists(dir_.File("graph.html")));
  // The page carries the same figures for its cost overlay.
  EXPECT_NE(ReadFileOrEmpty(dir_.File("graph.html")).find("\"flops\":640"), std::string::npos);

  const CliResult findings = Run({"graph", "scoped.onnx", "-o", "graph.html", "--force", "--format", "model-explorer",
                                  "--node-data", "findings"});
  ASSERT_EQ(findings.exit_code, 0) << findings.err;
  const nlohmann::json findings_doc = nlohmann::json::parse(findings.out);
  double most = 0;
  for (const auto& entry : findings_doc.begin().value().at("results").items()) {
    most = std::max(most, entry.value()["value"].get<double>());
  }
  EXPECT_GE(most, 1.0) << findings.out;  // check finds the float64 stretch and the TopK tail

  const CliResult text = Run({"graph", "scoped.onnx", "-o", "graph.html", "--force"});
  // No sizes: only the nodes whose FLOPs need none, the two Constants and the two Casts (data
  // movement, 0 FLOPs); the rest depend on batch and seq.
  EXPECT_NE(text.out.find("24 nodes (4 costed)"), std::string::npos) << text.out;
}

TEST_F(CliGraphTest, NodeDataMistakesFailInOneLineAndWriteNothing) {
  ExpectOneLineError(Run({"graph", "scoped.onnx", "-o", "graph.html", "--format", "model-explorer", "--node-data", "time"}),
                     "--node-data time on 'scoped.onnx': the view has no time data; it needs --profile");
  ExpectOneLineError(Run({"graph", "scoped.onnx", "-o", "graph.html", "--format", "model-explorer", "--node-data", "memory"}),
                     "--node-data memory on 'scoped.onnx': the view has no memory data; it needs --node-memory");
  ExpectOneLineError(Run({"graph", "scoped.onnx", "-o", "graph.html", "--node-data", "cost"}),
                     "--node-data picks what --format model-explorer exports");
  ExpectOneLineError(Run({"graph", "scoped.onnx", "-o", "graph.html", "--format", "model-explorer", "--node-data", "flops"}),
                     "--node-data");
  ExpectOneLineError(Run({"graph", "scoped.onnx", "-o", "graph.html", "--dim", "heads=4"}), "heads");
  EXPECT_FALSE(fs::exists(dir_.File("graph.html")));
}

// The round trip: profile keeps ORT's statistics as ORT wrote them, and graph draws every named
// node's bytes (Model Explorer's export shows the same figures the page carries).
TEST_F(CliGraphTest, NodeMemoryThatProfileKeptIsDrawnPerNode) {
  WriteFile(dir_.File("convnet.onnx"), ConvNetModel());
  // Basic optimisation: ORT's node names do not depend on the CPU (see cli_profile_test.cc).
  std::ofstream(dir_.File("one.json")) << "{\"intra_op_threads\": 1, \"optimization_level\": \"basic\"}";
  const CliResult profiled = Run({"profile", "convnet.onnx", "--config", "one.json", "--runs", "1", "--warmup", "0",
                                  "--node-memory-stats", "mem.csv"});
  ASSERT_EQ(profiled.exit_code, 0) << profiled.err;
  const std::string csv = ReadFileOrEmpty(dir_.File("mem.csv"));
  EXPECT_EQ(csv.rfind("#name,input_sizes,initializers_sizes,total_dynamic_sizes,total_temp_allocations\n", 0), 0u) << csv;
  const std::vector<profile::NodeMemory> stats = profile::ReadNodeMemoryStats(dir_.File("mem.csv"));
  ASSERT_FALSE(stats.empty()) << csv;

  const CliResult r = Run({"graph", "convnet.onnx", "-o", "graph.html", "--node-memory", "mem.csv", "--format",
                           "model-explorer", "--node-data", "memory"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const nlohmann::json results = nlohmann::json::parse(r.out).at("convnet").at("results");
  const std::vector<std::string> model_nodes = {"stem/Conv", "stem/Relu", "block.conv1/Conv", "block.conv1/Relu",
                                                "block.conv2/Conv", "block/Add", "block/Relu", "down/Conv",
                                                "down/Relu", "pool", "flatten", "fc/Gemm"};
  std::size_t matched = 0;
  double largest = 0;
  for (const profile::NodeMemory& node : stats) {
    if (std::find(model_nodes.begin(), model_nodes.end(), node.node) == model_nodes.end()) {
      EXPECT_FALSE(results.contains(node.node)) << node.node;  // a node ORT made: no box to put it on
      continue;
    }
    ++matched;
    ASSERT_TRUE(results.contains(node.node)) << node.node << " in " << r.out;
    EXPECT_EQ(results[node.node]["value"].get<double>(), static_cast<double>(node.allocated_bytes())) << node.node;
    largest = std::max(largest, static_cast<double>(node.allocated_bytes()));
  }
  EXPECT_EQ(results.size(), matched) << r.out;
  EXPECT_GT(matched, 0u) << csv;
  EXPECT_GT(largest, 0.0) << csv;  // ORT allocated some output or scratch at run time
  const std::string html = ReadFileOrEmpty(dir_.File("graph.html"));
  EXPECT_NE(html.find("\"memory\":true"), std::string::npos);
  EXPECT_NE(html.find(fmt::format("\"max_alloc_bytes\":{}", static_cast<int64_t>(largest))), std::string::npos);
}

TEST_F(CliGraphTest, WrongNodeMemoryFilesFailInOneLineNamingTheFileAndWriteNothing) {
  const std::string header = "#name,input_sizes,initializers_sizes,total_dynamic_sizes,total_temp_allocations\n";
  std::ofstream(dir_.File("short.csv")) << header << "/embed/Mul_1,1,2,3,4\n/post/TopK_2,1,2,3\n";
  ExpectOneLineError(Run({"graph", "scoped.onnx", "-o", "graph.html", "--node-memory", "short.csv"}),
                     "'short.csv' line 3: expected NAME and four byte counts, found '/post/TopK_2,1,2,3'");
  std::ofstream(dir_.File("negative.csv")) << header << "/embed/Mul_1,1,2,-3,4\n";
  ExpectOneLineError(Run({"graph", "scoped.onnx", "-o", "graph.html", "--node-memory", "negative.csv"}),
                     "'negative.csv' line 2: expected NAME and four byte counts");
  std::ofstream(dir_.File("empty.csv")) << "";
  ExpectOneLineError(Run({"graph", "scoped.onnx", "-o", "graph.html", "--node-memory", "empty.csv"}),
                     "'empty.csv' is empty: expected ONNX Runtime's node memory statistics");
  ExpectOneLineError(Run({"graph", "scoped.onnx", "-o", "graph.html", "--node-memory", "absent.csv"}),
                     "cannot read 'absent.csv'");
  // The model itself, given by mistake: a binary file, named with its line, on one line.
  ExpectOneLineError(Run({"graph", "scoped.onnx", "-o", "graph.html", "--node-memory", "scoped.onnx"}),
                     "'scoped.onnx' line 1: expected NAME and four byte counts");
  EXPECT_FALSE(fs::exists(dir_.File("graph.html")));
  // A page that exists is left as it was.
  std::ofstream(dir_.File("graph.html")) << "mine";
  ExpectOneLineError(Run({"graph", "scoped.onnx", "-o", "graph.html", "--force", "--node-memory", "short.csv"}),
                     "'short.csv' line 3");
  EXPECT_EQ(ReadFileOrEmpty(dir_.File("graph.html")), "mine");
}

}  // namespace
}  // namespace ortkit::testing
