// Tests of the CLI's shared helpers and its aligned text table.
#include "cli/cli_common.h"

#include <sstream>

#include <gtest/gtest.h>


namespace ortkit::cli {
namespace {

TEST(CliCommonTest, OneLineJoinsLinesAndCollapsesBlanks) {
  EXPECT_EQ(OneLine("a\n  b\r\n\tc  "), "a b c");
  EXPECT_EQ(OneLine("\n\nstart"), "start");
  EXPECT_EQ(OneLine(""), "");
}

TEST(CliCommonTest, ShortenCutsWithAnEllipsis) {
  EXPECT_EQ(Shorten("abcdef", 6), "abcdef");
  EXPECT_EQ(Shorten("abcdefg", 6), "abc...");
  EXPECT_EQ(Shorten("a\nb", 10), "a b");
}

TEST(CliCommonTest, SplitAssignmentNeedsANameAndAnEqualsSign) {
  std::pair<std::string, std::string> parts;
  ASSERT_TRUE(SplitAssignment("batch=8", &parts));
  EXPECT_EQ(parts.first, "batch");
  EXPECT_EQ(parts.second, "8");
  ASSERT_TRUE(SplitAssignment("path=a=b.npy", &parts));  // only the first '=' splits
  EXPECT_EQ(parts.second, "a=b.npy");
  EXPECT_FALSE(SplitAssignment("batch", &parts));
  EXPECT_FALSE(SplitAssignment("=8", &parts));
}

TEST(CliCommonTest, ParseNonNegativeAcceptsDigitsOnly) {
  int64_t v = -1;
  EXPECT_TRUE(ParseNonNegative("0", &v));
  EXPECT_EQ(v, 0);
  EXPECT_TRUE(ParseNonNegative("9223372036854775807", &v));
  EXPECT_EQ(v, INT64_MAX);
  for (const char* bad : {"", "-1", "+1", "1.5", "1e3", " 1", "abc", "9223372036854775808"}) {
    EXPECT_FALSE(ParseNonNegative(bad, &v)) << bad;
  }
}

TEST(CliCommonTest, FormatMsKeepsTwoDecimals) { EXPECT_EQ(FormatMs(12.3456), "12.35 ms"); }

TEST(CliCommonTest, RegisteredCommandsComeSortedByName) {
  // This binary links no cmd_*.cc, so only these two are in the table; the golden tests check that
  // the real binary lists its subcommands.
  const CommandRegistration b{Command{"b", "second", Needs::kNothing, {}}};
  const CommandRegistration a{Command{"a", "first", Needs::kGraph, {}}};
  const auto commands = RegisteredCommands();
  ASSERT_GE(commands.size(), 2u);
  EXPECT_EQ(commands[0].name, "a");
  EXPECT_EQ(commands[1].name, "b");
}

}  // namespace
}  // namespace ortkit::cli
