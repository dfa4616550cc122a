// Tests of doctor/budget: the split, deadlines that pass saved time on, settings that fit a share.
#include "doctor/budget.h"

#include <numeric>

#include <gtest/gtest.h>

#include "ortkit/error.h"

namespace ortkit::doctor {
namespace {

TEST(BudgetTest, SharesFollowTheWeightsAndSumToTheBudget) {
  const BudgetPlan plan = SplitBudget(100);
  ASSERT_EQ(plan.share_s.size(), kStepCount);
  EXPECT_NEAR(std::accumulate(plan.share_s.begin(), plan.share_s.end(), 0.0), 100, 1e-9);
  EXPECT_NEAR(plan.share("bench"), 40, 1e-9);
  EXPECT_NEAR(plan.share("memcheck"), 30, 1e-9);
  EXPECT_NEAR(plan.share("fix"), 12, 1e-9);
  EXPECT_NEAR(plan.share("check"), 8, 1e-9);
  EXPECT_NEAR(plan.share("profile"), 8, 1e-9);
  EXPECT_NEAR(plan.share("inspect"), 2, 1e-9);
  EXPECT_THROW(plan.share("tune"), Error);
}

TEST(BudgetTest, RejectsABudgetThatIsNotPositive) {
  EXPECT_THROW(SplitBudget(0), Error);
  EXPECT_THROW(SplitBudget(-5), Error);
}

TEST(BudgetTest, AStepOnScheduleGetsItsShare) {
  const BudgetPlan plan = SplitBudget(100);
  EXPECT_NEAR(plan.Deadline(0, 0), 8, 1e-9);    // check, at the start
  EXPECT_NEAR(plan.Deadline(2, 10), 40, 1e-9);  // bench after check and inspect used their shares
}

TEST(BudgetTest, TimeSavedByEarlierStepsGoesToTheNextOne) {
  const BudgetPlan plan = SplitBudget(100);
  // check and inspect took 1 s instead of 10: bench may use what the later steps do not need.
  EXPECT_NEAR(plan.Deadline(2, 1), 100 - 1 - (30 + 8 + 12), 1e-9);
  // The last step gets all that is left.
  EXPECT_NEAR(plan.Deadline(5, 50), 50, 1e-9);
}

TEST(BudgetTest, AnOverrunLeavesLaterStepsTheirMinimumOnly) {
  const BudgetPlan plan = SplitBudget(100);
  // 1 s is left, less than memcheck's share: it gets the minimum, not its planned 30 s.
  EXPECT_DOUBLE_EQ(plan.Deadline(3, 99), kMinStepSeconds);
  EXPECT_NEAR(plan.Deadline(3, 80), 20, 1e-9);  // 20 s left: all of it, below its share
  EXPECT_DOUBLE_EQ(plan.Deadline(4, 150), kMinStepSeconds);
  EXPECT_THROW(plan.Deadline(6, 0), Error);
}

TEST(BudgetTest, BenchSettingsGrowWithTheShareWithinLimits) {
  const BenchSettings tiny = PlanBench(1, 3);
  EXPECT_EQ(tiny.cold_runs, 1);
  EXPECT_DOUBLE_EQ(tiny.duration_s, 0.2);
  const BenchSettings mid = PlanBench(24, 3);  // the demo's 60 s budget
  EXPECT_EQ(mid.cold_runs, 5);
  EXPECT_NEAR(mid.duration_s, (24 * 0.5 - 1 - 5 * 0.5) / 3, 0.01);
  const BenchSettings big = PlanBench(1000, 1);
  EXPECT_EQ(big.cold_runs, 5);
  EXPECT_DOUBLE_EQ(big.duration_s, 10);
}

TEST(BudgetTest, MemcheckAddsTheVariantTableOnlyWhenItFits) {
  // 18 s at 5 ms a run: (18 * 0.8 - 8) / (9 * 0.005) = 142 iterations for 9 schedules.
  const MemcheckSettings fits = PlanMemcheck(18, 5);
  EXPECT_TRUE(fits.variants);
  EXPECT_EQ(fits.iterations, 142);
  // 12 s: the variants would leave fewer than 100 iterations, so only the measurement runs.
  const MemcheckSettings no = PlanMemcheck(12, 5);
  EXPECT_FALSE(no.variants);
  EXPECT_EQ(no.iterations, 960);                           // 12 * 0.4 / 0.005
  EXPECT_EQ(PlanMemcheck(0.5, 5).iterations, 100);         // never fewer
  EXPECT_EQ(PlanMemcheck(10000, 0.001).iterations, 1000);  // variants capped
  EXPECT_EQ(PlanMemcheck(5, 0).iterations, 400);           // unknown run time: planned as 5 ms
}

TEST(BudgetTest, ProfileAndFixRunsStayInTheirRanges) {
  EXPECT_EQ(PlanProfileRuns(0.1, 100), 10);
  EXPECT_EQ(PlanProfileRuns(100, 0.1), 50);
  EXPECT_EQ(PlanProfileRuns(1, 10), 30);  // 1 * 0.3 / 0.01
  EXPECT_EQ(PlanFixBenchRuns(0.1, 100), 20);
  EXPECT_EQ(PlanFixBenchRuns(100, 0.1), 200);
}

TEST(BudgetTest, CompressTakesItsShareFromTheStepsThatRunTheModel) {
  BudgetPlan plan = SplitBudget(100);
  plan.ReserveCompress();
  EXPECT_NEAR(plan.compress_s, 100 * kCompressWeight, 1e-9);
  // check and inspect have run by then: theirs stay; the other four give up 20 of their 90.
  EXPECT_NEAR(plan.share("check"), 8, 1e-9);
  EXPECT_NEAR(plan.share("inspect"), 2, 1e-9);
  EXPECT_NEAR(plan.share("bench"), 40 * 70 / 90.0, 1e-9);
  EXPECT_NEAR(plan.share("fix"), 12 * 70 / 90.0, 1e-9);
  EXPECT_NEAR(std::accumulate(plan.share_s.begin(), plan.share_s.end(), plan.compress_s), 100, 1e-9);
  plan.ReserveCompress();  // a second call changes nothing
  EXPECT_NEAR(plan.compress_s, 20, 1e-9);
  // fix, the last step, leaves compress its share when the steps are on schedule...
  EXPECT_NEAR(plan.Deadline(5, 100 - 20 - plan.share("fix")), plan.share("fix"), 1e-9);
  EXPECT_NEAR(plan.CompressDeadline(80), 20, 1e-9);
  EXPECT_DOUBLE_EQ(plan.CompressDeadline(130), 0);
  // ...and gets it when bench's run time says compress cannot fit.
  plan.ReleaseCompress();
  EXPECT_NEAR(plan.Deadline(5, 60), 40, 1e-9);
}

TEST(BudgetTest, CompressEstimateCountsEveryRunItMakes) {
  CompressSettings a{20, 3, 3, 3, 5};
  CompressSettings b = a;
  b.runs = 30;
  // 10 more runs a block: 2 variants x 2 thread settings x 2 models x 3 blocks x 10 runs x 10 ms.
  EXPECT_NEAR(EstimateCompressSeconds(b, 10, 0) - EstimateCompressSeconds(a, 10, 0), 2 * 2 * 2 * 3 * 10 * 0.01, 1e-9);
  b = a;
  b.cold_runs = 4;
  // One more fresh process for each of the 3 models: a start (0.5 s, budget.cc) and 1 + rss_runs runs.
  EXPECT_NEAR(EstimateCompressSeconds(b, 10, 0) - EstimateCompressSeconds(a, 10, 0), 3 * (0.5 + 6 * 0.01), 1e-9);
  // Larger weights take longer to convert; an unknown run time is planned as 5 ms.
  EXPECT_GT(EstimateCompressSeconds(a, 10, 100e6), EstimateCompressSeconds(a, 10, 1e6));
  EXPECT_DOUBLE_EQ(EstimateCompressSeconds(a, 0, 1e6), EstimateCompressSeconds(a, 5, 1e6));
}

TEST(BudgetTest, CompressSettingsAreTheLargestRungThatFitsOrNone) {
  const double weights = 4e6;
  const CompressSettings roomy = PlanCompress(1000, 5, weights);
  EXPECT_TRUE(roomy.fits);
  EXPECT_EQ(roomy.runs, 20);  // compress's own defaults
  EXPECT_EQ(roomy.cold_runs, 3);
  EXPECT_LE(roomy.estimate_s, 0.7 * 1000);
  // A share just too small for the defaults gets the next rung, which fits.
  const double defaults = EstimateCompressSeconds(CompressSettings{20, 3, 3, 3, 5}, 5, weights);
  const CompressSettings middle = PlanCompress(defaults / 0.7 - 0.01, 5, weights);
  EXPECT_TRUE(middle.fits);
  EXPECT_EQ(middle.runs, 10);
  EXPECT_LT(middle.estimate_s, defaults);
  // Too small for the smallest: not run, with the smallest rung's estimate to say what would be.
  const CompressSettings none = PlanCompress(1, 5, weights);
  EXPECT_FALSE(none.fits);
  EXPECT_EQ(none.runs, 5);
  EXPECT_DOUBLE_EQ(none.estimate_s, EstimateCompressSeconds(CompressSettings{5, 3, 1, 1, 2}, 5, weights));
  EXPECT_GT(none.estimate_s, 0.7);
}

TEST(BudgetTest, ParsesSecondsMinutesAndBoth) {
  EXPECT_DOUBLE_EQ(ParseBudget("120"), 120);
  EXPECT_DOUBLE_EQ(ParseBudget("90s"), 90);
  EXPECT_DOUBLE_EQ(ParseBudget("2m"), 120);
  EXPECT_DOUBLE_EQ(ParseBudget("1m30s"), 90);
  EXPECT_DOUBLE_EQ(ParseBudget("1.5m"), 90);
  for (const char* bad : {"", "m", "2h", "-5", "0", "abc", "2m x", "nan", "inf"}) {
    EXPECT_THROW(ParseBudget(bad), Error) << bad;
  }
  try {
    ParseBudget("2h");
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("'2h'"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace ortkit::doctor
