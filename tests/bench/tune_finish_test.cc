// `ortkit tune`'s end game on a fake machine (no processes): the memory guard rejects a setting
// that raises peak memory over the limit, the ablation drops a planted do-nothing setting and keeps
// one that pays, the final comparison measures both sides alternately three times, and a budget
// too short for all that is refused.
#include <chrono>
#include <cmath>
#include <sstream>
#include <thread>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "bench/tune.h"
#include "bench/tune_ablation.h"
#include "bench/tune_memory.h"
#include "ortkit/error.h"
#include "report/tune_render.h"

namespace ortkit::bench {
namespace {

// A machine whose figures follow from the config: two intra-op threads take 30% off p50, parallel
// execution 7% more but 2.3x the peak memory, two inter-op threads add 2%,
// arena_extend=same_as_requested does nothing.
struct FakeMachine {
  struct Call {
    SessionConfig config;
    std::size_t shapes = 0;
    bool memory = false;  // run at the peak-memory pace (the guard's measurements)
  };
  std::vector<Call> calls;
  double sleep_s = 0;
  int lucky_runs = 0;  // intra_threads=2's first measurements look fast, the later ones do not
  bool threads_pay = true;

  BenchResult Measure(const BenchSpec& spec) {
    if (sleep_s > 0) std::this_thread::sleep_for(std::chrono::duration<double>(sleep_s));
    const SessionConfig& c = spec.config;
    const bool memory = spec.iterations == 20 && spec.duration_s == 0;
    calls.push_back(Call{c, spec.shapes.shapes.size(), memory});
    double p50 = 10;
    if (c.intra_op_threads == 2) {
      if (threads_pay) p50 *= 0.7;
      if (lucky_runs > 0 && !memory) {
        --lucky_runs;
        p50 *= 0.7;
      }
    }
    if (c.execution_mode == ExecutionMode::kParallel) p50 *= 0.93;
    if (c.inter_op_threads == 2) p50 *= 1.02;  // so that plain parallel execution wins, every time
    // A deterministic +-0.3% wobble, so that the defaults' two runs differ a little.
    p50 *= calls.size() % 2 ? 1.003 : 0.997;
    BenchResult r;
    r.spec = spec;
    PhaseResult phase;
    phase.name = "batch=1";
    phase.latency.count = 100;
    phase.latency.p50 = p50;
    r.phases.push_back(phase);
    r.cold.runs = 1;
    r.cold.session_create.p50 = 5;
    r.peak_rss_mib = c.execution_mode == ExecutionMode::kParallel ? 230 : 100;
    return r;
  }
};

class TuneFinishTest : public ::testing::Test {
 protected:
  void SetUp() override {
    spec_.base.model_path = "fake.onnx";
    spec_.objective = Objective::kP50;
    spec_.budget_s = 600;  // the fake takes no time: the budget never runs out
    spec_.space.providers = {"cpu"};
    spec_.space.cores = 2;
    spec_.space.only_axes = {"intra_threads", "execution_mode"};
    // Planted: a setting the search starts with, which no axis revisits and which does nothing.
    spec_.base.config.memory.arena_extend_strategy = ArenaExtendStrategy::kSameAsRequested;
    spec_.memory_shapes = MemoryShapes({}, {"batch"});
    measure_ = [this](const BenchSpec& spec, const BenchEnvironment&) { return machine_.Measure(spec); };
  }

  const TuneSettingVerdict* Verdict(const TuneResult& r, const std::string& setting) {
    for (const auto& v : r.settings) {
      if (v.setting == setting) return &v;
    }
    return nullptr;
  }

  TuneSpec spec_;
  FakeMachine machine_;
  TuneMeasure measure_;
};

TEST_F(TuneFinishTest, KeepsOnlyTheSettingsThatPayWithinTheMemoryLimit) {
  const TuneResult r = RunTune(spec_, {}, measure_);
  ASSERT_NE(r.searched_winner, 0u);
  EXPECT_EQ(r.trials[r.searched_winner].label, "intra_threads=2 execution_mode=parallel arena_extend=same_as_requested");

  // The memory guard drops parallel execution: 230 MiB against the defaults' 100, limit 10%.
  const TuneSettingVerdict* parallel = Verdict(r, "execution_mode=parallel");
  ASSERT_NE(parallel, nullptr);
  EXPECT_FALSE(parallel->kept);
  EXPECT_EQ(parallel->stage, "memory");
  EXPECT_NEAR(parallel->cost, 2.3, 1e-9);
  EXPECT_NE(parallel->reason.find("raised peak memory 2.30x (230 MiB with it, 100 without"), std::string::npos)
      << parallel->reason;
  EXPECT_NE(parallel->reason.find("over the 10.0% limit"), std::string::npos) << parallel->reason;
  EXPECT_TRUE(r.memory.applied);
  EXPECT_DOUBLE_EQ(r.memory.defaults_mib, 100);
  EXPECT_DOUBLE_EQ(r.memory.kept_mib, 100);
  EXPECT_EQ(r.memory.shapes, "batch=1, batch=2, batch=4, batch=8");

  // The ablation drops the planted do-nothing setting and keeps the one that pays.
  const TuneSettingVerdict* arena = Verdict(r, "arena_extend=same_as_requested");
  ASSERT_NE(arena, nullptr);
  EXPECT_FALSE(arena->kept);
  EXPECT_EQ(arena->stage, "ablation");
  EXPECT_LE(std::abs(arena->cost), r.noise);
  EXPECT_NE(arena->reason.find("within the noise bar of 2.0%"), std::string::npos) << arena->reason;
  const TuneSettingVerdict* threads = Verdict(r, "intra_threads=2");
  ASSERT_NE(threads, nullptr);
  EXPECT_TRUE(threads->kept);
  EXPECT_GT(threads->cost, 0.4);  // 10 ms without it against 7
  EXPECT_NE(threads->reason.find("beyond the noise bar"), std::string::npos) << threads->reason;

  // What is written holds only the kept setting.
  ASSERT_TRUE(r.beats_defaults);
  SessionConfig expected;
  expected.intra_op_threads = 2;
  EXPECT_EQ(r.best().config, expected);
  EXPECT_EQ(r.best().label, "intra_threads=2");
}

TEST_F(TuneFinishTest, TheMemoryGuardRunsSeveralShapesAtAFixedPace) {
  RunTune(spec_, {}, measure_);
  int memory_runs = 0;
  for (const auto& call : machine_.calls) {
    if (!call.memory) continue;
    ++memory_runs;
    EXPECT_EQ(call.shapes, 4u);
  }
  EXPECT_GE(memory_runs, 4);  // the defaults twice, the winner twice (over the limit), the removals
}

TEST_F(TuneFinishTest, TheFinalComparisonAlternatesThreeMeasurementsOfEach) {
  const TuneResult r = RunTune(spec_, {}, measure_);
  const TuneFinalComparison& f = r.final_comparison;
  ASSERT_TRUE(f.done()) << f.skipped;
  EXPECT_EQ(f.label, "intra_threads=2");
  ASSERT_GE(f.defaults.size(), 3u);
  ASSERT_EQ(f.candidate.size(), f.defaults.size());
  EXPECT_NEAR(f.defaults_median, 10, 0.05);
  EXPECT_NEAR(f.candidate_median, 7, 0.05);
  EXPECT_NEAR(f.Ratio(r.objective), 10.0 / 7, 0.02);
  EXPECT_NEAR(r.Gain(), f.Ratio(r.objective), 1e-12);
  // The last measurements are the comparison: defaults, candidate, defaults, ...
  ASSERT_GE(machine_.calls.size(), 6u);
  const std::size_t first = machine_.calls.size() - 2 * f.defaults.size();
  for (std::size_t i = first; i < machine_.calls.size(); ++i) {
    EXPECT_EQ(machine_.calls[i].config.intra_op_threads, (i - first) % 2 ? 2 : 0) << i;
    EXPECT_FALSE(machine_.calls[i].memory);
  }
}

TEST_F(TuneFinishTest, WithoutTheMemoryGuardAFasterSettingThatCostsMemoryStays) {
  spec_.max_memory_increase = -1;
  const TuneResult r = RunTune(spec_, {}, measure_);
  EXPECT_FALSE(r.memory.applied);
  EXPECT_EQ(r.memory.skipped, "turned off (--max-memory-increase off)");
  ASSERT_TRUE(r.beats_defaults);
  EXPECT_EQ(r.best().label, "intra_threads=2 execution_mode=parallel");
  const TuneSettingVerdict* parallel = Verdict(r, "execution_mode=parallel");
  ASSERT_NE(parallel, nullptr);
  EXPECT_TRUE(parallel->kept);
  EXPECT_GT(parallel->cost, r.noise);  // 7% without it
  for (const auto& call : machine_.calls) EXPECT_FALSE(call.memory);
}

TEST_F(TuneFinishTest, AWinnerThatFadesInTheFinalComparisonLeavesTheDefaults) {
  // Two threads look 30% faster in the search (every measurement there), then are not.
  machine_.threads_pay = false;
  machine_.lucky_runs = 4;
  spec_.base.config = SessionConfig{};
  spec_.space.only_axes = {"intra_threads"};
  const TuneResult r = RunTune(spec_, {}, measure_);
  ASSERT_NE(r.searched_winner, 0u);
  EXPECT_EQ(r.trials[r.searched_winner].label, "intra_threads=2");
  EXPECT_TRUE(r.final_comparison.done());
  EXPECT_FALSE(r.beats_defaults);
  EXPECT_EQ(r.winner, 0u);
  EXPECT_EQ(r.best().config, SessionConfig{});
  EXPECT_EQ(report::TuneVerdict(r).rfind("the final comparison found no gain beyond the noise: p50 ", 0), 0u)
      << report::TuneVerdict(r);
}

TEST_F(TuneFinishTest, ABudgetTooShortForTheFinalComparisonIsRefused) {
  machine_.sleep_s = 0.05;
  spec_.budget_s = 0.3;
  try {
    RunTune(spec_, {}, measure_);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.category(), ErrorCategory::kConfig);
    const std::string what = e.what();
    EXPECT_NE(what.find("cannot hold the final comparison"), std::string::npos) << what;
    EXPECT_NE(what.find("3 of ORT's defaults and 3 of the winner, interleaved"), std::string::npos) << what;
    EXPECT_NE(what.find("give --budget"), std::string::npos) << what;
  }
  EXPECT_EQ(machine_.calls.size(), 1u);  // the pacing run only: nothing more was measured
}

TEST_F(TuneFinishTest, TheReportListsEveryDroppedSettingWithItsReason) {
  const TuneResult r = RunTune(spec_, {}, measure_);
  std::ostringstream text, json;
  report::RenderTune(r, report::TuneFiles{"deployment.json", ""}, report::Format::kText, text);
  const std::string t = text.str();
  EXPECT_NE(t.find("  dropped  execution_mode=parallel: raised peak memory 2.30x"), std::string::npos) << t;
  EXPECT_NE(t.find("  dropped  arena_extend=same_as_requested: removing it cost "), std::string::npos) << t;
  EXPECT_NE(t.find("  kept     intra_threads=2: removing it cost +"), std::string::npos) << t;
  EXPECT_NE(t.find("  noise bar 2.0%: the spread of all "), std::string::npos) << t;
  EXPECT_NE(t.find("memory guard  peak RSS 100.0 MiB against ORT's defaults' 100.0 MiB (limit +10%)"), std::string::npos) << t;
  EXPECT_NE(t.find("final         intra_threads=2 against ORT's defaults, alternately, 3 times each"), std::string::npos) << t;
  EXPECT_NE(t.find("(medians of 3 alternate measurements each): 1.4"), std::string::npos) << t;
  report::RenderTune(r, report::TuneFiles{"deployment.json", ""}, report::Format::kJson, json);
  const auto doc = nlohmann::json::parse(json.str());
  EXPECT_EQ(doc["winner"], "intra_threads=2");
  EXPECT_EQ(doc["profile_config"], nlohmann::json::parse(r.best().config.ToJson(0)));
  EXPECT_EQ(doc["dropped"].size(), 2u);
  EXPECT_DOUBLE_EQ(doc["noise_bar"].get<double>(), r.noise_bar);
  EXPECT_GE(r.noise_bar, r.noise);
  EXPECT_EQ(doc["settings"].size(), 3u);
  EXPECT_EQ(doc["memory_guard"]["applied"], true);
  EXPECT_EQ(doc["memory_guard"]["max_increase"], 0.10);
  EXPECT_EQ(doc["final_comparison"]["defaults"].size(), 3u);
  EXPECT_EQ(doc["final_comparison"]["candidate"].size(), 3u);
  EXPECT_NEAR(doc["winner_value"].get<double>(), r.final_comparison.candidate_median, 1e-12);
  EXPECT_NEAR(doc["gain"].get<double>(), r.final_comparison.Ratio(r.objective), 1e-12);
}

TEST(TuneAblationTest, SettingsComeOffOneAtATime) {
  SessionConfig config;
  config.intra_op_threads = 2;
  config.execution_mode = ExecutionMode::kParallel;
  config.inter_op_threads = 2;
  config.memory.cpu_arena = false;
  config.config_entries["session.intra_op.spin_duration_us"] = "500";
  std::vector<std::string> labels;
  for (const auto& s : SettingsOf(config)) labels.push_back(s.label);
  EXPECT_EQ(labels, (std::vector<std::string>{"intra_threads=2", "inter_threads=2", "execution_mode=parallel",
                                              "arena=off", "spin_duration_us=500"}));
  EXPECT_EQ(WithoutSetting(config, "arena").memory.cpu_arena, true);
  EXPECT_EQ(WithoutSetting(config, "entry:session.intra_op.spin_duration_us").config_entries.size(), 0u);
  SessionConfig none = config;
  for (const auto& s : SettingsOf(config)) none = WithoutSetting(none, s.key);
  EXPECT_EQ(none, SessionConfig{});
  EXPECT_THROW(WithoutSetting(config, "threads"), Error);
}

TEST(TuneAblationTest, ASavedModelAndItsDisabledOptimisationAreOneUnit) {
  SessionConfig config;
  config.optimization_level = OptimizationLevel::kDisabled;
  std::vector<std::string> labels;
  for (const auto& s : SettingsOf(config, "ONNX")) labels.push_back(s.label);
  EXPECT_EQ(labels, (std::vector<std::string>{"model=saved ONNX"}));
  EXPECT_EQ(WithoutSetting(config, "saved_model"), SessionConfig{});
  EXPECT_EQ(SettingsOf(config).at(0).label, "opt=disabled");
}

TEST(TuneMemoryTest, AModelWithFreeDimensionsIsMeasuredOverSeveralSizes) {
  EXPECT_EQ(DescribeShapes(MemoryShapes({}, {"batch", "seq"})), "batch=1, batch=2, batch=4, batch=8");
  ShapePlan one;
  one.shapes = {{{"batch", 2}, {"seq", 16}}};
  one.weights = {1};
  EXPECT_EQ(DescribeShapes(MemoryShapes(one, {"batch", "seq"})),
            "batch=2,seq=16, batch=4,seq=16, batch=8,seq=16, batch=16,seq=16");
  ShapePlan several;
  several.shapes = {{{"batch", 1}}, {{"batch", 8}}};
  several.weights = {3, 1};
  EXPECT_EQ(MemoryShapes(several, {"batch"}).weights, several.weights);  // the run's own schedule
  EXPECT_TRUE(MemoryShapes({}, {}).shapes.empty());                     // no free dimension: one shape
}

}  // namespace
}  // namespace ortkit::bench
