// Tests of the --value grammar and of how the user's rules and the guesses combine.
#include "workload/value_rule.h"

#include <gtest/gtest.h>

#include "ortkit/error.h"

namespace ortkit::workload {
namespace {

std::string Refusal(const std::string& text) {
  try {
    ParseValueFlag(text);
  } catch (const Error& e) {
    EXPECT_EQ(e.category(), ErrorCategory::kConfig);
    return e.what();
  }
  ADD_FAILURE() << "'" << text << "' was accepted";
  return {};
}

TEST(ValueRuleTest, ADimensionsSizeARangeAndAConstant) {
  const ValueRule lengths = ParseValueFlag("speech_lengths=@T");
  EXPECT_EQ(lengths.input, "speech_lengths");
  EXPECT_EQ(lengths.fill, ValueRule::Fill::kDimSize);
  EXPECT_EQ(lengths.dim, "T");
  EXPECT_EQ(lengths.ValueText(), "@T");
  EXPECT_EQ(lengths.Describe(), "speech_lengths = T (--value)");

  const ValueRule ids = ParseValueFlag("ids=0..999");
  EXPECT_EQ(ids.fill, ValueRule::Fill::kUniform);
  EXPECT_EQ(ids.low, 0);
  EXPECT_EQ(ids.high, 999);
  EXPECT_EQ(ids.ValueText(), "0..999");

  const ValueRule x = ParseValueFlag("x=-0.5..0.5");
  EXPECT_EQ(x.low, -0.5);
  EXPECT_EQ(x.high, 0.5);

  const ValueRule zero = ParseValueFlag("mask=0");
  EXPECT_EQ(zero.fill, ValueRule::Fill::kConstant);
  EXPECT_EQ(zero.constant, 0);
  EXPECT_EQ(ParseValueFlag("scale=-2.5").constant, -2.5);
  EXPECT_EQ(ParseValueFlag("unnamed=@x:1").dim, "x:1");
  EXPECT_EQ(CheckValueFlag("a=1"), "");
}

TEST(ValueRuleTest, AGuessSaysWhyAndHowToOverrideIt) {
  ValueRule guess = ParseValueFlag("speech_lengths=@T");
  guess.guess = "a lengths input";
  EXPECT_EQ(guess.Describe(), "speech_lengths = T (a lengths input; override with --value)");
  ValueRule ids = ParseValueFlag("ids=0..999");
  ids.guess = "indices of Gather '/embed/Gather', which has 1000 rows";
  EXPECT_EQ(ids.Describe(), "ids = uniform in 0..999 (indices of Gather '/embed/Gather', which has 1000 rows; override "
                            "with --value)");
}

TEST(ValueRuleTest, EveryMistakeIsRefusedWithWhatIsExpected) {
  const std::string expected = "expected NAME=@DIM (a dimension's size), NAME=LOW..HIGH (uniform) or NAME=C (a constant)";
  EXPECT_EQ(Refusal("ids"), "--value 'ids': " + expected);
  EXPECT_EQ(Refusal("=1"), "--value '=1': " + expected);
  EXPECT_EQ(Refusal("ids="), "--value 'ids=': no value after '='; " + expected);
  EXPECT_EQ(Refusal("ids=@"), "--value 'ids=@': no dimension after '@'; " + expected);
  EXPECT_EQ(Refusal("ids=5..1"), "--value 'ids=5..1': the range '5..1' is empty: LOW is above HIGH");
  EXPECT_EQ(Refusal("ids=a..b"), "--value 'ids=a..b': 'a..b' is not a range of numbers; " + expected);
  EXPECT_EQ(Refusal("ids=many"), "--value 'ids=many': 'many' is not a number; " + expected);
  EXPECT_EQ(Refusal("ids=inf"), "--value 'ids=inf': 'inf' is not a number; " + expected);
  EXPECT_EQ(CheckValueFlag("ids=many"), "'ids=many': 'many' is not a number; " + expected);
  try {
    ParseValueFlags({"a=1", "a=2"});
    FAIL();
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "--value 'a=2': input 'a' already has a --value; give each input once");
  }
}

TEST(ValueRuleTest, TheUsersRuleReplacesTheGuessForTheSameInput) {
  ValueRule guessed_lengths = ParseValueFlag("lengths=@T");
  guessed_lengths.guess = "a lengths input";
  ValueRule guessed_mask = ParseValueFlag("mask=1");
  guessed_mask.guess = "a boolean mask: all true";
  const auto merged = MergeRules({ParseValueFlag("lengths=100")}, {guessed_lengths, guessed_mask});
  ASSERT_EQ(merged.size(), 2u);
  EXPECT_EQ(merged[0], ParseValueFlag("lengths=100"));
  EXPECT_EQ(merged[1], guessed_mask);
}

}  // namespace
}  // namespace ortkit::workload
