// Tests of bench/stats: percentiles and summaries against known data (numpy's figures).
#include "bench/stats.h"

#include <gtest/gtest.h>

namespace ortkit::bench {
namespace {

TEST(PercentileTest, InterpolatesBetweenClosestRanksAsNumpyDoes) {
  const std::vector<double> sorted{1, 2, 3, 4};
  // numpy.percentile([1,2,3,4], [0, 25, 50, 90, 100]) == [1, 1.75, 2.5, 3.7, 4]
  EXPECT_DOUBLE_EQ(Percentile(sorted, 0), 1);
  EXPECT_DOUBLE_EQ(Percentile(sorted, 25), 1.75);
  EXPECT_DOUBLE_EQ(Percentile(sorted, 50), 2.5);
  EXPECT_DOUBLE_EQ(Percentile(sorted, 90), 3.7);
  EXPECT_DOUBLE_EQ(Percentile(sorted, 100), 4);
}

TEST(PercentileTest, OfOneSampleIsThatSampleAndOfNoneIsZero) {
  EXPECT_DOUBLE_EQ(Percentile({7.5}, 99), 7.5);
  EXPECT_DOUBLE_EQ(Percentile({}, 50), 0);
}

TEST(SummarizeTest, OneToHundredGivesKnownFigures) {
  std::vector<double> samples;
  for (int i = 100; i >= 1; --i) samples.push_back(i);  // unsorted on purpose
  const LatencyStats s = Summarize(samples);
  EXPECT_EQ(s.count, 100);
  EXPECT_DOUBLE_EQ(s.min, 1);
  EXPECT_DOUBLE_EQ(s.max, 100);
  EXPECT_DOUBLE_EQ(s.mean, 50.5);
  EXPECT_NEAR(s.stddev, 29.011491975882016, 1e-12);  // numpy.std(range(1,101), ddof=1)
  EXPECT_DOUBLE_EQ(s.p50, 50.5);
  EXPECT_DOUBLE_EQ(s.p90, 90.1);
  EXPECT_DOUBLE_EQ(s.p95, 95.05);
  EXPECT_DOUBLE_EQ(s.p99, 99.01);
}

TEST(SummarizeTest, SmallSpreadAroundALargeMeanKeepsItsStddev) {
  // The one-pass formula would lose these digits to cancellation.
  const LatencyStats s = Summarize({1e9 + 1, 1e9 + 2, 1e9 + 3});
  EXPECT_NEAR(s.stddev, 1.0, 1e-9);
  EXPECT_NEAR(s.CoefficientOfVariation(), 1e-9, 1e-15);
}

TEST(SummarizeTest, OneSampleHasNoSpreadAndNoneIsAllZero) {
  const LatencyStats one = Summarize({3.0});
  EXPECT_EQ(one.count, 1);
  EXPECT_DOUBLE_EQ(one.stddev, 0);
  EXPECT_DOUBLE_EQ(one.p99, 3.0);
  const LatencyStats none = Summarize({});
  EXPECT_EQ(none.count, 0);
  EXPECT_DOUBLE_EQ(none.mean, 0);
  EXPECT_DOUBLE_EQ(none.CoefficientOfVariation(), 0);
}

TEST(MedianTest, OfEvenAndOddCounts) {
  EXPECT_DOUBLE_EQ(Median({5, 1, 3}), 3);
  EXPECT_DOUBLE_EQ(Median({4, 1, 3, 2}), 2.5);
}

}  // namespace
}  // namespace ortkit::bench
