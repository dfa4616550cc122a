// Tests of bench/setting and bench/matrix: keys, values, combinations and ranking.
#include "bench/setting.h"

#include <gtest/gtest.h>

#include "bench/matrix.h"
#include "ortkit/error.h"

namespace ortkit::bench {
namespace {

TEST(SettingTest, EachKeyChangesItsField) {
  BenchSpec s;
  for (const auto& [key, value] : std::vector<std::pair<std::string, std::string>>{
           {"provider", "webgpu"}, {"intra_threads", "2"}, {"inter_threads", "3"}, {"spinning", "off"},
           {"opt", "basic"}, {"execution_mode", "parallel"}, {"arena", "off"}, {"arena_extend", "same_as_requested"},
           {"arena_shrink", "on"}, {"mem_pattern", "off"}, {"io_binding", "on"}, {"threads", "4"}, {"sessions", "2"}}) {
    ApplySetting(s, key, value);
  }
  ASSERT_EQ(s.config.providers.size(), 1u);
  EXPECT_EQ(s.config.providers[0].name, "webgpu");
  EXPECT_EQ(s.config.intra_op_threads, 2);
  EXPECT_EQ(s.config.inter_op_threads, 3);
  EXPECT_EQ(s.config.allow_spinning, false);
  EXPECT_EQ(s.config.optimization_level, OptimizationLevel::kBasic);
  EXPECT_EQ(s.config.execution_mode, ExecutionMode::kParallel);
  EXPECT_FALSE(s.config.memory.cpu_arena);
  EXPECT_EQ(s.config.memory.arena_extend_strategy, ArenaExtendStrategy::kSameAsRequested);
  EXPECT_TRUE(s.config.memory.arena_shrink_after_run);
  EXPECT_FALSE(s.config.memory.memory_pattern);
  EXPECT_TRUE(s.io_binding);
  EXPECT_EQ(s.threads, 4);
  EXPECT_EQ(s.sessions, 2);
  ApplySetting(s, "provider", "cpu");
  EXPECT_TRUE(s.config.providers.empty());  // cpu is the default: no provider entry
  EXPECT_EQ(SettingKeys().size(), 16u);
}

TEST(SettingTest, ThreadPoolKeysAreSessionConfigEntriesAndDefaultRemovesThem) {
  BenchSpec s;
  ApplySetting(s, "spin_duration_us", "2000");
  ApplySetting(s, "spin_backoff_max", "8");
  ApplySetting(s, "dynamic_block_base", "4");
  ApplySetting(s, "opt", "layout");
  EXPECT_EQ(s.config.config_entries, (std::map<std::string, std::string>{{"session.dynamic_block_base", "4"},
                                                                          {"session.intra_op.spin_backoff_max", "8"},
                                                                          {"session.intra_op.spin_duration_us", "2000"}}));
  EXPECT_EQ(s.config.optimization_level, OptimizationLevel::kLayout);
  ApplySetting(s, "spin_backoff_max", "default");
  EXPECT_EQ(s.config.config_entries.count("session.intra_op.spin_backoff_max"), 0u);
  // A profile that carries them loads back the same.
  EXPECT_EQ(SessionConfig::FromJson(s.config.ToJson()), s.config);
}

TEST(SettingTest, UnknownKeysAndBadValuesSayWhatIsAllowed) {
  EXPECT_EQ(CheckSetting("arena", "maybe"), "arena takes on or off, got 'maybe'");
  EXPECT_EQ(CheckSetting("intra_threads", "-1"), "intra_threads takes 0..1024 (0: ORT decides), got '-1'");
  EXPECT_EQ(CheckSetting("opt", "max"), "opt takes disabled, basic, extended, layout or all, got 'max'");
  EXPECT_EQ(CheckSetting("spin_backoff_max", "0"), "spin_backoff_max takes 1..64 or default, got '0'");
  EXPECT_EQ(CheckSetting("spin_duration_us", "1000001"),
            "spin_duration_us takes 0..1000000 (microseconds) or default, got '1000001'");
  EXPECT_EQ(CheckSetting("dynamic_block_base", "four"), "dynamic_block_base takes 1..1024 or default, got 'four'");
  EXPECT_EQ(CheckSetting("provider", "gpu"), "provider takes cpu, webgpu, or another provider name, got 'gpu'");
  EXPECT_EQ(CheckSetting("threads", "0"), "threads takes 1..1024, got '0'");
  EXPECT_EQ(CheckSetting("colour", "red"),
            "unknown key 'colour' (known: provider, intra_threads, inter_threads, spinning, spin_duration_us, "
            "spin_backoff_max, dynamic_block_base, opt, execution_mode, arena, arena_extend, arena_shrink, "
            "mem_pattern, io_binding, threads, sessions)");
  BenchSpec s;
  try {
    ApplySetting(s, "arena", "maybe");
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.category(), ErrorCategory::kConfig);
    EXPECT_STREQ(e.what(), "arena takes on or off, got 'maybe'");
  }
}

TEST(MatrixAxisTest, ParsesKeyAndValuesAndExplainsMistakes) {
  MatrixAxis axis;
  ASSERT_EQ(ParseMatrixAxis("intra_threads=1,2", &axis), "");
  EXPECT_EQ(axis.key, "intra_threads");
  EXPECT_EQ(axis.values, (std::vector<std::string>{"1", "2"}));
  EXPECT_EQ(ParseMatrixAxis("arena", &axis), "expected KEY=V1,V2,... (e.g. intra_threads=1,2), got 'arena'");
  EXPECT_EQ(ParseMatrixAxis("arena=", &axis), "expected KEY=V1,V2,... (e.g. intra_threads=1,2), got 'arena='");
  EXPECT_EQ(ParseMatrixAxis("arena=on,maybe", &axis), "'arena=on,maybe': arena takes on or off, got 'maybe'");
  EXPECT_EQ(ParseMatrixAxis("arena=on,", &axis), "'arena=on,': arena takes on or off, got ''");
  EXPECT_EQ(ParseMatrixAxis("foo=1", &axis).rfind("'foo=1': unknown key 'foo' (known: provider, ", 0), 0u);
}

TEST(MatrixTest, CombinationsVaryTheLastAxisFastest) {
  const auto cells = Combinations({{"arena", {"on", "off"}}, {"intra_threads", {"1", "2", "4"}}});
  ASSERT_EQ(cells.size(), 6u);
  EXPECT_EQ(cells[0], (std::vector<std::pair<std::string, std::string>>{{"arena", "on"}, {"intra_threads", "1"}}));
  EXPECT_EQ(cells[1][1].second, "2");
  EXPECT_EQ(cells[5], (std::vector<std::pair<std::string, std::string>>{{"arena", "off"}, {"intra_threads", "4"}}));
  try {
    Combinations({{"arena", {"on"}}, {"arena", {"off"}}});
    FAIL();
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "--matrix: 'arena' is given twice");
  }
}

MatrixCell Cell(const std::string& value, double p50, double throughput) {
  MatrixCell cell;
  cell.settings = {{"arena", value}};
  BenchResult r;
  PhaseResult phase;
  phase.latency.p50 = p50;
  phase.throughput_per_s = throughput;
  r.phases = {phase};
  cell.result = r;
  return cell;
}

TEST(MatrixTest, RankCellsPutsTheBestFirstAndFailuresLast) {
  MatrixCell failed;
  failed.settings = {{"arena", "x"}};
  failed.error = "boom";
  std::vector<MatrixCell> cells{failed, Cell("a", 3, 100), Cell("b", 1, 50), Cell("c", 2, 200)};
  RankCells(cells, Objective::kP50);
  EXPECT_EQ(CellLabel(cells[0]), "arena=b");
  EXPECT_EQ(CellLabel(cells[1]), "arena=c");
  EXPECT_EQ(CellLabel(cells[2]), "arena=a");
  EXPECT_EQ(CellLabel(cells[3]), "arena=x");
  RankCells(cells, Objective::kThroughput);  // higher is better
  EXPECT_EQ(CellLabel(cells[0]), "arena=c");
  EXPECT_EQ(CellLabel(cells[2]), "arena=b");
  EXPECT_FALSE(cells[3].result.has_value());
}

TEST(ObjectiveTest, NamesRoundTripAndOnlyThroughputIsBetterHigh) {
  for (const char* name : {"p50", "p90", "p95", "p99", "mean", "throughput", "cold_start", "peak_rss"}) {
    ASSERT_TRUE(ParseObjective(name).has_value()) << name;
    EXPECT_STREQ(ToString(*ParseObjective(name)), name);
    EXPECT_EQ(HigherIsBetter(*ParseObjective(name)), std::string(name) == "throughput");
  }
  EXPECT_FALSE(ParseObjective("fastest").has_value());
  EXPECT_EQ(ObjectiveNames(), "p50, p90, p95, p99, mean, throughput, cold_start, peak_rss");
}

}  // namespace
}  // namespace ortkit::bench
