// The variant table, what each variant changes, and the JSON that carries jobs and results
// between processes.
#include <gtest/gtest.h>

#include "memory/variant_job.h"
#include "memory/variants.h"
#include "ortkit/error.h"

namespace ortkit::memory {
namespace {

std::vector<std::string> Names(const std::vector<Variant>& variants) {
  std::vector<std::string> out;
  for (const Variant& v : variants) out.push_back(v.name);
  return out;
}

TEST(VariantsTest, BucketingIsOfferedOnlyWhenShapesVary) {
  ScheduleSpec fixed;
  EXPECT_EQ(Names(VariantsFor(BuildSchedule(fixed))),
            (std::vector<std::string>{"baseline", "arena-off", "pattern-off", "same-as-requested", "shrink",
                                      "malloc-trim", "shrink+trim"}));
  ScheduleSpec sweep;
  sweep.dims = {ParseDimSpec("batch=1..4")};
  EXPECT_EQ(Names(VariantsFor(BuildSchedule(sweep))).back(), "bucket16");
  EXPECT_EQ(VariantNames(), "baseline, arena-off, pattern-off, same-as-requested, shrink, malloc-trim, shrink+trim, bucket16");
}

TEST(VariantsTest, EachVariantChangesOnlyItsOwnSetting) {
  for (const Variant& v : VariantsFor(BuildSchedule([] {
         ScheduleSpec s;
         s.dims = {ParseDimSpec("n=1..3")};
         return s;
       }()))) {
    SessionConfig config;
    ScheduleSpec schedule;
    MeasureOptions measure;
    ApplyVariant(v, &config, &schedule, &measure);
    const MemoryConfig& m = config.memory;
    EXPECT_EQ(m.cpu_arena, v.kind != VariantKind::kArenaOff) << v.name;
    EXPECT_EQ(m.memory_pattern, v.kind != VariantKind::kPatternOff) << v.name;
    EXPECT_EQ(m.arena_extend_strategy == ArenaExtendStrategy::kSameAsRequested, v.kind == VariantKind::kSameAsRequested)
        << v.name;
    EXPECT_EQ(m.arena_shrink_after_run, v.kind == VariantKind::kShrink || v.kind == VariantKind::kShrinkAndTrim) << v.name;
    EXPECT_EQ(measure.malloc_trim_after_run, v.kind == VariantKind::kMallocTrim || v.kind == VariantKind::kShrinkAndTrim)
        << v.name;
    EXPECT_EQ(schedule.bucket, v.kind == VariantKind::kBucketing ? 16 : 0) << v.name;
    // A deployment profile holds session settings only: malloc_trim and padding are code.
    EXPECT_EQ(v.session_setting, !measure.malloc_trim_after_run && schedule.bucket == 0) << v.name;
  }
}

TEST(VariantsTest, ResultsSurviveTheirJson) {
  VariantResult r;
  r.name = "shrink";
  r.verdict = Verdict::kAllocatorGrowth;
  r.steady_anon = 12345678;
  r.steady_heap = 9876543;
  r.peak_rss = 55555555;
  r.p50_ms = 1.25;
  r.p90_ms = 2.5;
  const VariantResult back = VariantResultFromJson(VariantResultToJson(r));
  EXPECT_EQ(back.name, "shrink");
  EXPECT_EQ(back.verdict, Verdict::kAllocatorGrowth);
  EXPECT_EQ(back.steady_anon, 12345678);
  EXPECT_EQ(back.steady_heap, 9876543);
  EXPECT_EQ(back.peak_rss, 55555555);
  EXPECT_EQ(back.p50_ms, 1.25);
  EXPECT_TRUE(back.ok());

  VariantResult failed;
  failed.name = "arena-off";
  failed.error = "while loading 'm.onnx': boom";
  const VariantResult failed_back = VariantResultFromJson(VariantResultToJson(failed));
  EXPECT_EQ(failed_back.error, "while loading 'm.onnx': boom");
  EXPECT_FALSE(failed_back.ok());
}

TEST(VariantsTest, UnreadableResultsAndJobsAreRunErrors) {
  try {
    VariantResultFromJson("{\"name\": \"x\"}");
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.category(), ErrorCategory::kRun);
    EXPECT_EQ(std::string(e.what()).rfind("variant result is not readable: ", 0), 0u) << e.what();
  }
  try {
    VariantJobFromJson("{\"variant\": \"turbo\"}");
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()), "variant job: unknown variant 'turbo'");
  }
}

TEST(VariantsTest, AJobCarriesTheRequestAndTheVariant) {
  MemcheckRequest request;
  request.model_path = "m.onnx";
  request.config.intra_op_threads = 2;
  request.config.memory.memory_pattern = false;
  request.schedule.dims = {ParseDimSpec("seq=5..100"), ParseDimSpec("batch=2")};
  request.schedule.random = true;
  request.schedule.seed = 9;
  request.schedule.rows = {};
  request.schedule.iterations = 120;
  request.schedule.warmup = 12;
  request.measure.sample_every = 3;
  request.inputs.files = {{"x", "x.npy"}};
  request.inputs.dims = {{"T", 8}};
  request.inputs.values = {workload::ParseValueFlag("lengths=@T"), workload::ParseValueFlag("ids=0..999")};
  request.inputs.values[1].guess = "indices of Gather 'g', which has 1000 rows";
  request.inputs.seed = 9;
  const VariantJob job = VariantJobFromJson(VariantJobToJson(request, *FindVariant("shrink+trim")));
  EXPECT_EQ(job.variant.kind, VariantKind::kShrinkAndTrim);
  EXPECT_EQ(job.request.model_path, "m.onnx");
  EXPECT_EQ(job.request.config, request.config);
  ASSERT_EQ(job.request.schedule.dims.size(), 2u);
  EXPECT_EQ(job.request.schedule.dims[0].name, "seq");
  EXPECT_EQ(job.request.schedule.dims[0].values.back(), 100);
  EXPECT_EQ(job.request.inputs.files, request.inputs.files);
  EXPECT_EQ(job.request.inputs.dims, request.inputs.dims);
  EXPECT_EQ(job.request.inputs.values, request.inputs.values);
  EXPECT_EQ(job.request.inputs.seed, 9u);
  EXPECT_TRUE(job.request.schedule.random);
  EXPECT_EQ(job.request.schedule.seed, 9u);
  EXPECT_EQ(job.request.schedule.iterations, 120);
  EXPECT_EQ(job.request.schedule.warmup, 12);
  EXPECT_EQ(job.request.measure.sample_every, 3);

  request.schedule = ScheduleSpec{};
  request.schedule.rows = {Dims{{"seq", 7}}, Dims{{"seq", 30}}};
  EXPECT_EQ(VariantJobFromJson(VariantJobToJson(request, *FindVariant("baseline"))).request.schedule.rows,
            request.schedule.rows);
}

}  // namespace
}  // namespace ortkit::memory
