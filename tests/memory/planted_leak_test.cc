// memcheck's verdict on a planted leak: a custom operator that leaks K bytes per call must be
// called a leak, with K estimated within 25%, inside 300 iterations; without the leak, never.
#include <memory>

#include <gtest/gtest.h>

#include "memory/analyzer.h"
#include "memory/leaky_custom_op.h"
#include "memory/measure.h"
#include "sanitizers/sanitizer_build.h"

namespace ortkit::memory {
namespace {

// Why these cases cannot be judged in a sanitizer build.
constexpr const char* kNotUnderSanitizers =
    "the memory analysis reads glibc's heap counters (mallinfo2), which stay at zero when the "
    "sanitizer's allocator serves malloc, and resident memory, which its quarantine and shadow "
    "memory change";

Analysis MeasureLeakyCopy(std::size_t leak_bytes, Measurement* measurement = nullptr) {
  ScheduleSpec spec;
  spec.iterations = 300;
  const Schedule schedule = BuildSchedule(spec);
  Measurement m = Measure([&] { return std::make_unique<testing::LeakyCopyWorkload>(leak_bytes); }, schedule);
  Analysis a = Analyze(m, schedule);
  if (measurement) *measurement = std::move(m);
  return a;
}

void ExpectLeakOf(double bytes) {
  ORTKIT_SKIP_UNDER_SANITIZER(kNotUnderSanitizers);
  const Analysis a = MeasureLeakyCopy(static_cast<std::size_t>(bytes));
  EXPECT_EQ(a.verdict, Verdict::kLeak);
  // The arena is read at every sample and does not account for the leaked blocks.
  ASSERT_TRUE(a.arena.has_value());
  EXPECT_EQ(a.leak_location, "C heap, beyond ORT's arena");
  EXPECT_NEAR(a.leak.fit.slope, bytes, 0.25 * bytes);
  EXPECT_GE(a.leak.fit.r_squared, 0.8);
  EXPECT_GT(a.leak.fit.ci_low, 0);
  // The blocks are written, so resident memory grows too, but less at first: malloc fills free
  // memory it already held (resident) before it takes fresh pages. The heap counts every byte.
  EXPECT_GT(a.resident_leak.fit.slope, 0);
  EXPECT_LE(a.resident_leak.fit.slope, 1.25 * bytes);
}

TEST(PlantedLeakTest, FourKibPerCallIsALeakEstimatedWithin25Percent) { ExpectLeakOf(4096); }

TEST(PlantedLeakTest, SixtyFourKibPerCallIsALeakEstimatedWithin25Percent) { ExpectLeakOf(65536); }

TEST(PlantedLeakTest, TheSameOperatorWithoutTheLeakIsStableOrPlateau) {
  ORTKIT_SKIP_UNDER_SANITIZER(kNotUnderSanitizers);
  for (int repeat = 0; repeat < 3; ++repeat) {
    const Analysis a = MeasureLeakyCopy(0);
    EXPECT_TRUE(a.verdict == Verdict::kStable || a.verdict == Verdict::kPlateau) << ToString(a.verdict);
    EXPECT_FALSE(a.leak.leak());
    EXPECT_FALSE(a.resident_leak.leak());
  }
}

TEST(PlantedLeakTest, SamplingStaysWithinItsBudgetAndCoversBothPhases) {
  Measurement m;
  MeasureLeakyCopy(0, &m);
  EXPECT_GT(m.sampling.cheap_cost_us, 0);
  EXPECT_GT(m.sampling.detailed_cost_us, m.sampling.cheap_cost_us);
  EXPECT_GT(m.sampling.sampling_ms, 0);
  EXPECT_GT(m.loop_ms, 0);
  EXPECT_GE(m.sampling.cheap_every, 1);
  ASSERT_FALSE(m.samples.empty());
  EXPECT_EQ(m.samples.back().iteration, 300);
  ASSERT_TRUE(m.samples.back().detailed.has_value());
  EXPECT_TRUE(m.samples.back().detailed->pss.has_value());  // the full read after the last run
  EXPECT_EQ(m.run_ms.size(), 300u);
}

}  // namespace
}  // namespace ortkit::memory
