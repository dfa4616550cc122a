// Dynamic shapes on real networks: with the default arena, steps at new shapes or a plateau,
// never a leak; with arena shrinkage, rises that fall back, never a leak.
#include <memory>

#include <gtest/gtest.h>

#include "workload/inputs.h"
#include "memory/analyzer.h"
#include "memory/model_workload.h"
#include "testing/test_models.h"
#include "sanitizers/sanitizer_build.h"

namespace ortkit::memory {
namespace {

// Why these cases cannot be judged in a sanitizer build.
constexpr const char* kNotUnderSanitizers =
    "the memory analysis reads glibc's heap counters (mallinfo2), which stay at zero when the "
    "sanitizer's allocator serves malloc, and resident memory, which its quarantine and shadow "
    "memory change";

struct SweepRun {
  Measurement measurement;
  Analysis analysis;
};

SweepRun MeasureSweep(const std::string& bytes, const std::vector<std::string>& dims, bool random, bool shrink,
                 bool trim = false, int64_t iterations = 300) {
  ScheduleSpec spec;
  spec.iterations = iterations;
  for (const std::string& d : dims) spec.dims.push_back(ParseDimSpec(d));
  spec.random = random;
  spec.seed = 1;
  const Schedule schedule = BuildSchedule(spec);
  SessionConfig config;
  config.memory.arena_shrink_after_run = shrink;
  MeasureOptions options;
  options.malloc_trim_after_run = trim;
  auto inputs = [](const Model& model, const Dims& d) { return workload::SeededInputs(model.inputs(), 1, d); };
  SweepRun run;
  run.measurement = Measure(
      [&] { return std::make_unique<ModelWorkload>(Model::FromBytes(bytes.data(), bytes.size(), config), inputs, false); },
      schedule, options);
  run.analysis = Analyze(run.measurement, schedule);
  return run;
}

void ExpectStepsOrPlateau(const Analysis& a) {
  EXPECT_TRUE(a.verdict == Verdict::kStepGrowth || a.verdict == Verdict::kPlateau) << ToString(a.verdict);
  EXPECT_FALSE(a.leak.leak());
  // Every lasting step of the heap comes with a new shape.
  for (const Step& s : a.steps) EXPECT_NE(s.cause, IntervalCause::kRepeat) << "iteration " << s.iteration;
}

// 160 iterations: ten sweeps of the batch, enough for the verdicts; the conv net is the slow one.
constexpr int64_t kConvIterations = 160;

TEST(DynamicShapesTest, ConvNetBatchSweepGrowsAtNewLargestBatchesOnly) {
  ORTKIT_SKIP_UNDER_SANITIZER(kNotUnderSanitizers);
  const SweepRun run = MeasureSweep(testing::ConvNetModel(), {"batch=1..16"}, false, false, false, kConvIterations);
  ExpectStepsOrPlateau(run.analysis);
  ASSERT_FALSE(run.analysis.steps.empty());
  EXPECT_EQ(run.analysis.steps.front().cause, IntervalCause::kNewMax);
  // ORT's own counters say why: every lasting step is the arena taking a chunk, as large as the
  // step (within the arena's bookkeeping), and nothing on repeated shapes is left beyond it.
  ASSERT_TRUE(run.analysis.arena.has_value());
  for (const Step& s : run.analysis.steps) {
    EXPECT_GT(s.arena_extensions, 0) << "iteration " << s.iteration;
    EXPECT_NEAR(static_cast<double>(s.arena_bytes), static_cast<double>(s.bytes), 0.1 * static_cast<double>(s.bytes))
        << "iteration " << s.iteration;
  }
  EXPECT_LT(run.analysis.arena->repeat_beyond_arena, 64 * 1024);
}

TEST(DynamicShapesTest, TransformerRandomSequenceLengthsAreNeverALeak) {
  ORTKIT_SKIP_UNDER_SANITIZER(kNotUnderSanitizers);
  ExpectStepsOrPlateau(MeasureSweep(testing::TransformerEncoderModel(), {"batch=1", "seq=5..100"}, true, false).analysis);
}

TEST(DynamicShapesTest, TransformerBatchAndSequenceSweepStepsAtNewShapesOnly) {
  ORTKIT_SKIP_UNDER_SANITIZER(kNotUnderSanitizers);
  // Batches up to 8 make the attention scores outgrow the arena's first chunk.
  ExpectStepsOrPlateau(
      MeasureSweep(testing::TransformerEncoderModel(), {"batch=1..8", "seq=5..100"}, true, false).analysis);
}

TEST(DynamicShapesTest, WithArenaShrinkageMemoryRisesAndFallsButNeverLeaks) {
  ORTKIT_SKIP_UNDER_SANITIZER(kNotUnderSanitizers);
  // Lower steady memory with shrinkage is compared in fresh processes, where one run's freed
  // pages can't serve another: tests/cli/cli_memcheck_test.cc.
  const SweepRun conv = MeasureSweep(testing::ConvNetModel(), {"batch=1..16"}, false, true, false, kConvIterations);
  EXPECT_NE(conv.analysis.verdict, Verdict::kLeak) << ToString(conv.analysis.verdict);
  // The arena gives its extension back after each large batch: the heap falls as far as it rose,
  // so no rise after the warm-up is a lasting step.
  for (const Step& s : conv.analysis.steps) EXPECT_FALSE(s.steady) << "iteration " << s.iteration;
  const SweepRun transformer =
      MeasureSweep(testing::TransformerEncoderModel(), {"batch=1..8", "seq=5..100"}, true, true);
  EXPECT_NE(transformer.analysis.verdict, Verdict::kLeak) << ToString(transformer.analysis.verdict);
}

}  // namespace
}  // namespace ortkit::memory
