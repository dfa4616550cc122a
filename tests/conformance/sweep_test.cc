// Tests of the sweep's supervisor: crashes and hangs in a worker are recorded and the sweep goes on.
#include "conformance/sweep.h"

#include <unistd.h>

#include <cmath>
#include <cstdlib>

#include <gtest/gtest.h>

#include "testing/time_scale.h"

namespace ortkit::conformance {
namespace {

TEST(SweepTest, EscapedLinesRoundTrip) {
  const std::string text = "two\nlines \\ and a backslash\\n";
  EXPECT_EQ(EscapeLine(text).find('\n'), std::string::npos);
  EXPECT_EQ(UnescapeLine(EscapeLine(text)), text);
}

TEST(SweepTest, CrashesAndHangsFailOneRunAndTheRestStillRun) {
  SweepOptions options;
  options.unit_timeout_s = static_cast<int>(std::ceil(testing::Scaled(1)));
  const auto results = RunInWorkers(
      4,
      [] {
        return UnitRunner([](std::size_t i, bool ortkit) -> Outcome {
          if (i == 1 && ortkit) std::abort();
          if (i == 2 && !ortkit) ::sleep(30);
          if (i == 3 && ortkit) return {Status::kFail, "line one\nline two"};
          return {Status::kPass, ""};
        });
      },
      options);
  ASSERT_EQ(results.size(), 4u);
  EXPECT_EQ(results[0].ortkit.status, Status::kPass);
  EXPECT_EQ(results[1].ortkit.status, Status::kFail);
  EXPECT_NE(results[1].ortkit.message.find("crashed: the process died with signal 6"), std::string::npos)
      << results[1].ortkit.message;
  EXPECT_EQ(results[1].raw.status, Status::kPass);
  EXPECT_EQ(results[2].ortkit.status, Status::kPass);
  EXPECT_EQ(results[2].raw.status, Status::kFail);
  EXPECT_NE(results[2].raw.message.find("timed out"), std::string::npos) << results[2].raw.message;
  EXPECT_EQ(results[3].ortkit.message, "line one\nline two");
  EXPECT_EQ(results[3].raw.status, Status::kPass);
}

}  // namespace
}  // namespace ortkit::conformance
