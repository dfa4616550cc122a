// Tests of memcheck's JSON "series" (report/memcheck_render_json.cc): the points a chart of memory
// per iteration draws, downsampled for long runs without losing the end or the steps.
#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "memory/memcheck.h"
#include "report/memcheck_render.h"

namespace ortkit::report {
namespace {

using nlohmann::json;

memory::Sample At(int64_t iteration, int64_t bytes) {
  memory::Sample s;
  s.iteration = iteration;
  s.cheap.rss = bytes + 1000;
  s.cheap.anon = bytes + 100;
  s.cheap.heap = bytes;
  return s;
}

json Series(const memory::MemcheckReport& report) {
  std::ostringstream out;
  RenderMemcheckJson(report, out);
  return json::parse(out.str())["series"];
}

TEST(MemcheckSeriesTest, ShortRunsKeepEverySampleAfterTheLoadPoint) {
  memory::MemcheckReport r;
  r.measurement.after_load = At(0, 500);
  for (int64_t i = 1; i <= 10; ++i) r.measurement.samples.push_back(At(i, 1000 + i));
  const json series = Series(r);
  ASSERT_EQ(series.size(), 11u);
  EXPECT_EQ(series[0], (json{{"iteration", 0}, {"rss", 1500}, {"anon", 600}, {"heap", 500}}));
  EXPECT_EQ(series[10]["iteration"], 10);
  EXPECT_EQ(series[10]["heap"], 1010);
}

TEST(MemcheckSeriesTest, LongRunsAreDownsampledKeepingTheLastSampleAndTheSteps) {
  memory::MemcheckReport r;
  for (int64_t i = 1; i <= 10001; ++i) r.measurement.samples.push_back(At(i, i < 7777 ? 1000 : 2000));
  memory::Step step;
  step.iteration = 7777;
  step.sampled_after = 7777;
  r.analysis.steps.push_back(step);
  const json series = Series(r);
  EXPECT_LE(series.size(), 2002u);
  EXPECT_GE(series.size(), 1500u);
  EXPECT_EQ(series.back()["iteration"], 10001);
  bool has_step = false;
  for (const json& p : series) has_step = has_step || p["iteration"] == 7777;
  EXPECT_TRUE(has_step);
}

TEST(MemcheckSeriesTest, HeapIsNullWhereGlibcsCountersAreMissing) {
  memory::MemcheckReport r;
  r.measurement.sampling.heap_available = false;
  r.measurement.samples.push_back(At(1, 1000));
  const json series = Series(r);
  EXPECT_TRUE(series[1]["heap"].is_null());
  EXPECT_EQ(series[1]["rss"], 2000);
}

}  // namespace
}  // namespace ortkit::report
