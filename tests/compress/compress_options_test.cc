// `ortkit compress`'s options: the objective's names and Validate()'s refusals.
#include "compress/compress_options.h"

#include <gtest/gtest.h>

#include "ortkit/error.h"

namespace ortkit::compress {
namespace {

TEST(CompressOptionsTest, ObjectivesRoundTripByName) {
  for (Objective o : {Objective::kP50, Objective::kSize, Objective::kPeakMemory}) {
    ASSERT_TRUE(ParseObjective(ToString(o)).has_value()) << ToString(o);
    EXPECT_EQ(*ParseObjective(ToString(o)), o);
  }
  EXPECT_FALSE(ParseObjective("p99").has_value());
  EXPECT_FALSE(ParseObjective("peak_memory").has_value());
  EXPECT_FALSE(ParseObjective("").has_value());
}

TEST(CompressOptionsTest, ValidateNamesTheFlagAndTheValue) {
  const auto message = [](CompressOptions o) -> std::string {
    try {
      o.Validate();
    } catch (const Error& e) {
      EXPECT_EQ(e.category(), ErrorCategory::kConfig);
      return e.what();
    }
    return "";
  };
  EXPECT_EQ(message({}), "");
  CompressOptions o;
  o.runs = 0;
  EXPECT_EQ(message(o), "--runs must be at least 1, got 0");
  o = {};
  o.cold_runs = -2;
  EXPECT_EQ(message(o), "--cold-runs must be at least 1, got -2");
  o = {};
  o.fix.gate.samples = 0;
  EXPECT_NE(message(o).find("--samples 0"), std::string::npos);
}

}  // namespace
}  // namespace ortkit::compress
