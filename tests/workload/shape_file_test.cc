// Tests of the one shape-file format.
#include "workload/shape_file.h"

#include <fstream>

#include <gtest/gtest.h>

#include "ortkit/error.h"
#include "testing/temp_dir.h"

namespace ortkit::workload {
namespace {

std::string Refusal(const std::string& text) {
  try {
    ParseShapeText(text, "mix.txt");
  } catch (const Error& e) {
    EXPECT_EQ(e.category(), ErrorCategory::kConfig);
    return e.what();
  }
  ADD_FAILURE() << "accepted: " << text;
  return {};
}

TEST(ShapeFileTest, OneRequestALineInOrderWithBlanksOrCommas) {
  const auto rows = ParseShapeText("# an hour of requests\nbatch=1 seq=37\n\nseq=37,batch=1  # again\nspeech:1=400\n",
                                   "mix.txt");
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0], (DimSizes{{"batch", 1}, {"seq", 37}}));
  EXPECT_EQ(rows[1], rows[0]);
  EXPECT_EQ(rows[2], (DimSizes{{"speech:1", 400}}));
}

TEST(ShapeFileTest, BadLinesAreNamedByLineNumber) {
  EXPECT_EQ(Refusal("batch=1\nbatch=two\n"), "mix.txt:2: expected NAME=SIZE pairs (e.g. batch=1 seq=37), got 'batch=two'");
  EXPECT_EQ(Refusal("batch=1..4\n"), "mix.txt:1: expected NAME=SIZE pairs (e.g. batch=1 seq=37), got 'batch=1..4'");
  EXPECT_EQ(Refusal("batch=0\n"), "mix.txt:1: expected NAME=SIZE pairs (e.g. batch=1 seq=37), got 'batch=0'");
  EXPECT_EQ(Refusal("batch=1 batch=2\n"), "mix.txt:1: 'batch' is given twice");
  EXPECT_EQ(Refusal("# nothing\n\n"), "mix.txt: no requests (expected lines like 'batch=1 seq=37')");
}

TEST(ShapeFileTest, AFileIsReadAndAMissingOneNamed) {
  testing::TempDir dir;
  {
    std::ofstream(dir.File("mix.txt")) << "batch=4\nbatch=1\n";
  }
  EXPECT_EQ(ReadShapeFile(dir.File("mix.txt")).size(), 2u);
  try {
    ReadShapeFile(dir.File("none.txt"));
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.category(), ErrorCategory::kIo);
    EXPECT_EQ(std::string(e.what()), "--shape-file: cannot read '" + dir.File("none.txt") + "': No such file or directory");
  }
}

}  // namespace
}  // namespace ortkit::workload
