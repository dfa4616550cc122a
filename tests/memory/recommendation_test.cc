// The recommendation: the largest steady saving within the latency limit, with its trade-off,
// the settings to deploy and the code changes a profile can't hold.
#include <gtest/gtest.h>

#include "memory/recommendation.h"

namespace ortkit::memory {
namespace {

constexpr int64_t kMiB = 1 << 20;

VariantResult Result(const std::string& name, int64_t steady_mib, double p50_ms, Verdict verdict = Verdict::kPlateau) {
  VariantResult r;
  r.name = name;
  r.verdict = verdict;
  r.steady_anon = steady_mib * kMiB;
  r.steady_heap = steady_mib * kMiB / 2;
  r.peak_rss = (steady_mib + 30) * kMiB;
  r.p50_ms = p50_ms;
  r.p90_ms = p50_ms * 2;
  return r;
}

std::vector<Variant> Variants(const std::vector<std::string>& names) {
  std::vector<Variant> out;
  for (const std::string& n : names) out.push_back(*FindVariant(n));
  return out;
}

TEST(RecommendationTest, TheLargestSavingWithinTheLatencyLimitWins) {
  const auto variants = Variants({"baseline", "arena-off", "shrink", "shrink+trim"});
  const std::vector<VariantResult> results = {Result("baseline", 100, 1.0), Result("arena-off", 80, 1.05),
                                              Result("shrink", 90, 1.02), Result("shrink+trim", 60, 1.5)};
  SessionConfig base;
  base.intra_op_threads = 2;
  const Recommendation rec = Recommend(Analysis{}, variants, results, base);
  EXPECT_EQ(rec.variant, "arena-off");
  EXPECT_EQ(rec.steady_saving, 20 * kMiB);
  EXPECT_NEAR(rec.latency_change, 0.05, 1e-9);
  EXPECT_EQ(rec.headline, "Use arena-off (cpu_arena=false): steady memory 20.0 MiB lower, peak 20.0 MiB lower, latency +5%.");
  EXPECT_EQ(rec.trade_off, TradeOffOf(VariantKind::kArenaOff));
  EXPECT_FALSE(rec.config.memory.cpu_arena);
  EXPECT_EQ(rec.config.intra_op_threads, 2);  // the rest of the settings stay
  EXPECT_TRUE(rec.code_changes.empty());
}

TEST(RecommendationTest, CodeChangesAreListedForWhatAProfileCantHold) {
  const auto variants = Variants({"baseline", "shrink+trim"});
  const Recommendation rec =
      Recommend(Analysis{}, variants, {Result("baseline", 100, 1.0), Result("shrink+trim", 60, 1.08)}, SessionConfig{});
  EXPECT_EQ(rec.variant, "shrink+trim");
  EXPECT_TRUE(rec.config.memory.arena_shrink_after_run);
  ASSERT_EQ(rec.code_changes.size(), 1u);
  EXPECT_EQ(rec.code_changes[0], "call malloc_trim(0) (glibc, <malloc.h>) after each run");
}

TEST(RecommendationTest, NoVariantWithinTheLimitKeepsTheSettingsAndSaysWhatTheBestWouldCost) {
  const auto variants = Variants({"baseline", "arena-off", "shrink+trim"});
  const std::vector<VariantResult> results = {Result("baseline", 100, 1.0), Result("arena-off", 99, 1.0),
                                              Result("shrink+trim", 60, 2.0)};
  const Recommendation rec = Recommend(Analysis{}, variants, results, SessionConfig{});
  EXPECT_EQ(rec.variant, "");
  EXPECT_EQ(rec.headline,
            "Keep the settings: no variant saves 5% of steady memory within +10% latency (the largest saving, 40.0 MiB "
            "with shrink+trim, costs +100% latency).");
  EXPECT_EQ(rec.config, SessionConfig{});
}

TEST(RecommendationTest, AVariantThatLeaksIsNeverChosen) {
  const auto variants = Variants({"baseline", "same-as-requested"});
  const std::vector<VariantResult> results = {Result("baseline", 100, 1.0),
                                              Result("same-as-requested", 50, 1.0, Verdict::kLeak)};
  EXPECT_EQ(Recommend(Analysis{}, variants, results, SessionConfig{}).variant, "");
}

TEST(RecommendationTest, ALeakIsNamedFirstBecauseNoSettingFixesIt) {
  Analysis leak;
  leak.verdict = Verdict::kLeak;
  leak.leak_location = "C heap";
  leak.leak.fit.slope = 4112;
  leak.leak.enough_data = leak.leak.significant = leak.leak.linear = leak.leak.sustained = leak.leak.large_enough = true;
  const auto variants = Variants({"baseline", "shrink"});
  const Recommendation rec = Recommend(leak, variants, {Result("baseline", 100, 1.0), Result("shrink", 80, 1.0)}, {});
  EXPECT_EQ(rec.headline.rfind("Fix the leak first (4112 bytes per iteration, C heap): no setting stops a leak. Use shrink", 0),
            0u)
      << rec.headline;
}

TEST(RecommendationTest, AFailedBaselineLeavesNothingToCompare) {
  VariantResult failed;
  failed.name = "baseline";
  failed.error = "its process was killed by signal 9";
  const Recommendation rec = Recommend(Analysis{}, Variants({"baseline", "shrink"}), {failed, Result("shrink", 1, 1)}, {});
  EXPECT_EQ(rec.variant, "");
  EXPECT_EQ(rec.headline, "Keep the settings: the baseline run failed (its process was killed by signal 9), so nothing compares.");
}

}  // namespace
}  // namespace ortkit::memory
