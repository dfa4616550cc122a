// Tests of bench/bench_json: a result survives JSON (what --baseline reads back).
#include "bench/bench_json.h"

#include <gtest/gtest.h>

#include "ortkit/error.h"

namespace ortkit::bench {
namespace {

BenchResult SampleResult() {
  BenchResult r;
  r.ortkit_version = "0.1.0";
  r.onnxruntime_version = "1.30.0";
  r.spec.model_path = "m.onnx";
  r.providers = {"CPUExecutionProvider"};
  r.cold.runs = 2;
  r.cold.session_create = Summarize({10, 12});
  r.cold.first_run = Summarize({3, 5});
  r.cold.new_shape_first_run = {{"batch=2", Summarize({1.5, 2.5})}};
  r.cold.peak_rss_mib = Summarize({40, 41});
  PhaseResult phase;
  phase.name = "batch=1";
  phase.inputs = {{"x", {1, 3}}};
  phase.requests = 3;
  phase.wall_s = 0.25;
  phase.throughput_per_s = 12;
  phase.latency = Summarize({1, 2, 3});
  r.phases = {phase};
  r.peak_rss_mib = 42.5;
  r.warnings = {"a warning"};
  return r;
}

TEST(BenchJsonTest, ResultRoundTripsThroughJson) {
  const BenchResult r = SampleResult();
  const Json j = ResultToJson(r);
  EXPECT_EQ(j["format"], kResultFormat);
  const BenchResult back = ResultFromJson(Json::parse(j.dump()), "r.json");
  EXPECT_EQ(ResultToJson(back).dump(), j.dump());
  EXPECT_EQ(back.phases.at(0).inputs.at("x"), (Shape{1, 3}));
  EXPECT_DOUBLE_EQ(back.cold.new_shape_first_run.at(0).second.p50, 2.0);
  EXPECT_EQ(&back.headline(), &back.phases.back());
}

TEST(BenchJsonTest, ReadingSomethingElseSaysWhatItIs) {
  try {
    ResultFromJson(Json::parse("{\"format\": \"other\"}"), "baseline 'x.json'");
    FAIL();
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "baseline 'x.json': not an `ortkit bench --json` result (expected \"format\": \"ortkit.bench/1\")");
  }
  Json j = ResultToJson(SampleResult());
  j["steady_state"][0]["latency"]["p50_ms"] = "fast";
  try {
    ResultFromJson(j, "r.json");
    FAIL();
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "r.json.steady_state.latency: 'p50_ms' must be a number, got a string");
  }
}

TEST(BenchJsonTest, ANumberBeyondDoublesRangeIsAnErrorNotACrash) {
  // Found by the session_config fuzz target (corpus: crash-number-overflow-1e400.json): nlohmann
  // throws out_of_range, not parse_error, for it.
  try {
    BenchSpec::FromJson("{\"warmup\": 1e400}");
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.category(), ErrorCategory::kConfig);
    EXPECT_NE(std::string(e.what()).find("not valid JSON"), std::string::npos) << e.what();
  }
}

TEST(BenchJsonTest, StatsUseTheUnitSuffixOnEveryFigure) {
  const Json j = StatsToJson(Summarize({1, 2}), "_mib");
  EXPECT_TRUE(j.contains("count"));
  for (const char* key : {"min_mib", "mean_mib", "stddev_mib", "p50_mib", "p90_mib", "p95_mib", "p99_mib", "max_mib"}) {
    EXPECT_TRUE(j.contains(key)) << key;
  }
}

}  // namespace
}  // namespace ortkit::bench
