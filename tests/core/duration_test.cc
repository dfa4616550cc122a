// The duration grammar of --budget, --timeout and --duration.
#include "core/duration.h"

#include <string>
#include <utility>

#include <gtest/gtest.h>

namespace ortkit::core {
namespace {

TEST(DurationTest, ParsesSecondsMinutesHoursCombinationsAndBareSeconds) {
  const std::pair<const char*, double> cases[] = {{"90s", 90}, {"10m", 600}, {"1h", 3600}, {"1m30s", 90}, {"2.5m", 150},
                                                  {"1h1m1s", 3661}, {"0.5s", 0.5}, {"10", 10}, {"2.5", 2.5}};
  for (const auto& [text, expected] : cases) {
    double seconds = -1;
    EXPECT_EQ(ParseDuration(text, &seconds), "") << text;
    EXPECT_DOUBLE_EQ(seconds, expected) << text;
  }
}

TEST(DurationTest, RefusesWhatIsNotADurationAndLeavesTheValue) {
  for (const char* text : {"", "m", "10x", "1e3s", "-5s", "5 s", "s10", "1..5m", ".", "1.2.3"}) {
    double seconds = -1;
    EXPECT_EQ(ParseDuration(text, &seconds), "expected a duration such as 90s, 10m, 1h or 1m30s, got '" + std::string(text) + "'")
        << text;
    EXPECT_EQ(seconds, -1) << text;
  }
  double seconds = -1;
  EXPECT_EQ(ParseDuration("0s", &seconds), "the duration must be above zero, got '0s'");
  EXPECT_EQ(ParseDuration("0", &seconds), "the duration must be above zero, got '0'");
  EXPECT_EQ(ParseDuration("200h", &seconds), "the duration must be at most a week (168h), got '200h'");
  EXPECT_EQ(seconds, -1);
}

TEST(DurationTest, FormatsSecondsAsADurationIsWritten) {
  EXPECT_EQ(FormatDuration(0.84), "0.8s");
  EXPECT_EQ(FormatDuration(45), "45s");
  EXPECT_EQ(FormatDuration(90), "1m30s");
  EXPECT_EQ(FormatDuration(600), "10m");
  EXPECT_EQ(FormatDuration(3900), "1h05m");
}

}  // namespace
}  // namespace ortkit::core
