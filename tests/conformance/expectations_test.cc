// Tests of expectations.txt parsing and of its check against outcomes.
#include "conformance/expectations.h"

#include <sstream>

#include <gtest/gtest.h>

namespace ortkit::conformance {
namespace {

std::map<std::string, Expectation> Parse(const std::string& text) {
  std::istringstream in(text);
  return ParseExpectations(in, "expectations.txt");
}

ConformanceCase Case(const std::string& suite, const std::string& name) {
  ConformanceCase c;
  c.suite = suite;
  c.name = name;
  return c;
}

TEST(ExpectationsTest, ParsesCasesAndReasonsSkippingCommentsAndBlankLines) {
  const auto e = Parse("# ORT has no CPU kernel\n\nnode/test_a  ORT has no CPU kernel: Foo(1)\n  simple/test_b\tskip: no data \n");
  ASSERT_EQ(e.size(), 2u);
  EXPECT_EQ(e.at("node/test_a").reason, "ORT has no CPU kernel: Foo(1)");
  EXPECT_EQ(e.at("node/test_a").line, 3);
  EXPECT_EQ(e.at("simple/test_b").reason, "skip: no data");
}

TEST(ExpectationsTest, RefusesMissingReasonsAndDuplicates) {
  EXPECT_THROW(Parse("node/test_a\n"), std::runtime_error);
  EXPECT_THROW(Parse("node/test_a  x\nnode/test_a  y\n"), std::runtime_error);
  EXPECT_THROW(Parse("test_a  no suite\n"), std::runtime_error);
}

TEST(ExpectationsTest, ReportsNewPassesUnlistedFailuresAndUnknownCases) {
  const std::vector<ConformanceCase> cases = {Case("node", "test_pass_listed"), Case("node", "test_fail_unlisted"),
                                              Case("node", "test_fail_listed"), Case("node", "test_pass")};
  const std::vector<Outcome> outcomes = {{Status::kPass, ""}, {Status::kFail, "boom"}, {Status::kFail, "x"},
                                         {Status::kPass, ""}};
  const auto e = Parse("node/test_pass_listed  r\nnode/test_fail_listed  r\nnode/test_gone  r\n");
  const auto problems = CheckExpectations(cases, outcomes, e, true);
  ASSERT_EQ(problems.size(), 3u);
  EXPECT_NE(problems[0].find("node/test_pass_listed: now passes: remove it from expectations.txt"), std::string::npos);
  EXPECT_NE(problems[1].find("node/test_fail_unlisted: fails and is not in expectations.txt: boom"), std::string::npos);
  EXPECT_NE(problems[2].find("node/test_gone: listed in expectations.txt (line 3) but there is no such case"),
            std::string::npos);
  EXPECT_EQ(CheckExpectations(cases, outcomes, e, false).size(), 2u);  // a filtered run: no unknowns
}

TEST(ExpectationsTest, HostDependentCasesMayPassOrFail) {
  const std::vector<ConformanceCase> cases = {Case("node", "test_a"), Case("node", "test_b")};
  const std::vector<Outcome> outcomes = {{Status::kPass, ""}, {Status::kFail, "no locale"}};
  const auto e = Parse("node/test_a  host-dependent: locale\nnode/test_b  host-dependent: locale\n");
  EXPECT_TRUE(e.at("node/test_a").may_pass());
  EXPECT_TRUE(CheckExpectations(cases, outcomes, e, true).empty());
}

}  // namespace
}  // namespace ortkit::conformance
