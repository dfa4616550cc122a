// `ortkit tune`'s library: budgets, the search space, applying choices, and real searches on a
// small model with a tiny budget (child processes of the real `ortkit` binary).
#include "bench/tune.h"

#include <cmath>
#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "bench/tune_probe.h"
#include "bench/tune_space.h"
#include "ortkit/error.h"
#include "ortkit/model.h"
#include "report/tune_render.h"
#include "testing/temp_dir.h"
#include "testing/test_models.h"
#include "testing/time_scale.h"

namespace ortkit::bench {
namespace {

const TuneAxis* FindAxis(const std::vector<TuneAxis>& axes, const std::string& name) {
  for (const auto& a : axes) {
    if (a.name == name) return &a;
  }
  return nullptr;
}

TEST(TuneSpaceTest, AxesCoverThreadsMemoryProvidersAndSkipUnavailableOnes) {
  SearchSpace space;
  space.providers = {"cpu", "webgpu"};
  space.unavailable = {{"cuda", "provider 'cuda' is unavailable in this ONNX Runtime build (it has: cpu, webgpu)"}};
  space.cores = 8;
  const auto axes = BuildAxes(space);
  const TuneAxis* threads = FindAxis(axes, "intra_threads");
  ASSERT_NE(threads, nullptr);
  std::vector<std::string> counts;
  for (const auto& c : threads->choices) counts.push_back(c.steps.at(0).value);
  EXPECT_EQ(counts, (std::vector<std::string>{"1", "2", "3", "4", "8"}));
  for (const char* name : {"provider", "webgpu_options", "spinning", "spin_duration", "spin_backoff",
                           "dynamic_block_base", "opt", "execution_mode", "arena", "mem_pattern", "arena_extend"}) {
    ASSERT_NE(FindAxis(axes, name), nullptr) << name;
    EXPECT_EQ(FindAxis(axes, name)->skipped, "") << name;
  }
  ASSERT_NE(FindAxis(axes, "cuda"), nullptr);
  EXPECT_EQ(FindAxis(axes, "cuda")->skipped, space.unavailable[0].second);
  EXPECT_EQ(FindAxis(axes, "saved_model"), nullptr);  // only for the cold-start objective
  space.saved_model = true;
  EXPECT_NE(FindAxis(BuildAxes(space), "saved_model"), nullptr);
}

TEST(TuneSpaceTest, TheOptAxisTriesEveryLevelAndTheThreadPoolKeysTheirDefaultToo) {
  SearchSpace space;
  space.providers = {"cpu"};
  const auto axes = BuildAxes(space);
  std::vector<std::string> labels;
  for (const char* name : {"opt", "spin_duration", "spin_backoff", "dynamic_block_base"}) {
    for (const auto& choice : FindAxis(axes, name)->choices) labels.push_back(ChoiceLabel(choice));
  }
  EXPECT_EQ(labels, (std::vector<std::string>{"opt=disabled", "opt=basic", "opt=extended", "opt=layout", "opt=all",
                                              "spin_duration_us=default", "spin_duration_us=500",
                                              "spin_duration_us=2000", "spin_backoff_max=default",
                                              "spin_backoff_max=4", "spin_backoff_max=8",
                                              "dynamic_block_base=default", "dynamic_block_base=4"}));
}

TEST(TuneSpaceTest, WhatTheLibraryRefusesIsDroppedWithItsReason) {
  SearchSpace space;
  space.providers = {"cpu"};
  space.refused = {{"opt=layout", "invalid level"}, {"dynamic_block_base=4", "unknown key"}};
  const auto axes = BuildAxes(space);
  const TuneAxis* opt = FindAxis(axes, "opt");
  EXPECT_EQ(opt->choices.size(), 4u);  // the other four levels still compare
  EXPECT_EQ(opt->skipped, "");
  for (const auto& choice : opt->choices) EXPECT_NE(ChoiceLabel(choice), "opt=layout");
  const TuneAxis* block = FindAxis(axes, "dynamic_block_base");
  EXPECT_EQ(block->skipped, "this ONNX Runtime refuses it (dynamic_block_base=4: unknown key)");
}

TEST(TuneProbeTest, ThisLibraryAcceptsEverySettingTuneTries) {
  // ORT 1.30 has every level and the three thread-pool keys; a refusal here means the probe
  // itself is broken (or the library is older than ortkit supports).
  SearchSpace space;
  space.providers = {"cpu"};
  EXPECT_EQ(ProbeRefusedSettings(BuildAxes(space)), (std::map<std::string, std::string>{}));
}

TEST(TuneSpaceTest, SpinSettingsDoNotApplyWithSpinningOff) {
  BenchSpec spec;
  spec.model_path = "m.onnx";
  spec.config.allow_spinning = false;
  EXPECT_FALSE(ApplyChoice(TuneChoice{{{"spin_duration_us", "500"}}}, spec));
  EXPECT_FALSE(ApplyChoice(TuneChoice{{{"spin_backoff_max", "4"}}}, spec));
  EXPECT_TRUE(ApplyChoice(TuneChoice{{{"dynamic_block_base", "4"}}}, spec));
  spec.config.allow_spinning = true;
  EXPECT_TRUE(ApplyChoice(TuneChoice{{{"spin_duration_us", "500"}}}, spec));
  EXPECT_EQ(spec.config.config_entries.at("session.intra_op.spin_duration_us"), "500");
  EXPECT_EQ(DescribeChanges(spec.config), "spinning=on dynamic_block_base=4 spin_duration_us=500");
  EXPECT_TRUE(ApplyChoice(TuneChoice{{{"spin_duration_us", "default"}}}, spec));
  EXPECT_EQ(spec.config.config_entries.count("session.intra_op.spin_duration_us"), 0u);
}

TEST(TuneSpaceTest, OnlyAxesLeavesTheOthersOutAndRefusesUnknownNames) {
  SearchSpace space;
  space.providers = {"cpu"};
  space.only_axes = {"spinning"};
  const auto axes = BuildAxes(space);
  EXPECT_EQ(FindAxis(axes, "spinning")->skipped, "");
  EXPECT_EQ(FindAxis(axes, "opt")->skipped, "left out (--axes)");
  space.only_axes = {"threads"};
  try {
    BuildAxes(space);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()).rfind("unknown axis 'threads' (axes here: provider, intra_threads, ", 0), 0u) << e.what();
  }
}

TEST(TuneSpaceTest, ApplyingChoicesKeepsConfigsValid) {
  BenchSpec spec;
  spec.model_path = "m.onnx";
  ASSERT_TRUE(ApplyChoice(TuneChoice{{{"arena_extend", "same_as_requested"}}}, spec));
  // The arena's options must return to their defaults when the arena goes.
  ASSERT_TRUE(ApplyChoice(TuneChoice{{{"arena", "off"}}}, spec));
  EXPECT_NO_THROW(spec.Validate());
  EXPECT_FALSE(ApplyChoice(TuneChoice{{{"arena_extend", "same_as_requested"}}}, spec));
  // A provider option applies only while that provider is the config's first.
  EXPECT_FALSE(ApplyChoice(TuneChoice{{{"option:webgpu:preferredLayout", "NHWC"}}}, spec));
  ASSERT_TRUE(ApplyChoice(TuneChoice{{{"provider", "webgpu"}, {"option:webgpu:preferredLayout", "NHWC"}}}, spec));
  EXPECT_EQ(spec.config.providers.at(0).options.at("preferredLayout"), "NHWC");
  EXPECT_THROW(ApplyChoice(TuneChoice{{{"option:webgpu:preferedLayout", "NHWC"}}}, spec), Error);
  EXPECT_EQ(DescribeChanges(spec.config), "provider=webgpu webgpu.preferredLayout=NHWC arena=off");
  EXPECT_EQ(DescribeChanges(SessionConfig{}), "ORT defaults");
  EXPECT_EQ(ChoiceLabel(TuneChoice{{{"execution_mode", "parallel"}, {"inter_threads", "2"}}}),
            "execution_mode=parallel,inter_threads=2");
}

TEST(TuneNoiseTest, AWinMustExceedTheNoise) {
  EXPECT_TRUE(BeatsBeyondNoise(0.90, 1.0, Objective::kP50, 0.05));
  EXPECT_FALSE(BeatsBeyondNoise(0.96, 1.0, Objective::kP50, 0.05));
  EXPECT_FALSE(BeatsBeyondNoise(1.10, 1.0, Objective::kP50, 0.05));
  EXPECT_TRUE(BeatsBeyondNoise(110, 100, Objective::kThroughput, 0.05));
  EXPECT_FALSE(BeatsBeyondNoise(104, 100, Objective::kThroughput, 0.05));
}

class RunTuneTest : public ::testing::Test {
 protected:
  void SetUp() override {
    testing::WriteFile(dir_.File("add.onnx"), testing::AddModel());
    spec_.base.model_path = dir_.File("add.onnx");
    spec_.space.providers = {"cpu"};
    spec_.space.cores = 2;
    spec_.work_dir = dir_.path();
    environment_.executable = ORTKIT_CLI_PATH;
  }

  testing::TempDir dir_;
  TuneSpec spec_;
  BenchEnvironment environment_;
};

TEST_F(RunTuneTest, MeasuresTheDefaultsAndFindsNothingWorseThanThem) {
  spec_.objective = Objective::kP50;
  // Room for the defaults' two measurements and at least one candidate when the 2-core CI machine
  // runs other tests beside this one (at 6 s, only the defaults fitted once in a loaded run).
  spec_.budget_s = testing::Scaled(10);
  spec_.space.only_axes = {"intra_threads", "spinning"};
  std::vector<BenchProgress> progress;
  environment_.progress = [&](const BenchProgress& p) { progress.push_back(p); };
  const TuneResult r = RunTune(spec_, environment_);

  ASSERT_FALSE(r.trials.empty());
  EXPECT_EQ(r.trials[0].axis, "defaults");
  EXPECT_EQ(r.trials[0].config, SessionConfig{});
  ASSERT_GE(r.trials[0].runs.size(), 2u);  // twice, for the spread
  EXPECT_GE(r.noise, 0.02);
  EXPECT_GE(r.noise, r.measured_spread);
  EXPECT_GE(r.trials.size(), 2u);
  // The winner is never worse than the defaults on the objective, in this same run.
  EXPECT_LE(r.best().Value(r.objective), r.defaults().Value(r.objective));
  if (r.beats_defaults) {
    EXPECT_NE(r.winner, 0u);
    // The bar the winner cleared: two standard errors of the difference (at least the floor),
    // which may be below the defaults' first spread (r.noise) once both were measured again.
    // The verdict is the final comparison's: at least 3 alternate measurements of each side,
    // the winner's median beyond the noise, and no dropped setting left in the winner.
    ASSERT_TRUE(r.final_comparison.done()) << r.final_comparison.skipped;
    EXPECT_GE(r.final_comparison.defaults.size(), 3u);
    EXPECT_EQ(r.final_comparison.candidate.size(), r.final_comparison.defaults.size());
    EXPECT_GT(r.Gain(), 1 + r.noise);
    for (const auto& s : r.settings) {
      if (!s.kept) {
        EXPECT_EQ(r.best().label.find(s.setting), std::string::npos) << s.setting << ": " << s.reason;
      }
    }
  } else {
    EXPECT_EQ(r.winner, 0u);
    EXPECT_FALSE(r.notes.empty());
  }
  for (const auto& t : r.trials) {
    EXPECT_TRUE(t.ok()) << t.label << ": " << t.error;
    EXPECT_GT(t.P50(), 0) << t.label;
    EXPECT_GT(t.PeakRss(), 1) << t.label;
  }
  EXPECT_GT(r.elapsed_s, 0);
  ASSERT_FALSE(progress.empty());
  EXPECT_LT(progress.back().fraction, 1.0);

  // The winner's config is a deployment profile: it round-trips and loads.
  const SessionConfig profile = SessionConfig::FromJson(r.best().config.ToJson());
  EXPECT_EQ(profile, r.best().config);
  EXPECT_NO_THROW(Model::Load(spec_.base.model_path, profile));
}

TEST_F(RunTuneTest, ColdStartTriesTheSavedPreOptimisedModel) {
  spec_.objective = Objective::kColdStart;
  spec_.budget_s = testing::Scaled(8);
  spec_.space.saved_model = true;
  spec_.space.only_axes = {"saved_model"};
  const TuneResult r = RunTune(spec_, environment_);
  ASSERT_EQ(r.saved_models.size(), 2u);
  EXPECT_EQ(r.saved_models[0].format, "ONNX");
  EXPECT_NE(r.saved_models[0].path, "") << r.saved_models[0].error;
  int saved_trials = 0;
  for (const auto& t : r.trials) {
    if (t.saved_model.empty()) continue;
    ++saved_trials;
    EXPECT_TRUE(t.ok()) << t.label << ": " << t.error;
    EXPECT_EQ(t.config.optimization_level, OptimizationLevel::kDisabled);
    EXPECT_NE(t.model_path, spec_.base.model_path);
    EXPECT_NE(t.label.find("model=saved " + t.saved_model), std::string::npos) << t.label;
  }
  EXPECT_GE(saved_trials, 1);
  EXPECT_LE(r.best().Value(r.objective), r.defaults().Value(r.objective));
}

TEST_F(RunTuneTest, RefusesABadSpecBeforeMeasuring) {
  spec_.budget_s = 0;
  EXPECT_THROW(RunTune(spec_, environment_), Error);
  spec_.budget_s = 5;
  spec_.base.model_path = dir_.File("missing.onnx");
  EXPECT_THROW(RunTune(spec_, environment_), Error);
}

// A measured run with the given p50 and cold start (the renderers' input, no processes needed).
BenchResult Measured(double p50_ms, double cold_ms, double rss_mib) {
  BenchResult r;
  PhaseResult phase;
  phase.name = "batch=1";
  phase.latency.count = 100;
  phase.latency.p50 = p50_ms;
  r.phases.push_back(phase);
  r.cold.runs = 3;
  r.cold.session_create.p50 = cold_ms;
  r.peak_rss_mib = rss_mib;
  return r;
}

TuneResult SyntheticResult(bool saved_winner) {
  TuneResult r;
  r.model_path = "m.onnx";
  r.objective = Objective::kP50;
  r.budget_s = 120;
  r.elapsed_s = 118;
  r.noise = 0.03;
  r.noise_floor = 0.02;
  r.measured_spread = 0.03;
  TuneTrial defaults;
  defaults.label = "ORT defaults";
  defaults.axis = "defaults";
  defaults.runs = {Measured(0.50, 20, 40), Measured(0.48, 20, 40)};
  TuneTrial faster;
  faster.label = "intra_threads=1";
  faster.axis = "intra_threads";
  faster.config.intra_op_threads = 1;
  faster.runs = {Measured(0.40, 10, 39), Measured(0.42, 10, 39)};
  if (saved_winner) faster.saved_model = "ONNX";
  TuneTrial slower;
  slower.label = "execution_mode=parallel";
  slower.runs = {Measured(0.98, 30, 41)};
  TuneTrial failed;
  failed.label = "provider=webgpu";
  failed.error = "provider 'webgpu' could not be set up";
  r.trials = {defaults, slower, faster, failed};
  r.axes = {TuneAxisReport{"intra_threads", 2, ""}, TuneAxisReport{"cuda", 0, "provider 'cuda' is unavailable"}};
  r.winner = 2;
  r.beats_defaults = true;
  return r;
}

TEST(TuneRenderTest, ComparesWithTheDefaultsInWords) {
  EXPECT_EQ(report::VersusDefaults(0.41, 0.49, Objective::kP50, 0.02), "1.20x faster");
  EXPECT_EQ(report::VersusDefaults(0.98, 0.49, Objective::kP50, 0.02), "2.00x slower");
  EXPECT_EQ(report::VersusDefaults(0.495, 0.49, Objective::kP50, 0.02), "same (within noise)");
  EXPECT_EQ(report::VersusDefaults(30, 36, Objective::kPeakRss, 0.02), "1.20x less");
  EXPECT_EQ(report::VersusDefaults(120, 100, Objective::kThroughput, 0.02), "1.20x higher");
}

TEST(TuneRenderTest, TextRanksEveryConfigurationAndStatesTheGain) {
  const TuneResult r = SyntheticResult(false);
  EXPECT_NEAR(r.Gain(), 0.49 / 0.41, 1e-9);
  std::ostringstream out;
  report::RenderTune(r, report::TuneFiles{"deployment.json", ""}, report::Format::kText, out);
  const std::string text = out.str();
  // Best first: the winner, the defaults, the slower one, the failed one last.
  // Rows start after the title and the header line (whose "vs ORT defaults" must not count).
  const auto table = text.find('\n', text.find('\n', text.find("configurations, best p50 first")) + 1);
  const auto winner = text.find("intra_threads=1", table), defaults = text.find("ORT defaults", table),
             slower = text.find("execution_mode=parallel", table), failed = text.find("provider=webgpu", table);
  EXPECT_LT(winner, defaults) << text;
  EXPECT_LT(defaults, slower) << text;
  EXPECT_LT(winner, slower) << text;
  EXPECT_LT(slower, failed) << text;
  EXPECT_NE(text.find("p50 0.490 -> 0.410 ms: 1.20x faster than ORT's defaults, measured in this run (intra_threads=1)"),
            std::string::npos) << text;
  EXPECT_NE(text.find("cuda: provider 'cuda' is unavailable"), std::string::npos) << text;
  EXPECT_NE(text.find("failed: provider 'webgpu' could not be set up"), std::string::npos) << text;
  EXPECT_NE(text.find("wrote   deployment.json"), std::string::npos) << text;
  EXPECT_EQ(text.find("IMPORTANT"), std::string::npos) << text;
}

TEST(TuneRenderTest, ASavedModelWinnerSaysTheProfileNeedsThatFile) {
  const TuneResult r = SyntheticResult(true);
  std::ostringstream text, json;
  const report::TuneFiles files{"deployment.json", "deployment.optimized.onnx"};
  report::RenderTune(r, files, report::Format::kText, text);
  EXPECT_NE(text.str().find("IMPORTANT: use deployment.json only with deployment.optimized.onnx"), std::string::npos)
      << text.str();
  report::RenderTune(r, files, report::Format::kJson, json);
  const auto doc = nlohmann::json::parse(json.str());
  EXPECT_EQ(doc["use_with_model"], "deployment.optimized.onnx");
  EXPECT_EQ(doc["winner"], "intra_threads=1");
  EXPECT_NEAR(doc["gain"].get<double>(), 0.49 / 0.41, 1e-9);
  EXPECT_EQ(doc["trials"].size(), 4u);
  EXPECT_EQ(doc["ranking"], nlohmann::json::parse("[2, 0, 1, 3]"));
  EXPECT_EQ(doc["trials"][3]["ok"], false);
  EXPECT_EQ(doc["trials"][2]["saved_model"], "ONNX");
}

TEST(TuneNoiseTest, TheVerdictUsesEveryMeasurementOfBoth) {
  TuneResult r;
  r.objective = Objective::kColdStart;
  r.noise = 0.70;  // two noisy first measurements of the defaults
  r.noise_floor = 0.02;
  TuneTrial defaults, again, once;
  for (double ms : {10.0, 20.0, 18.0, 19.0, 25.0}) defaults.runs.push_back(Measured(1, ms, 40));
  for (double ms : {12.0, 13.0, 12.0, 13.0}) again.runs.push_back(Measured(1, ms, 40));
  once.runs.push_back(Measured(1, 12.5, 40));
  r.trials = {defaults, again, once};
  // Defaults: mean 18.4, variance 29.3 over 5 runs; the other: mean 12.5, variance 1/3 over 4.
  const double expected = 2 * std::sqrt(29.3 / 5 + (1.0 / 3) / 4) / 18.4;
  EXPECT_NEAR(r.ThresholdVersusDefaults(1), expected, 1e-9);
  EXPECT_TRUE(BeatsBeyondNoise(r.trials[1].Value(r.objective), 18.4, r.objective, r.ThresholdVersusDefaults(1)));
  // Measured once, the same figure can't claim a win over a 70% spread.
  EXPECT_DOUBLE_EQ(r.ThresholdVersusDefaults(2), 0.70);
  EXPECT_FALSE(BeatsBeyondNoise(12.5, 18.4, r.objective, r.ThresholdVersusDefaults(2)));
  // Identical measurements still need the floor.
  r.trials[1].runs = {Measured(1, 18.4, 40), Measured(1, 18.4, 40)};
  r.trials[0].runs = {Measured(1, 18.4, 40), Measured(1, 18.4, 40)};
  EXPECT_DOUBLE_EQ(r.ThresholdVersusDefaults(1), 0.02);
}

TEST(TuneRenderTest, SaysSoWhenNothingBeatTheDefaults) {
  TuneResult r = SyntheticResult(false);
  r.winner = 0;
  r.beats_defaults = false;
  EXPECT_EQ(report::TuneVerdict(r),
            "nothing beat ORT's defaults beyond the noise: p50 0.490 ms; the profile is ORT's defaults");
}

}  // namespace
}  // namespace ortkit::bench
