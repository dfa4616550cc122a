// The analyzer on synthetic series, one per shape of growth it must tell apart.
#include <cmath>
#include <functional>

#include <gtest/gtest.h>

#include "memory/analyzer.h"

namespace ortkit::memory {
namespace {

constexpr int64_t kMiB = 1024 * 1024;

Schedule Fixed(int64_t iterations = 300) {
  ScheduleSpec spec;
  spec.iterations = iterations;
  return BuildSchedule(spec);
}

Schedule Sweep(int64_t min, int64_t max, int64_t iterations = 300, bool random = false) {
  ScheduleSpec spec;
  DimSpec batch{"batch", {}};
  for (int64_t v = min; v <= max; ++v) batch.values.push_back(v);
  spec.dims = {batch};
  spec.random = random;
  spec.iterations = iterations;
  return BuildSchedule(spec);
}

// A measurement sampled after every iteration, with the counters `at(iteration)` gives.
Measurement Synthetic(const Schedule& schedule, const std::function<CheapCounters(int64_t)>& at) {
  Measurement m;
  m.before_load.iteration = -1;
  m.before_load.cheap = CheapCounters{};
  m.after_load.iteration = 0;
  m.after_load.cheap = at(0);
  for (int64_t i = 1; i <= static_cast<int64_t>(schedule.iterations.size()); ++i) {
    Sample s;
    s.iteration = i;
    s.cheap = at(i);
    m.samples.push_back(s);
    m.run_ms.push_back(1.0);
  }
  return m;
}

CheapCounters Heap(int64_t heap) { return CheapCounters{100 * kMiB + heap, 50 * kMiB + heap, 40 * kMiB + heap, 45 * kMiB + heap}; }

TEST(AnalyzerTest, FlatMemoryIsStable) {
  const Schedule s = Fixed();
  const Analysis a = Analyze(Synthetic(s, [](int64_t) { return Heap(0); }), s);
  EXPECT_EQ(a.verdict, Verdict::kStable);
  EXPECT_EQ(a.metric, "heap");
  EXPECT_TRUE(a.steps.empty());
  ASSERT_EQ(a.phases.size(), 3u);
  EXPECT_EQ(a.phases[1].name, "warm-up");
  EXPECT_EQ(a.phases[1].last_iteration, 30);
  EXPECT_EQ(a.phases[2].first_iteration, 31);
  EXPECT_EQ(a.phases[2].last_iteration, 300);
}

TEST(AnalyzerTest, GrowthThatStopsDuringWarmUpIsAPlateau) {
  const Schedule s = Fixed();
  const Analysis a = Analyze(Synthetic(s, [](int64_t i) { return Heap(std::min<int64_t>(i, 10) * 256 * 1024); }), s);
  EXPECT_EQ(a.verdict, Verdict::kPlateau);
  EXPECT_EQ(a.attribution.warmup, 10 * 256 * 1024);
  EXPECT_EQ(a.attribution.repeat, 0);
}

TEST(AnalyzerTest, StepsAtNewLargestShapesAfterWarmUpAreStepGrowthWithTheirShapes) {
  // batch = 1..100 brings a new largest shape at each of the first 100 iterations.
  const Schedule s = Sweep(1, 100);
  auto arena = [&](int64_t i) {
    // The arena doubles when batch passes 32 and 64 (iterations 33 and 65).
    int64_t heap = 1 * kMiB;
    if (i >= 33) heap = 2 * kMiB;
    if (i >= 65) heap = 4 * kMiB;
    return Heap(heap);
  };
  const Analysis a = Analyze(Synthetic(s, arena), s);
  EXPECT_EQ(a.verdict, Verdict::kStepGrowth);
  ASSERT_EQ(a.steps.size(), 2u);
  EXPECT_EQ(a.steps[0].iteration, 33);
  EXPECT_EQ(a.steps[0].bytes, 1 * kMiB);
  EXPECT_EQ(a.steps[0].shape, "batch=33");
  EXPECT_EQ(a.steps[0].cause, IntervalCause::kNewMax);
  EXPECT_EQ(a.steps[1].iteration, 65);
  EXPECT_EQ(a.attribution.new_max, 3 * kMiB);
  EXPECT_FALSE(a.leak.leak());
}

TEST(AnalyzerTest, LinearGrowthOnSeenShapesIsALeakWithItsSlope) {
  const Schedule s = Fixed();
  const Analysis a = Analyze(Synthetic(s, [](int64_t i) { return Heap(i * 1000); }), s);
  EXPECT_EQ(a.verdict, Verdict::kLeak);
  EXPECT_EQ(a.leak_location, "C heap");
  EXPECT_NEAR(a.leak.fit.slope, 1000, 1e-6);
  EXPECT_NEAR(a.leak.fit.r_squared, 1, 1e-9);
  EXPECT_EQ(a.leak.fit.confidence, 1);
  EXPECT_EQ(a.leak.iterations, 270);
}

TEST(AnalyzerTest, ANoisyLeakStillShowsWithAnIntervalAroundItsSlope) {
  const Schedule s = Fixed();
  // 2 KiB a call plus +-8 KiB of deterministic jitter.
  auto noisy = [](int64_t i) { return Heap(i * 2048 + static_cast<int64_t>(8192 * std::sin(i * 1.7))); };
  const Analysis a = Analyze(Synthetic(s, noisy), s);
  EXPECT_EQ(a.verdict, Verdict::kLeak);
  EXPECT_NEAR(a.leak.fit.slope, 2048, 0.1 * 2048);
  EXPECT_LT(a.leak.fit.ci_low, 2048);
  EXPECT_GT(a.leak.fit.ci_high, 2048);
}

TEST(AnalyzerTest, OneStepOnSeenShapesIsNotALeak) {
  const Schedule s = Fixed();
  const Analysis a = Analyze(Synthetic(s, [](int64_t i) { return Heap(i >= 150 ? 2 * kMiB : 0); }), s);
  EXPECT_EQ(a.verdict, Verdict::kStepGrowth);
  ASSERT_EQ(a.steps.size(), 1u);
  EXPECT_EQ(a.steps[0].iteration, 150);
  EXPECT_EQ(a.steps[0].cause, IntervalCause::kRepeat);
  EXPECT_FALSE(a.leak.leak());
}

TEST(AnalyzerTest, ACacheThatFillsAndClearsIsNotALeak) {
  const Schedule s = Fixed();
  // Grows 8 KiB a call and drops back every 40 calls: bounded, however steep each tooth.
  const Analysis a = Analyze(Synthetic(s, [](int64_t i) { return Heap((i % 40) * 8192); }), s);
  EXPECT_NE(a.verdict, Verdict::kLeak);
  EXPECT_LT(a.leak.fit.r_squared, 0.8);
}

TEST(AnalyzerTest, GrowthThatSlowsToAHaltAfterWarmUpIsNotALeak) {
  const Schedule s = Fixed();
  // A cache filling toward 1 MiB with a time constant of 40 iterations.
  auto filling = [](int64_t i) { return Heap(static_cast<int64_t>(kMiB * (1 - std::exp(-i / 40.0)))); };
  const Analysis a = Analyze(Synthetic(s, filling), s);
  EXPECT_NE(a.verdict, Verdict::kLeak);
  EXPECT_FALSE(a.leak.sustained);
}

TEST(AnalyzerTest, GrowthOnlyOnNewShapesIsNeverALeak) {
  const Schedule s = Sweep(5, 100, 300, /*random=*/true);
  // Memory-pattern plans: 600 bytes per new shape, nothing on repeats.
  int64_t plans = 0;
  std::vector<int64_t> level(301, 0);
  for (int64_t i = 1; i <= 300; ++i) {
    if (s.iterations[static_cast<std::size_t>(i - 1)].new_shape) plans += 600;
    level[static_cast<std::size_t>(i)] = plans;
  }
  const Analysis a = Analyze(Synthetic(s, [&](int64_t i) { return Heap(level[static_cast<std::size_t>(i)]); }), s);
  EXPECT_NE(a.verdict, Verdict::kLeak);
  EXPECT_EQ(a.attribution.repeat, 0);
  EXPECT_GT(a.attribution.new_shape + a.attribution.new_max, 0);
}

TEST(AnalyzerTest, ResidentGrowthWithAFlatHeapIsALeakOutsideTheHeap) {
  const Schedule s = Fixed();
  auto outside = [](int64_t i) {
    CheapCounters c = Heap(0);
    c.anon += i * 65536;  // e.g. thread stacks never joined: 17 MiB, beyond the 5 MiB malloc holds free
    c.rss += i * 65536;
    return c;
  };
  const Analysis a = Analyze(Synthetic(s, outside), s);
  EXPECT_EQ(a.verdict, Verdict::kLeak);
  EXPECT_FALSE(a.leak.leak());
  EXPECT_TRUE(a.resident_leak.leak());
  EXPECT_EQ(a.leak_location, "outside the C heap (mmap, thread stacks, another allocator)");
  EXPECT_EQ(a.attribution.resident_beyond_heap, 270 * 65536);
}

TEST(AnalyzerTest, ResidentGrowthTheAllocatorAccountsForIsAllocatorGrowthNotALeak) {
  const Schedule s = Fixed();
  // Fragmentation: the heap in use is flat, malloc takes more from the OS, and it becomes resident.
  auto fragmenting = [](int64_t i) {
    CheapCounters c = Heap(0);
    c.anon += i * 65536;
    c.footprint += i * 65536;
    return c;
  };
  Analysis a = Analyze(Synthetic(s, fragmenting), s);
  EXPECT_EQ(a.verdict, Verdict::kAllocatorGrowth);
  EXPECT_EQ(a.leak_location, "");
  // Free memory malloc already held becoming resident (first writes) is the same thing.
  auto first_touch = [](int64_t i) {
    CheapCounters c = Heap(0);
    c.anon += i * 8192;  // 2.2 MiB over the steady phase, within the 5 MiB held free
    return c;
  };
  a = Analyze(Synthetic(s, first_touch), s);
  EXPECT_EQ(a.verdict, Verdict::kAllocatorGrowth);
}

TEST(AnalyzerTest, RisesNoLargerThanTheFallsOfTheSeriesAreNotSteps) {
  const Schedule s = Fixed();
  // An arena that extends by 2 MiB and shrinks back every 16 runs (arena shrinkage).
  const Analysis a = Analyze(Synthetic(s, [](int64_t i) { return Heap(i % 16 >= 8 ? 2 * kMiB : 0); }), s);
  EXPECT_TRUE(a.steps.empty());
  EXPECT_NE(a.verdict, Verdict::kStepGrowth);
  EXPECT_NE(a.verdict, Verdict::kLeak);
  EXPECT_GT(a.step_threshold, 2 * kMiB);
}

TEST(AnalyzerTest, WithoutHeapCountersTheVerdictRestsOnResidentMemory) {
  const Schedule s = Fixed();
  Measurement m = Synthetic(s, [](int64_t i) {
    CheapCounters c;
    c.anon = c.rss = 50 * kMiB + i * 4096;
    return c;
  });
  m.sampling.heap_available = false;
  const Analysis a = Analyze(m, s);
  EXPECT_EQ(a.metric, "anon");
  EXPECT_EQ(a.verdict, Verdict::kLeak);
  EXPECT_EQ(a.leak_location, "resident anonymous memory");
  EXPECT_FALSE(a.notes.empty());
}

TEST(AnalyzerTest, TooFewSamplesOfSeenShapesGiveNoLeakVerdictAndSaySo) {
  const Schedule s = Sweep(1, 300);  // every iteration a new largest shape
  const Analysis a = Analyze(Synthetic(s, [](int64_t i) { return Heap(i * 4096); }), s);
  EXPECT_NE(a.verdict, Verdict::kLeak);
  EXPECT_FALSE(a.leak.enough_data);
  ASSERT_FALSE(a.notes.empty());
  EXPECT_NE(a.notes.back().find("too few samples"), std::string::npos);
}

// The same, with the session's arena read at every sample: `arena(iteration)` gives its counters.
Measurement WithArena(Measurement m, const std::function<ArenaStats(int64_t)>& arena) {
  m.after_load.arena = arena(0);
  for (Sample& s : m.samples) s.arena = arena(s.iteration);
  return m;
}

ArenaStats Arena(int64_t total, int64_t extensions, int64_t in_use = 0) {
  ArenaStats a;
  a.total_allocated = total;
  a.num_arena_extensions = extensions;
  a.in_use = in_use;
  return a;
}

TEST(AnalyzerArenaTest, AStepTheArenaExtendedForIsAttributedToTheExtension) {
  const Schedule s = Sweep(1, 100);
  auto total = [](int64_t i) { return i >= 65 ? 4 * kMiB : i >= 33 ? 2 * kMiB : 1 * kMiB; };
  const Measurement m = WithArena(Synthetic(s, [&](int64_t i) { return Heap(total(i)); }),
                                  [&](int64_t i) { return Arena(total(i), i >= 65 ? 3 : i >= 33 ? 2 : 1); });
  const Analysis a = Analyze(m, s);
  EXPECT_EQ(a.verdict, Verdict::kStepGrowth);
  ASSERT_EQ(a.steps.size(), 2u);
  EXPECT_EQ(a.steps[0].arena_extensions, 1);
  EXPECT_EQ(a.steps[0].arena_bytes, 1 * kMiB);
  EXPECT_EQ(a.steps[1].arena_bytes, 2 * kMiB);
  ASSERT_TRUE(a.arena.has_value());
  EXPECT_EQ(a.arena->steady_extensions, 2);  // the warm-up ends at iteration 30
  EXPECT_EQ(a.arena->steady_reserved, 3 * kMiB);
  EXPECT_EQ(a.arena->end.total_allocated, 4 * kMiB);
  EXPECT_FALSE(a.leak.leak());
}

// The heap grows on shapes seen before, but every byte of it is the arena taking more (a
// same_as_requested arena extending run after run): the arena's own growth, never a leak.
TEST(AnalyzerArenaTest, HeapGrowthTheArenaAccountsForIsNotALeak) {
  const Schedule s = Fixed();
  const Measurement m = WithArena(Synthetic(s, [](int64_t i) { return Heap(i * 1000); }),
                                  [](int64_t i) { return Arena(i * 1000, i); });
  const Analysis without_arena = Analyze(Synthetic(s, [](int64_t i) { return Heap(i * 1000); }), s);
  EXPECT_EQ(without_arena.verdict, Verdict::kLeak);  // what the heap alone says
  const Analysis a = Analyze(m, s);
  EXPECT_NE(a.verdict, Verdict::kLeak);
  EXPECT_FALSE(a.leak.leak());
  ASSERT_TRUE(a.arena.has_value());
  EXPECT_EQ(a.arena->repeat_beyond_arena, 0);
  EXPECT_EQ(a.arena->steady_reserved, 270 * 1000);
}

// A custom op that mallocs per run: the heap grows, the arena does not. Still a leak, placed.
TEST(AnalyzerArenaTest, GrowthTheArenaDoesNotAccountForIsALeakBeyondIt) {
  const Schedule s = Fixed();
  const Measurement m = WithArena(Synthetic(s, [](int64_t i) { return Heap(2 * kMiB + i * 4096); }),
                                  [](int64_t) { return Arena(2 * kMiB, 1, 64 * 1024); });
  const Analysis a = Analyze(m, s);
  EXPECT_EQ(a.verdict, Verdict::kLeak);
  EXPECT_EQ(a.leak_location, "C heap, beyond ORT's arena");
  EXPECT_NEAR(a.leak.fit.slope, 4096, 1e-6);
  ASSERT_TRUE(a.arena.has_value());
  EXPECT_EQ(a.arena->repeat_beyond_arena, 270 * 4096);
}

// One sample without the arena (a session without one, or stats that failed once) and the heap
// is judged alone, as before: a half-read arena must not excuse growth.
TEST(AnalyzerArenaTest, AnArenaReadAtOnlySomeSamplesIsNotUsed) {
  const Schedule s = Fixed();
  Measurement m = WithArena(Synthetic(s, [](int64_t i) { return Heap(i * 1000); }),
                            [](int64_t i) { return Arena(i * 1000, i); });
  m.samples[100].arena.reset();
  const Analysis a = Analyze(m, s);
  EXPECT_FALSE(a.arena.has_value());
  EXPECT_EQ(a.verdict, Verdict::kLeak);
  EXPECT_EQ(a.leak_location, "C heap");
}

}  // namespace
}  // namespace ortkit::memory
