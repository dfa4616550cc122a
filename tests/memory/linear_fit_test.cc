// The line fit and the t distribution behind memcheck's slope, R² and confidence.
#include <cmath>

#include <gtest/gtest.h>

#include "memory/linear_fit.h"
#include "memory/student_t.h"

namespace ortkit::memory {
namespace {

TEST(StudentTTest, MatchesTabulatedQuantiles) {
  // Two-sided 95% critical values from any t table.
  EXPECT_NEAR(StudentTQuantile(0.975, 1), 12.706, 1e-3);
  EXPECT_NEAR(StudentTQuantile(0.975, 10), 2.228, 1e-3);
  EXPECT_NEAR(StudentTQuantile(0.975, 100), 1.984, 1e-3);
  EXPECT_NEAR(StudentTCdf(0, 7), 0.5, 1e-12);
  EXPECT_NEAR(StudentTCdf(-2.228, 10), 0.025, 1e-4);
}

TEST(LinearFitTest, AnExactLineHasItsSlopeAndFullConfidence) {
  const LinearFit fit = FitLine({0, 1, 2, 3, 4}, {10, 13, 16, 19, 22});
  EXPECT_NEAR(fit.slope, 3, 1e-12);
  EXPECT_NEAR(fit.intercept, 10, 1e-12);
  EXPECT_NEAR(fit.r_squared, 1, 1e-12);
  EXPECT_EQ(fit.ci_low, fit.slope);
  EXPECT_EQ(fit.confidence, 1);
  EXPECT_EQ(fit.n, 5);
}

TEST(LinearFitTest, NoiseWidensTheIntervalAroundTheTrueSlope) {
  std::vector<double> x, y;
  for (int i = 0; i < 200; ++i) {
    x.push_back(i);
    y.push_back(5.0 * i + 40 * std::sin(i * 2.3));
  }
  const LinearFit fit = FitLine(x, y);
  EXPECT_NEAR(fit.slope, 5, 0.2);
  EXPECT_LT(fit.ci_low, 5);
  EXPECT_GT(fit.ci_high, 5);
  EXPECT_GT(fit.confidence, 0.999);
  EXPECT_GT(fit.r_squared, 0.9);
}

TEST(LinearFitTest, PureNoiseHasNoConfidentSlope) {
  std::vector<double> x, y;
  for (int i = 0; i < 200; ++i) {
    x.push_back(i);
    y.push_back(1000 * std::sin(i * 2.3));
  }
  const LinearFit fit = FitLine(x, y);
  EXPECT_LT(fit.ci_low, 0);
  EXPECT_GT(fit.ci_high, 0);
  EXPECT_LT(fit.r_squared, 0.1);
}

TEST(LinearFitTest, TooFewPointsOrOneXGiveAnEmptyFit) {
  EXPECT_EQ(FitLine({1, 2}, {1, 2}).slope, 0);
  EXPECT_EQ(FitLine({1, 1, 1}, {1, 2, 3}).slope, 0);
  EXPECT_EQ(FitLine({1, 1, 1}, {1, 2, 3}).n, 3);
}

TEST(LinearFitTest, FlatDataHasZeroSlopeAndZeroRSquared) {
  const LinearFit fit = FitLine({0, 1, 2, 3}, {7, 7, 7, 7});
  EXPECT_EQ(fit.slope, 0);
  EXPECT_EQ(fit.r_squared, 0);
  EXPECT_EQ(fit.confidence, 0.5);
}

}  // namespace
}  // namespace ortkit::memory
