// `ortkit tune` through the real binary: a real search on a tiny budget writes a profile that
// loads and holds only the kept settings, --json has every field, an existing profile is never
// overwritten without --force, a budget too short for the final comparison is refused, and each
// bad argument is one error line with exit status 2.
#include <fstream>
#include <memory>
#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli/cli_runner.h"
#include "ortkit/model.h"
#include "ortkit/runtime.h"
#include "testing/temp_dir.h"
#include "testing/test_models.h"
#include "testing/time_scale.h"

namespace ortkit::testing {
namespace {

std::string Slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

class CliTuneTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = std::make_unique<TempDir>();
    WriteFile(dir_->File("add.onnx"), AddModel());
  }
  static void TearDownTestSuite() { dir_.reset(); }

  static CliResult Run(const std::vector<std::string>& args) { return RunCli(args, dir_->path()); }
  static void ExpectError(const std::vector<std::string>& args, const std::string& line) {
    ExpectRefusal(Run(args), line + "\n");
  }
  static void ExpectUsageError(const std::vector<std::string>& args, const std::string& line) {
    ExpectError(args, line + "\nRun 'ortkit tune --help' for usage.");
  }

  static std::unique_ptr<TempDir> dir_;
};

std::unique_ptr<TempDir> CliTuneTest::dir_;

// A real search: few axes, a tiny budget.
// The budget is what a plain Release build needs; sanitizer builds scale it (time_scale.h).
std::vector<std::string> QuickSearch() {
  return {"--budget", ScaledDuration(5), "--provider", "cpu", "--axes", "intra_threads,spinning"};
}

std::vector<std::string> Quick(std::vector<std::string> args) {
  const std::vector<std::string> quick = QuickSearch();
  args.insert(args.end(), quick.begin(), quick.end());
  return args;
}

TEST_F(CliTuneTest, HelpShowsExamples) {
  const CliResult r = Run({"tune", "--help"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("Examples:"), std::string::npos);
  EXPECT_NE(r.out.find("--objective"), std::string::npos);
  EXPECT_NE(r.out.find("--max-memory-increase PERCENT"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("ortkit tune model.onnx --budget 2m --max-memory-increase 25%"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("ablation (backward elimination)"), std::string::npos) << r.out;
}

TEST_F(CliTuneTest, WritesAProfileThatLoadsAndReportsEveryConfiguration) {
  const CliResult r = Run(Quick({"tune", "add.onnx", "-o", "p50.json", "--json"}));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  const auto doc = nlohmann::json::parse(r.out);
  for (const char* key : {"format", "model", "objective", "budget_s", "elapsed_s", "noise", "measured_spread",
                          "defaults_value", "winner", "winner_value", "beats_defaults", "gain", "verdict", "profile",
                          "profile_config", "use_with_model", "trials", "axes", "notes", "searched_winner",
                          "settings", "dropped", "memory_guard", "final_comparison"}) {
    EXPECT_TRUE(doc.contains(key)) << key;
  }
  EXPECT_EQ(doc["format"], "ortkit.tune/1");
  EXPECT_EQ(doc["objective"], "p50");
  EXPECT_EQ(doc["trials"][0]["label"], "ORT defaults");
  EXPECT_GE(doc["trials"][0]["measurements"].get<int>(), 2);
  EXPECT_LE(doc["winner_value"].get<double>(), doc["defaults_value"].get<double>());
  EXPECT_TRUE(doc["use_with_model"].is_null());
  // add.onnx has a free dimension: the memory guard runs it at several sizes.
  EXPECT_EQ(doc["memory_guard"]["shapes"], "batch=1, batch=2, batch=4, batch=8");
  if (doc["beats_defaults"].get<bool>()) {
    // What is written won the final comparison: at least 3 alternate measurements of each.
    EXPECT_TRUE(doc["final_comparison"]["done"].get<bool>());
    EXPECT_GE(doc["final_comparison"]["defaults"].size(), 3u);
    EXPECT_EQ(doc["final_comparison"]["candidate"].size(), doc["final_comparison"]["defaults"].size());
    EXPECT_EQ(doc["winner_value"], doc["final_comparison"]["candidate_median"]);
  }
  // The profile holds the kept settings only.
  for (const auto& setting : doc["settings"]) {
    if (!setting["kept"].get<bool>()) {
      EXPECT_EQ(doc["winner"].get<std::string>().find(setting["setting"].get<std::string>()), std::string::npos)
          << setting.dump();
    }
  }
  // The file written is the winner's config, and ortkit::Model loads it.
  const SessionConfig profile = SessionConfig::FromFile(dir_->File("p50.json"));
  EXPECT_EQ(profile, SessionConfig::FromJson(doc["profile_config"].dump()));
  EXPECT_NO_THROW(Model::Load(dir_->File("add.onnx"), profile));
}

TEST_F(CliTuneTest, TextSaysWhatWonAndWhatWasWritten) {
  const CliResult r = Run(Quick({"tune", "add.onnx", "-o", "text.json"}));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("configurations, best p50 first"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("ORT defaults"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\nresult  "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("wrote   text.json"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("opt: left out (--axes)"), std::string::npos) << r.out;
}

TEST_F(CliTuneTest, NeverOverwritesWithoutForce) {
  std::ofstream(dir_->File("taken.json")) << "precious";
  ExpectError(Quick({"tune", "add.onnx", "-o", "taken.json"}),
              "ortkit: error: -o 'taken.json' exists; pass --force to overwrite it");
  EXPECT_EQ(Slurp(dir_->File("taken.json")), "precious");
  const CliResult r = Run(Quick({"tune", "add.onnx", "-o", "taken.json", "--force", "--format", "csv"}));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.rfind("rank,configuration,axis,objective,value,", 0), 0u) << r.out;
  EXPECT_NO_THROW(SessionConfig::FromFile(dir_->File("taken.json")));
}

TEST_F(CliTuneTest, BadArgumentsGiveOneErrorLine) {
  ExpectUsageError({"tune", "add.onnx", "-o", "x.json", "--objective", "fastest"},
                   "ortkit: error: --objective: unknown objective 'fastest' (known: p50, cold-start, peak-memory, p50, "
                   "p90, p95, p99, mean, throughput, cold_start, peak_rss)");
  ExpectUsageError({"tune", "add.onnx", "-o", "x.json", "--budget", "10x"},
                   "ortkit: error: --budget: expected a duration such as 90s, 10m, 1h or 1m30s, got '10x'");
  ExpectUsageError({"tune", "add.onnx", "-o", "x.json", "--max-memory-increase", "lots"},
                   "ortkit: error: --max-memory-increase: expected a percentage such as 10% (or off), got 'lots'");
  ExpectUsageError({"tune", "add.onnx", "-o", "x.json", "--budget", "0m"},
                   "ortkit: error: --budget: the duration must be above zero, got '0m'");
  const CliResult typo = Run({"tune", "add.onnx", "-o", "x.json", "--provider-option", "webgpu:preferedLayout=NHWC"});
  EXPECT_EQ(typo.exit_code, 2);
  EXPECT_EQ(typo.err.rfind("ortkit: error: --provider-option: provider 'webgpu' has no option 'preferedLayout' (it "
                           "accepts: preferredLayout, enableGraphCapture, ", 0), 0u) << typo.err;
  ExpectUsageError({"tune", "add.onnx", "-o", "x.json", "--provider-option", "cuda:cudnn_conv_algo_search=FAST"},
                   "ortkit: error: --provider-option: provider 'cuda' option 'cudnn_conv_algo_search' takes EXHAUSTIVE, "
                   "HEURISTIC or DEFAULT, got 'FAST'");
  ExpectUsageError({"tune", "add.onnx", "-o", "x.json", "--provider-option", "preferredLayout=NHWC"},
                   "ortkit: error: --provider-option: expected PROVIDER:KEY=VALUE (e.g. "
                   "cuda:cudnn_conv_algo_search=HEURISTIC), got 'preferredLayout=NHWC'");
  ExpectError({"tune", "add.onnx", "-o", "x.json", "--provider", "cpu", "--axes", "threads"},
              "ortkit: error: unknown axis 'threads' (axes here: provider, intra_threads, spinning, spin_duration, "
              "spin_backoff, dynamic_block_base, opt, execution_mode, arena, mem_pattern, arena_extend)");
  ExpectError({"tune", "missing.onnx", "-o", "x.json", "--budget", "2s"},
              "ortkit: error: while loading 'missing.onnx': No such file or directory");
  EXPECT_FALSE(std::ifstream(dir_->File("x.json")).good());  // nothing is written on errors
}

TEST_F(CliTuneTest, ABudgetTooShortForTheFinalComparisonIsRefused) {
  const CliResult r = Run({"tune", "add.onnx", "-o", "short.json", "--budget", "1s", "--provider", "cpu"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out, "");
  ASSERT_EQ(Lines(r.err).size(), 1u) << r.err;
  EXPECT_EQ(r.err.rfind("ortkit: error: tune: a budget of 1.0s cannot hold the final comparison: one measurement takes "
                        "about ", 0), 0u) << r.err;
  EXPECT_NE(r.err.find("give --budget "), std::string::npos) << r.err;
  EXPECT_FALSE(std::ifstream(dir_->File("short.json")).good());
}

TEST_F(CliTuneTest, CudaOptionsAreReportedUnavailableNotDropped) {
  if (ProviderUsable("cuda")) GTEST_SKIP() << "CUDA is usable on this machine";
  for (const auto& args : std::vector<std::vector<std::string>>{
           {"tune", "add.onnx", "-o", "x.json", "--provider-option", "cuda:cudnn_conv_algo_search=HEURISTIC"},
           {"tune", "add.onnx", "-o", "x.json", "--provider", "cuda"}}) {
    const CliResult r = Run(args);
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.out, "");
    ASSERT_EQ(Lines(r.err).size(), 1u) << r.err;
    EXPECT_NE(r.err.find("provider 'cuda' is unavailable in this ONNX Runtime build (it has: cpu"), std::string::npos) << r.err;
  }
}

}  // namespace
}  // namespace ortkit::testing
