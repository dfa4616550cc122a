// `ortkit bench` through the real binary: golden text and Markdown (measured numbers masked), a
// JSON with every field, a matrix on a tiny budget, --baseline's exit status, and each bad
// argument's one error line.
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

// Few requests and no variation warning (its presence depends on the machine's noise).
const std::vector<std::string> kTiny = {"--cold-runs", "2", "--warmup", "2", "--runs", "20",
                                        "--set", "intra_threads=1", "--max-variation", "1000000%"};

std::vector<std::string> Args(std::vector<std::string> args) {
  args.insert(args.end(), kTiny.begin(), kTiny.end());
  return args;
}

class CliBenchTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = std::make_unique<TempDir>();
    WriteFile(dir_->File("add.onnx"), AddModel());
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
  static void ExpectUsageError(const std::vector<std::string>& args, const std::string& line) {
    ExpectError(args, line + "\nRun 'ortkit bench --help' for usage.");
  }

  static std::unique_ptr<TempDir> dir_;
};

std::unique_ptr<TempDir> CliBenchTest::dir_;

TEST_F(CliBenchTest, TextPerShapeAndMix) {
  ExpectGolden("bench_add.txt", MaskMeasured(Ok(Args({"bench", "add.onnx", "--dim", "batch=1,2"})).out));
}

TEST_F(CliBenchTest, MarkdownWithThreadsAndSessions) {
  ExpectGolden("bench_add.md", MaskMeasured(Ok(Args({"bench", "add.onnx", "--threads", "2", "--sessions", "2",
                                                     "--io-binding", "--format", "markdown"})).out));
}

TEST_F(CliBenchTest, JsonHasEveryField) {
  const auto doc = nlohmann::json::parse(Ok(Args({"bench", "add.onnx", "--dim", "batch=1,3", "--json"})).out);
  for (const char* key : {"format", "ortkit_version", "onnxruntime_version", "model", "providers", "cold_start",
                          "steady_state", "peak_rss_mib", "warnings", "spec"}) {
    EXPECT_TRUE(doc.contains(key)) << key;
  }
  const auto& cold = doc["cold_start"];
  EXPECT_EQ(cold["runs"], 2);
  for (const char* step : {"read_file", "session_create", "first_run", "second_run"}) {
    EXPECT_EQ(cold[step]["count"], 2) << step;
    for (const char* stat : {"min_ms", "mean_ms", "stddev_ms", "p50_ms", "p90_ms", "p95_ms", "p99_ms", "max_ms"}) {
      EXPECT_TRUE(cold[step][stat].is_number()) << step << "." << stat;
    }
  }
  EXPECT_EQ(cold["new_shape_first_run"][0]["shape"], "batch=3");
  EXPECT_GT(cold["peak_rss"]["p50_mib"].get<double>(), 1);
  ASSERT_EQ(doc["steady_state"].size(), 3u);
  for (const auto& phase : doc["steady_state"]) {
    EXPECT_EQ(phase["requests"], 20);
    for (const char* key : {"name", "inputs", "wall_s", "throughput_per_s", "latency"}) EXPECT_TRUE(phase.contains(key)) << key;
    EXPECT_TRUE(phase["latency"]["p99_ms"].is_number());
  }
  EXPECT_EQ(doc["steady_state"][1]["inputs"]["x"], (std::vector<int>{3, 3}));
  EXPECT_EQ(doc["steady_state"][2]["name"], "mix");
  EXPECT_EQ(doc["spec"]["config"]["intra_op_threads"], 1);
  EXPECT_EQ(doc["spec"]["shapes"].size(), 2u);
}

TEST_F(CliBenchTest, CsvHasOneRowPerColdStepAndPhase) {
  const std::vector<std::string> lines = Lines(Ok(Args({"bench", "add.onnx", "--format", "csv"})).out);
  ASSERT_EQ(lines.size(), 6u);
  EXPECT_EQ(lines[0], "kind,name,count,min_ms,mean_ms,stddev_ms,p50_ms,p90_ms,p95_ms,p99_ms,max_ms,throughput_per_s");
  EXPECT_EQ(lines[1].rfind("cold,read_file,2,", 0), 0u) << lines[1];
  EXPECT_EQ(lines[5].rfind("steady,default,20,", 0), 0u) << lines[5];
}

TEST_F(CliBenchTest, MatrixOnATinyBudget) {
  const CliResult r = Ok({"bench", "add.onnx", "--cold-runs", "1", "--warmup", "1", "--runs", "5",
                          "--matrix", "arena=on,off", "mem_pattern=on,off", "--objective", "p90", "--json"});
  const auto doc = nlohmann::json::parse(r.out);
  EXPECT_EQ(doc["objective"], "p90");
  EXPECT_EQ(doc["keys"], (std::vector<std::string>{"arena", "mem_pattern"}));
  ASSERT_EQ(doc["cells"].size(), 4u);
  for (const auto& cell : doc["cells"]) {
    EXPECT_EQ(cell["error"], "");
    EXPECT_EQ(cell["result"]["steady_state"][0]["requests"], 5);
    EXPECT_EQ(cell["result"]["spec"]["config"]["memory"]["cpu_arena"], cell["settings"]["arena"] == "on");
  }
  const std::string text = Ok({"bench", "add.onnx", "--cold-runs", "1", "--runs", "5", "--matrix", "arena=on,off"}).out;
  EXPECT_NE(text.find("2 configurations, best p50 first (each in its own processes)"), std::string::npos) << text;
}

TEST_F(CliBenchTest, BaselineRegressionExitsOne) {
  const std::string json = Ok(Args({"bench", "add.onnx", "--json"})).out;
  std::ofstream(dir_->File("base.json")) << json;
  const CliResult same = Ok(Args({"bench", "add.onnx", "--baseline", "base.json", "--max-regression", "1000000%"}));
  EXPECT_NE(same.out.find("against baseline base.json (p50, ms; limit 1000000.0% worse)"), std::string::npos) << same.out;
  EXPECT_NE(same.out.find("  ok\n"), std::string::npos) << same.out;

  auto doc = nlohmann::json::parse(json);
  doc["steady_state"][0]["latency"]["p50_ms"] = 1e-9;  // a baseline nothing can match
  std::ofstream(dir_->File("fast.json")) << doc.dump();
  const CliResult slower = Run(Args({"bench", "add.onnx", "--baseline", "fast.json", "--max-regression", "5%"}));
  EXPECT_EQ(slower.exit_code, 1) << slower.err;
  EXPECT_EQ(slower.err, "");
  EXPECT_NE(slower.out.find("REGRESSION"), std::string::npos) << slower.out;
}

TEST_F(CliBenchTest, TheChildCommandIsHiddenFromHelp) {
  const CliResult r = Run({"--help"});
  EXPECT_NE(r.out.find("bench"), std::string::npos);
  EXPECT_EQ(r.out.find("__bench-child"), std::string::npos) << r.out;
  const CliResult help = Run({"bench", "--help"});
  EXPECT_NE(help.out.find("Examples:\n  ortkit bench model.onnx"), std::string::npos) << help.out;
}

TEST_F(CliBenchTest, BadArgumentsGiveOneErrorLine) {
  ExpectUsageError({"bench", "add.onnx", "--matrix", "foo=1,2"},
                   "ortkit: error: --matrix: 'foo=1,2': unknown key 'foo' (known: provider, intra_threads, inter_threads, "
                   "spinning, spin_duration_us, spin_backoff_max, dynamic_block_base, opt, execution_mode, arena, "
                   "arena_extend, arena_shrink, mem_pattern, io_binding, threads, sessions)");
  ExpectUsageError({"bench", "add.onnx", "--matrix", "arena=on,maybe"},
                   "ortkit: error: --matrix: 'arena=on,maybe': arena takes on or off, got 'maybe'");
  ExpectUsageError({"bench", "add.onnx", "--dim", "batch=5...9"},
                   "ortkit: error: --dim: 'batch=5...9': '5...9' is not a range of sizes");
  ExpectUsageError({"bench", "add.onnx", "--dim", "batch=9..5"},
                   "ortkit: error: --dim: 'batch=9..5': the range '9..5' is empty: its start is above its end");
  ExpectUsageError({"bench", "add.onnx", "--set", "opt=max"},
                   "ortkit: error: --set: 'opt=max': opt takes disabled, basic, extended, layout or all, got 'max'");
  ExpectUsageError({"bench", "add.onnx", "--value", "x=1..a"},
                   "ortkit: error: --value: 'x=1..a': '1..a' is not a range of numbers; expected NAME=@DIM (a "
                   "dimension's size), NAME=LOW..HIGH (uniform) or NAME=C (a constant)");
  ExpectUsageError({"bench", "add.onnx", "--max-regression", "lots"},
                   "ortkit: error: --max-regression: expected a percentage such as 5% or 2.5, got 'lots'");
  ExpectUsageError({"bench", "add.onnx", "--objective", "fastest"},
                   "ortkit: error: --objective: unknown objective 'fastest' (known: p50, p90, p95, p99, mean, "
                   "throughput, cold_start, peak_rss)");
  ExpectUsageError({"bench", "add.onnx", "--json", "--format", "csv"}, "ortkit: error: --json: is --format json; it contradicts --format csv");
  ExpectError({"bench", "add.onnx", "--baseline", "nothere.json"},
              "ortkit: error: cannot read 'nothere.json': No such file or directory");
  ExpectError({"bench", "add.onnx", "--matrix", "arena=on,off", "--baseline", "base.json"},
              "ortkit: error: --baseline compares one configuration; it does not work with --matrix");
  std::ofstream(dir_->File("shapes.txt")) << "batch=2\n";
  ExpectError({"bench", "add.onnx", "--dim", "batch=1", "--shape-file", "shapes.txt"},
              "ortkit: error: --dim and --shape-file both give shapes; use one of them");
  ExpectError({"bench", "missing.onnx", "--cold-runs", "1"}, "ortkit: error: while loading 'missing.onnx': No such file or directory");
  ExpectError({"bench", "add.onnx", "--cold-runs", "1", "--dim", "btch=2"},
              "ortkit: error: --dim btch=2: the model has no free dimension 'btch' (its free dimensions: batch)");
  ExpectError({"bench", "add.onnx", "--cold-runs", "1", "--value", "z=0..1"},
              "ortkit: error: --value z=0..1: the model has no input 'z' (its inputs: x, y)");
}

TEST_F(CliBenchTest, AnUnusableProviderIsOneErrorLine) {
  if (ProviderUsable("cuda")) GTEST_SKIP() << "CUDA is usable on this machine";
  for (const auto& args : std::vector<std::vector<std::string>>{{"bench", "add.onnx", "--provider", "cuda"},
                                                                {"bench", "add.onnx", "--matrix", "provider=cpu,cuda"}}) {
    const CliResult r = Run(args);
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.out, "");
    ASSERT_EQ(Lines(r.err).size(), 1u) << r.err;
    EXPECT_EQ(r.err.rfind("ortkit: error: provider 'cuda' is not usable here: ", 0), 0u) << r.err;
  }
}

}  // namespace
}  // namespace ortkit::testing
