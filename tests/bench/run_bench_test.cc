// Tests of bench/run_bench and bench/matrix with real child processes (the `ortkit` binary hosts
// the hidden child subcommand): every field filled, errors from children kept whole.
#include "bench/run_bench.h"

#include <gtest/gtest.h>

#include "bench/bench_json.h"
#include "bench/matrix.h"
#include "ortkit/error.h"
#include "ortkit/runtime.h"
#include "testing/temp_dir.h"
#include "testing/test_models.h"

namespace ortkit::bench {
namespace {

class RunBenchTest : public ::testing::Test {
 protected:
  void SetUp() override {
    testing::WriteFile(dir_.File("add.onnx"), testing::AddModel());
    spec_.model_path = dir_.File("add.onnx");
    spec_.config.intra_op_threads = 1;
    spec_.warmup = 1;
    spec_.iterations = 10;
    spec_.duration_s = 0;
    spec_.cold_runs = 2;
    environment_.executable = ORTKIT_CLI_PATH;
  }

  testing::TempDir dir_;
  BenchSpec spec_;
  BenchEnvironment environment_;
};

TEST_F(RunBenchTest, FillsColdStartPhasesMemoryAndReportsProgress) {
  spec_.shapes = ShapesFromDims({"batch=1,2"});
  std::vector<BenchProgress> progress;
  environment_.progress = [&](const BenchProgress& p) { progress.push_back(p); };
  const BenchResult r = RunBench(spec_, environment_);
  EXPECT_EQ(r.cold.runs, 2);
  EXPECT_EQ(r.cold.session_create.count, 2);
  EXPECT_GT(r.cold.first_run.min, 0);
  ASSERT_EQ(r.cold.new_shape_first_run.size(), 1u);
  EXPECT_EQ(r.cold.new_shape_first_run[0].first, "batch=2");
  EXPECT_GT(r.cold.peak_rss_mib.min, 1);
  EXPECT_GT(r.peak_rss_mib, 1);
  ASSERT_EQ(r.phases.size(), 3u);
  EXPECT_EQ(r.headline().name, "mix");
  EXPECT_EQ(r.providers, (std::vector<std::string>{"CPUExecutionProvider"}));
  EXPECT_FALSE(r.onnxruntime_version.empty());
  // Ten requests per phase are too few for a p99: every phase says so.
  EXPECT_GE(r.warnings.size(), 3u);
  ASSERT_FALSE(progress.empty());
  EXPECT_EQ(progress.front().what, "cold start 1/2");
  EXPECT_DOUBLE_EQ(progress.back().fraction, 1.0);
}

TEST_F(RunBenchTest, AChildsErrorComesBackWithItsCategoryAndMessage) {
  spec_.shapes = ShapesFromDims({"btch=2"});
  try {
    RunBench(spec_, environment_);
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.category(), ErrorCategory::kInput);
    EXPECT_STREQ(e.what(), "--dim btch=2: the model has no free dimension 'btch' (its free dimensions: batch)");
  }
}

TEST_F(RunBenchTest, AnExecutableWithoutTheChildCommandIsNamed) {
  environment_.executable = "/bin/true";
  try {
    RunBench(spec_, environment_);
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.category(), ErrorCategory::kRun);
    EXPECT_EQ(std::string(e.what()), "the cold start process for '" + spec_.model_path +
                                         "' exited with status 0 and no result ('/bin/true' must host the "
                                         "__bench-child subcommand)");
  }
}

TEST_F(RunBenchTest, AnUnusableProviderFailsBeforeAnyProcessStarts) {
  if (ProviderUsable("cuda")) GTEST_SKIP() << "CUDA is usable on this machine";
  spec_.config.providers = {ProviderConfig{"cuda", {}}};
  try {
    RunBench(spec_, environment_);
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.category(), ErrorCategory::kConfig);
    EXPECT_EQ(std::string(e.what()).rfind("provider 'cuda' is not usable here: ", 0), 0u) << e.what();
  }
}

TEST_F(RunBenchTest, MatrixOnATinyBudgetRanksEveryCell) {
  spec_.cold_runs = 1;
  spec_.iterations = 5;
  const MatrixResult m = RunMatrix(spec_, {{"arena", {"on", "off"}}, {"io_binding", {"off", "on"}}}, Objective::kP50,
                                   environment_);
  ASSERT_EQ(m.cells.size(), 4u);
  EXPECT_EQ(m.keys, (std::vector<std::string>{"arena", "io_binding"}));
  for (std::size_t i = 0; i < m.cells.size(); ++i) {
    ASSERT_TRUE(m.cells[i].result.has_value()) << m.cells[i].error;
    EXPECT_EQ(m.cells[i].result->phases.at(0).requests, 5);
    if (i > 0) {
      EXPECT_LE(ObjectiveValue(*m.cells[i - 1].result, Objective::kP50), ObjectiveValue(*m.cells[i].result, Objective::kP50));
    }
  }
  const bool arena_off_applied = m.cells[0].result->spec.config.memory.cpu_arena == (m.cells[0].settings[0].second == "on");
  EXPECT_TRUE(arena_off_applied);
}

TEST_F(RunBenchTest, AMatrixWhoseEveryCellFailsThrowsTheFirstError) {
  spec_.model_path = dir_.File("none.onnx");
  spec_.cold_runs = 1;
  try {
    RunMatrix(spec_, {{"arena", {"on", "off"}}}, Objective::kP50, environment_);
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()), "while loading '" + spec_.model_path + "': No such file or directory");
  }
}

TEST(PhaseWarningsTest, HighVariationAndFewRequestsAreWarnedButTheMixIsNotJudgedBySpread) {
  PhaseResult steady, noisy, mix;
  steady.name = "batch=1";
  steady.requests = 1000;
  steady.latency = Summarize({1.0, 1.0, 1.02, 0.98});
  noisy = steady;
  noisy.name = "batch=2";
  noisy.latency = Summarize({1, 2, 1, 2});
  mix = noisy;
  mix.name = kMixPhase;
  mix.requests = 20;
  const auto warnings = PhaseWarnings({steady, noisy, mix}, 0.10);
  ASSERT_EQ(warnings.size(), 2u);
  EXPECT_EQ(warnings[0],
            "'batch=2': run-to-run variation is high (stddev is 38.5% of the mean, above 10.0%); the machine may be busy "
            "or changing clock speed: close other work, run longer, or compare percentiles rather than means");
  EXPECT_EQ(warnings[1], "'mix': only 20 timed requests; its p99 needs at least 100 to differ from the max");
}

}  // namespace
}  // namespace ortkit::bench
