// Tests of the check runner of `ortkit reduce`: quoting, exit statuses, signals, timeouts.
#include "cli/shell_check.h"

#include <chrono>

#include <gtest/gtest.h>

#include "testing/time_scale.h"

namespace ortkit::cli {
namespace {

TEST(ShellCheckTest, PathsAreSingleQuotedWithQuotesEscaped) {
  EXPECT_EQ(ShellQuote("a b"), "'a b'");
  EXPECT_EQ(ShellQuote("it's"), "'it'\\''s'");
  EXPECT_EQ(ExpandModelPlaceholder("grep -q X {model} && cat {model}", "/t/m 1.onnx"),
            "grep -q X '/t/m 1.onnx' && cat '/t/m 1.onnx'");
}

TEST(ShellCheckTest, TheExitStatusDecides) {
  const graph::CheckResult passes = RunShellCheck("test {model} = \"it's \\$x\"", "it's $x", 10);
  EXPECT_FALSE(passes.fails) << passes.detail;  // the path reached the command unchanged
  EXPECT_EQ(passes.detail, "exit 0");
  const graph::CheckResult fails = RunShellCheck("exit 3 # {model}", "m.onnx", 10);
  EXPECT_TRUE(fails.fails);
  EXPECT_EQ(fails.detail, "exit 3");
  EXPECT_EQ(RunShellCheck("no_such_command_ortkit {model}", "m.onnx", 10).detail, "exit 127 (command not found)");
}

TEST(ShellCheckTest, ASignalIsAFailure) {
  const graph::CheckResult r = RunShellCheck("kill -9 $$ # {model}", "m.onnx", 10);
  EXPECT_TRUE(r.fails);
  EXPECT_EQ(r.detail, "signal 9");
}

TEST(ShellCheckTest, ATimeoutKillsTheWholeGroupAndCountsAsAFailure) {
  const auto start = std::chrono::steady_clock::now();
  // The sleep runs in a child of the shell: only killing the group ends it in time.
  const graph::CheckResult r = RunShellCheck("sleep 30; true {model}", "m.onnx", 0.2);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_TRUE(r.fails);
  EXPECT_EQ(r.detail, "timed out after 0.2 s");
  EXPECT_LT(seconds, testing::Scaled(5));
}

}  // namespace
}  // namespace ortkit::cli
