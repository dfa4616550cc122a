// Tests of bench/baseline: the limit's syntax, phase matching, what counts as a regression.
#include "bench/baseline.h"

#include <fstream>

#include <gtest/gtest.h>

#include "bench/bench_json.h"
#include "ortkit/error.h"
#include "testing/temp_dir.h"

namespace ortkit::bench {
namespace {

BenchResult WithPhases(std::vector<std::pair<std::string, double>> p50s) {
  BenchResult r;
  r.spec.model_path = "m.onnx";
  for (const auto& [name, p50] : p50s) {
    PhaseResult phase;
    phase.name = name;
    phase.latency = Summarize({p50});
    phase.throughput_per_s = 1000 / p50;
    r.phases.push_back(phase);
  }
  return r;
}

TEST(RegressionLimitTest, AcceptsPercentWithOrWithoutTheSign) {
  double f = 0;
  EXPECT_EQ(ParseRegressionLimit("5%", &f), "");
  EXPECT_DOUBLE_EQ(f, 0.05);
  EXPECT_EQ(ParseRegressionLimit("2.5", &f), "");
  EXPECT_DOUBLE_EQ(f, 0.025);
  EXPECT_EQ(ParseRegressionLimit("five", &f), "expected a percentage such as 5% or 2.5, got 'five'");
  EXPECT_EQ(ParseRegressionLimit("-1%", &f), "expected a percentage such as 5% or 2.5, got '-1%'");
  EXPECT_EQ(ParseRegressionLimit("%", &f), "expected a percentage such as 5% or 2.5, got '%'");
}

TEST(CompareWithBaselineTest, FlagsOnlyPhasesWorseThanTheLimit) {
  const BenchResult then = WithPhases({{"batch=1", 1.0}, {"batch=2", 2.0}, {"mix", 1.5}});
  const BenchResult now = WithPhases({{"batch=1", 1.04}, {"batch=2", 2.2}, {"mix", 1.4}});
  const RegressionReport report = CompareWithBaseline(now, then, "old.json", Objective::kP50, 0.05);
  ASSERT_EQ(report.rows.size(), 3u);
  EXPECT_FALSE(report.rows[0].regressed);
  EXPECT_NEAR(report.rows[0].change, 0.04, 1e-12);
  EXPECT_TRUE(report.rows[1].regressed);
  EXPECT_NEAR(report.rows[2].change, -1.0 / 15, 1e-12);
  EXPECT_TRUE(report.regressed());
}

TEST(CompareWithBaselineTest, ThroughputRegressesWhenItDrops) {
  const RegressionReport report = CompareWithBaseline(WithPhases({{"default", 2.0}}), WithPhases({{"default", 1.0}}),
                                                      "old.json", Objective::kThroughput, 0.05);
  ASSERT_EQ(report.rows.size(), 1u);
  EXPECT_NEAR(report.rows[0].change, 0.5, 1e-12);  // 1000/s down to 500/s
  EXPECT_TRUE(report.regressed());
}

TEST(CompareWithBaselineTest, UnmatchedPhasesAreListedAndNoOverlapIsAnError) {
  const RegressionReport report = CompareWithBaseline(WithPhases({{"batch=1", 1}, {"batch=8", 1}}),
                                                      WithPhases({{"batch=1", 1}, {"batch=4", 1}}), "old.json",
                                                      Objective::kP50, 0.05);
  EXPECT_EQ(report.unmatched, (std::vector<std::string>{"batch=8", "batch=4"}));
  EXPECT_FALSE(report.regressed());
  try {
    CompareWithBaseline(WithPhases({{"batch=1", 1}}), WithPhases({{"batch=2", 1}}), "old.json", Objective::kP50, 0.05);
    FAIL();
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "baseline 'old.json' has none of this run's phases (this run: batch=1; baseline: batch=2)");
  }
}

TEST(ReadBaselineTest, NamesAMissingFileAndANonResult) {
  testing::TempDir dir;
  try {
    ReadBaseline(dir.File("none.json"));
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.category(), ErrorCategory::kIo);
    EXPECT_EQ(std::string(e.what()), "cannot read '" + dir.File("none.json") + "': No such file or directory");
  }
  std::ofstream(dir.File("config.json")) << "{\"intra_op_threads\": 2}";
  try {
    ReadBaseline(dir.File("config.json"));
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()), "baseline '" + dir.File("config.json") +
                                         "': not an `ortkit bench --json` result (expected \"format\": \"ortkit.bench/1\")");
  }
}

}  // namespace
}  // namespace ortkit::bench
