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
  EXPECT_EQ(rows[0], "iteration,phase,dims,new_shape,new_max,run_ms,rss,anon,heap,footprint,pss,private_dirty,peak_rss,gpu_used,"
            "arena_in_use,arena_total_allocated,arena_extensions");
  EXPECT_EQ(rows[1], "-1,load,,,,,20971520,2097152,1048576,1048576,,,,,,,");
  EXPECT_EQ(rows[6], "4,warm-up,batch=4,1,1,1.1000,42991616,12582912,11534336,13631488,,,,,,,");
  EXPECT_EQ(rows[7], "5,warm-up,batch=1,0,0,1.2000,42991616,12582912,11534336,13631488,,15728640,52428800,,,,");
  EXPECT_EQ(rows[8], "6,steady,batch=2,0,0,1.0000,42999808,12591104,11542528,13639680,,,,,,,");
  EXPECT_EQ(rows[9], "7,steady,batch=3,0,0,1.1000,,,,,,,,,,,");
}

// With the session's arena read at every sample: the arena line, the step's cause as the arena's
// extension, the leak test's series, and the counters in JSON and CSV.
memory::MemcheckReport SyntheticWithArena() {
  memory::MemcheckReport r = Synthetic();
  auto arena = [](int64_t i) {
    ArenaStats a;
    a.total_allocated = 4 * kMiB + (i >= 4 ? kMiB : 0);
    a.in_use = 512 * 1024;
    a.max_in_use = 3 * kMiB;
    a.num_arena_extensions = i >= 4 ? 3 : 2;
    return a;
  };
  r.measurement.after_load.arena = arena(0);
  for (memory::Sample& s : r.measurement.samples) s.arena = arena(s.iteration);
  r.analysis = memory::Analyze(r.measurement, r.schedule);
  return r;
}

TEST(MemcheckRenderTest, TheArenaCountersShowInEveryFormat) {
  const memory::MemcheckReport r = SyntheticWithArena();
  ASSERT_TRUE(r.analysis.arena.has_value());
  std::ostringstream text;
  RenderMemcheckText(r, text);
  EXPECT_NE(text.str().find("arena      holds 5.0 MiB at the end (in use 512.0 KiB, at most 3.0 MiB)"), std::string::npos)
      << text.str();
  EXPECT_NE(text.str().find("arena extension (+1.0 MiB chunk; the next_power_of_two strategy rounds up)"),
            std::string::npos)
      << text.str();
  EXPECT_NE(text.str().find("  heap beyond the arena: "), std::string::npos) << text.str();
  std::ostringstream json_text;
  RenderMemcheckJson(r, json_text);
  const nlohmann::json j = nlohmann::json::parse(json_text.str());
  EXPECT_EQ(j["analysis"]["arena"]["end"]["total_allocated"], 5 * kMiB);
  EXPECT_EQ(j["analysis"]["leak_test_series"], "heap_beyond_arena");
  EXPECT_EQ(j["analysis"]["steps"][0]["arena_extensions"], 1);
  EXPECT_EQ(j["series"][0]["arena_total_allocated"], 4 * kMiB);
  std::ostringstream csv;
  RenderMemcheckCsv(r.schedule, r.measurement, csv);
  EXPECT_NE(csv.str().find("\n4,warm-up,batch=4,1,1,1.1000,42991616,12582912,11534336,13631488,,,,,524288,5242880,3\n"),
            std::string::npos)
      << csv.str();
}

TEST(MemcheckRenderTest, SignedBytesShowTheDirection) {
  EXPECT_EQ(SignedBytes(0), "0 B");
  EXPECT_EQ(SignedBytes(1536), "+1.5 KiB");
  EXPECT_EQ(SignedBytes(-3 * kMiB), "-3.0 MiB");
}

}  // namespace
}  // namespace ortkit::report
