// Tests of process/line_buffer: lines split across chunks, carriage returns, unterminated and
// overlong lines, and the tail's capacity.
#include "process/line_buffer.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace ortkit::process {
namespace {

std::vector<std::string> Split(const std::vector<std::string>& chunks, std::size_t max_line = 4096) {
  std::vector<std::string> lines;
  LineSplitter splitter([&lines](std::string line) { lines.push_back(std::move(line)); }, max_line);
  for (const auto& chunk : chunks) splitter.Append(chunk.data(), chunk.size());
  splitter.Finish();
  return lines;
}

TEST(LineSplitterTest, JoinsALineSplitAcrossChunks) {
  EXPECT_EQ(Split({"1 of", " 3\n2 ", "of 3\n"}), (std::vector<std::string>{"1 of 3", "2 of 3"}));
}

TEST(LineSplitterTest, DropsCarriageReturnsAtLineEndsAndKeepsEmptyLines) {
  EXPECT_EQ(Split({"a\r\n\nb\r\n"}), (std::vector<std::string>{"a", "", "b"}));
}

TEST(LineSplitterTest, HandsOnAnUnterminatedLastLineAtTheEnd) {
  EXPECT_EQ(Split({"done\nno newline"}), (std::vector<std::string>{"done", "no newline"}));
  EXPECT_TRUE(Split({}).empty());
}

TEST(LineSplitterTest, KeepsOnlyTheEndOfAnOverlongLine) {
  EXPECT_EQ(Split({"0123456789", "abc\n"}, 4), (std::vector<std::string>{"9abc"}));
  EXPECT_EQ(Split({std::string(100, 'x') + "tail"}, 4), (std::vector<std::string>{"tail"}));
}

TEST(LineTailTest, KeepsTheLastNonEmptyLines) {
  LineTail tail(2);
  const std::string text = "one\n\ntwo\nthree\nfour";
  tail.Append(text.data(), text.size());
  EXPECT_EQ(tail.Finish(), (std::vector<std::string>{"three", "four"}));
}

TEST(LineTailTest, AZeroCapacityKeepsNothing) {
  LineTail tail(0);
  tail.Append("a\nb\n", 4);
  EXPECT_TRUE(tail.Finish().empty());
}

}  // namespace
}  // namespace ortkit::process
