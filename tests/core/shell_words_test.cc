// Tests of ShellLine: the command lines ortkit prints for a person to paste into a shell.
#include "core/shell_words.h"

#include <gtest/gtest.h>

namespace ortkit::core {
namespace {

TEST(ShellWordsTest, QuotesWhatTheShellWouldSplitOrExpand) {
  EXPECT_EQ(ShellLine({"ortkit", "check", "my model.onnx"}), "ortkit check 'my model.onnx'");
  EXPECT_EQ(ShellLine({"ortkit", "fix", "m.onnx", "--dim", "batch=1", "-o", "out/x.onnx"}),
            "ortkit fix m.onnx --dim batch=1 -o out/x.onnx");
  EXPECT_EQ(ShellLine({"it's"}), "'it'\\''s'");
  EXPECT_EQ(ShellLine({""}), "''");
  EXPECT_EQ(ShellLine({"$HOME", "a*b", "x;y"}), "'$HOME' 'a*b' 'x;y'");
  EXPECT_EQ(ShellLine({}), "");
}

}  // namespace
}  // namespace ortkit::core
