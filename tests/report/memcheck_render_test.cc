// memcheck's renderers on a synthetic report (no model, no timing): every section in text, the
// same facts in JSON, and the series as CSV.
#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "report/memcheck_render.h"

namespace ortkit::report {
namespace {

constexpr int64_t kMiB = 1 << 20;

// batch 1..4 swept over 20 iterations (warm-up 5); the heap gains 1 MiB at batch 4 and then
// 8 KiB every iteration: a leak.
memory::MemcheckReport Synthetic() {
  memory::MemcheckReport r;
  r.model = "m.onnx";
  r.providers = {"CPUExecutionProvider"};
  memory::ScheduleSpec spec;
  spec.dims = {memory::ParseDimSpec("batch=1..4")};
  spec.iterations = 20;
  spec.warmup = 5;
  r.schedule = memory::BuildSchedule(spec);
  memory::Measurement& m = r.measurement;
  auto counters = [](int64_t i) {
    const int64_t heap = 10 * kMiB + (i >= 4 ? kMiB : 0) + (i > 5 ? (i - 5) * 8192 : 0);
    return memory::CheapCounters{heap + 30 * kMiB, heap + kMiB, heap, heap + 2 * kMiB};
  };
  m.before_load.iteration = -1;
  m.before_load.cheap = memory::CheapCounters{20 * kMiB, 2 * kMiB, kMiB, kMiB};
  m.after_load.cheap = counters(0);
  m.load_ms = 12.5;
  for (int64_t i = 1; i <= 20; ++i) {
    memory::Sample s;
    s.iteration = i;
    s.cheap = counters(i);
    if (i == 5 || i == 20) s.detailed = memory::DetailedCounters{50 * kMiB, 45 * kMiB, 15 * kMiB};
    if (i == 5) s.detailed->pss.reset();  // the warm-up's end reads the peak only
    if (i % 2 == 0 || i <= 5) m.samples.push_back(s);
    m.run_ms.push_back(1.0 + 0.1 * static_cast<double>(i % 3));
  }
  m.sampling.samples = static_cast<int64_t>(m.samples.size());
  m.sampling.cheap_every = 2;
  m.sampling.gpu = "no NVML (test)";
  r.analysis = memory::Analyze(m, r.schedule);
  r.arena_stats = "not exposed (test)";
  return r;
}

TEST(MemcheckRenderTest, TextHasEverySectionAndTheVerdictFirst) {
  std::ostringstream out;
  RenderMemcheckText(Synthetic(), out);
  const std::string text = out.str();
  EXPECT_EQ(text.rfind("model      m.onnx\nproviders  CPUExecutionProvider\n"
                       "schedule   sweep: 20 iterations (5 warm-up), 4 distinct shapes\n", 0), 0u)
      << text;
  EXPECT_NE(text.find("\nverdict    leak (C heap): 8192 bytes per iteration on shapes seen before (95% CI 8192 .. 8192, "
                      "R\u00b2 1.00)\n"), std::string::npos)
      << text;
  for (const char* section : {"\nphases\n", "\ngrowth after load (heap in use)\n",
                              "\nsteps (heap in use, lasting rises of at least 64.0 KiB)\n", "\nleak test ("}) {
    EXPECT_NE(text.find(section), std::string::npos) << section;
  }
  EXPECT_NE(text.find("          4  batch=4  +1.0 MiB  new largest shape  warm-up"), std::string::npos) << text;
  EXPECT_NE(text.find("  steady, shapes seen before (a leak grows here)      +120.0 KiB"), std::string::npos) << text;
  EXPECT_EQ(text.find("variants"), std::string::npos);  // not asked for
}

TEST(MemcheckRenderTest, VariantsAndTheRecommendationFollowWhenPresent) {
  memory::MemcheckReport r = Synthetic();
  r.variants = {*memory::FindVariant("baseline"), *memory::FindVariant("arena-off")};
  memory::VariantResult base;
  base.name = "baseline";
  base.steady_anon = 20 * kMiB;
  memory::VariantResult failed;
  failed.name = "arena-off";
  failed.error = "boom";
  r.variant_results = {base, failed};
  r.recommendation = memory::Recommendation{};
  r.recommendation->headline = "Keep the settings.";
  std::ostringstream out;
  RenderMemcheckText(r, out);
  EXPECT_NE(out.str().find("  arena-off  cpu_arena=false        failed: boom"), std::string::npos) << out.str();
  EXPECT_NE(out.str().find("\nrecommendation\n  Keep the settings.\n"), std::string::npos) << out.str();
}

TEST(MemcheckRenderTest, JsonCarriesTheVerdictThePhasesAndTheLeakTest) {
  std::ostringstream out;
  RenderMemcheckJson(Synthetic(), out);
  const auto j = nlohmann::json::parse(out.str());
  EXPECT_EQ(j["model"], "m.onnx");
  EXPECT_EQ(j["leak"], true);
  EXPECT_EQ(j["analysis"]["verdict"], "leak");
  EXPECT_EQ(j["analysis"]["leak_location"], "C heap");
  EXPECT_EQ(j["analysis"]["phases"].size(), 3u);
  EXPECT_EQ(j["analysis"]["phases"][2]["end_detailed"]["pss"], 45 * kMiB);
  EXPECT_EQ(j["analysis"]["leak_test"]["slope_bytes_per_iteration"], 8192.0);
  EXPECT_EQ(j["analysis"]["steps"][0]["iteration"], 4);
  EXPECT_EQ(j["analysis"]["steps"][0]["cause"], "new largest shape");
  EXPECT_EQ(j["schedule"]["distinct_shapes"], 4);
  EXPECT_EQ(j["sampling"]["cheap_every"], 2);
  EXPECT_FALSE(j.contains("variants"));
}

TEST(MemcheckRenderTest, CsvHasARowPerIterationWithBlanksWhereNotSampled) {
  const memory::MemcheckReport r = Synthetic();
  std::ostringstream out;
  RenderMemcheckCsv(r.schedule, r.measurement, out);
  std::istringstream lines(out.str());
  std::vector<std::string> rows;
  for (std::string line; std::getline(lines, line);) rows.push_back(line);
  ASSERT_EQ(rows.size(), 1u + 2u + 20u);
  EXPECT_EQ(rows[0], "iteration,phase,dims,new_shape,new_max,run_ms,rss,anon,heap,footprint,pss,private_dirty,peak_rss,gpu_used");
  EXPECT_EQ(rows[1], "-1,load,,,,,20971520,2097152,1048576,1048576,,,,");
  EXPECT_EQ(rows[6], "4,warm-up,batch=4,1,1,1.1000,42991616,12582912,11534336,13631488,,,,");
  EXPECT_EQ(rows[7], "5,warm-up,batch=1,0,0,1.2000,42991616,12582912,11534336,13631488,,15728640,52428800,");
  EXPECT_EQ(rows[8], "6,steady,batch=2,0,0,1.0000,42999808,12591104,11542528,13639680,,,,");
  EXPECT_EQ(rows[9], "7,steady,batch=3,0,0,1.1000,,,,,,,,");
}

TEST(MemcheckRenderTest, SignedBytesShowTheDirection) {
  EXPECT_EQ(SignedBytes(0), "0 B");
  EXPECT_EQ(SignedBytes(1536), "+1.5 KiB");
  EXPECT_EQ(SignedBytes(-3 * kMiB), "-3.0 MiB");
}

}  // namespace
}  // namespace ortkit::report
