// Tests of bench/shape_plan: --dim lists and ranges, shape files, the mix order.
#include "bench/shape_plan.h"

#include <algorithm>
#include <fstream>

#include <gtest/gtest.h>

#include "ortkit/error.h"
#include "testing/temp_dir.h"

namespace ortkit::bench {
namespace {

std::string DimError(const std::string& text) {
  std::string name;
  std::vector<int64_t> values;
  return ParseDimFlag(text, &name, &values);
}

TEST(ParseDimFlagTest, ReadsSingleValuesListsRangesAndSteppedRanges) {
  std::string name;
  std::vector<int64_t> values;
  ASSERT_EQ(ParseDimFlag("batch=8", &name, &values), "");
  EXPECT_EQ(name, "batch");
  EXPECT_EQ(values, (std::vector<int64_t>{8}));
  ASSERT_EQ(ParseDimFlag("batch=1,2,4,8,16", &name, &values), "");
  EXPECT_EQ(values, (std::vector<int64_t>{1, 2, 4, 8, 16}));
  ASSERT_EQ(ParseDimFlag("seq=5..8", &name, &values), "");
  EXPECT_EQ(values, (std::vector<int64_t>{5, 6, 7, 8}));
  ASSERT_EQ(ParseDimFlag("seq=5..100:25", &name, &values), "");
  EXPECT_EQ(values, (std::vector<int64_t>{5, 30, 55, 80}));
}

TEST(ParseDimFlagTest, BadSyntaxSaysWhatIsExpected) {
  const std::string expected =
      "expected NAME=VALUE, NAME=V1,V2,... or NAME=FIRST..LAST[:STEP] with non-negative integers";
  EXPECT_EQ(DimError("batch"), "'batch': " + expected);
  EXPECT_EQ(DimError("=4"), "'=4': " + expected);
  EXPECT_EQ(DimError("batch=1,,2"), "'batch=1,,2': " + expected);
  EXPECT_EQ(DimError("batch=1,2,"), "'batch=1,2,': " + expected);
  EXPECT_EQ(DimError("batch=-1"), "'batch=-1': " + expected);
  EXPECT_EQ(DimError("seq=5...100"), "'seq=5...100': bad range '5...100': " + expected);
  EXPECT_EQ(DimError("seq=..100"), "'seq=..100': bad range '..100': " + expected);
  EXPECT_EQ(DimError("seq=5..x"), "'seq=5..x': bad range '5..x': " + expected);
}

TEST(ParseDimFlagTest, EmptyZeroStepAndHugeRangesAreRefused) {
  EXPECT_EQ(DimError("seq=100..5"), "'seq=100..5': range '100..5' is empty: FIRST must not exceed LAST");
  EXPECT_EQ(DimError("seq=1..5:0"), "'seq=1..5:0': range '1..5:0': STEP must be at least 1");
  EXPECT_EQ(DimError("seq=0..1000000"), "'seq=0..1000000': range '0..1000000' has more than 4096 values");
}

TEST(ShapesFromDimsTest, MakesEveryCombinationWithTheLastFlagFastest) {
  const ShapePlan plan = ShapesFromDims({"batch=1,2", "seq=5,6"});
  ASSERT_EQ(plan.shapes.size(), 4u);
  EXPECT_EQ(ShapeLabel(plan.shapes[0]), "batch=1,seq=5");
  EXPECT_EQ(ShapeLabel(plan.shapes[1]), "batch=1,seq=6");
  EXPECT_EQ(ShapeLabel(plan.shapes[3]), "batch=2,seq=6");
  EXPECT_EQ(plan.weights, (std::vector<int64_t>{1, 1, 1, 1}));
}

TEST(ShapesFromDimsTest, NoFlagsIsTheDefaultShape) {
  const ShapePlan plan = ShapesFromDims({});
  EXPECT_TRUE(plan.shapes.empty());
  EXPECT_EQ(ShapeLabel({}), "default");
}

TEST(ShapesFromDimsTest, ASymbolGivenTwiceOrTooManyCombinationsAreErrors) {
  try {
    ShapesFromDims({"batch=1", "batch=2"});
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.category(), ErrorCategory::kConfig);
    EXPECT_STREQ(e.what(), "--dim: 'batch' is given twice");
  }
  try {
    ShapesFromDims({"a=1..100", "b=1..100"});
    FAIL();
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "--dim: the values make more than 4096 shapes; each is measured on its own, so give fewer");
  }
  EXPECT_THROW(ShapesFromDims({"batch=x"}), Error);
}

TEST(ParseShapeTextTest, RepeatedLinesWeighMoreAndCommentsAreSkipped) {
  const ShapePlan plan = ParseShapeText("# requests of one hour\nbatch=1 seq=37\n\nseq=37   batch=1  # again\nbatch=2 seq=5\n", "mix.txt");
  ASSERT_EQ(plan.shapes.size(), 2u);
  EXPECT_EQ(ShapeLabel(plan.shapes[0]), "batch=1,seq=37");
  EXPECT_EQ(plan.weights, (std::vector<int64_t>{2, 1}));
}

TEST(ParseShapeTextTest, BadLinesAreNamedByLineNumber) {
  try {
    ParseShapeText("batch=1\nbatch=two\n", "mix.txt");
    FAIL();
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "mix.txt:2: expected NAME=VALUE pairs (e.g. batch=1 seq=37), got 'batch=two'");
  }
  try {
    ParseShapeText("batch=1 batch=2\n", "mix.txt");
    FAIL();
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "mix.txt:1: 'batch' is given twice");
  }
  try {
    ParseShapeText("# nothing\n\n", "mix.txt");
    FAIL();
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "mix.txt: no requests (expected lines like 'batch=1 seq=37')");
  }
}

TEST(ReadShapeFileTest, ReadsAFileAndNamesAMissingOne) {
  testing::TempDir dir;
  {
    std::ofstream(dir.File("mix.txt")) << "batch=4\nbatch=4\nbatch=1\n";
  }
  const ShapePlan plan = ReadShapeFile(dir.File("mix.txt"));
  EXPECT_EQ(plan.weights, (std::vector<int64_t>{2, 1}));
  try {
    ReadShapeFile(dir.File("none.txt"));
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.category(), ErrorCategory::kIo);
    EXPECT_EQ(std::string(e.what()), "--shape-file: cannot read '" + dir.File("none.txt") + "'");
  }
}

TEST(MixSequenceTest, HoldsEachShapeByItsWeightInASeededOrder) {
  ShapePlan plan;
  plan.shapes = {{{"batch", 1}}, {{"batch", 2}}, {{"batch", 4}}};
  plan.weights = {3, 1, 2};
  const auto order = MixSequence(plan, 7);
  ASSERT_EQ(order.size(), 6u);
  EXPECT_EQ(std::count(order.begin(), order.end(), 0u), 3);
  EXPECT_EQ(std::count(order.begin(), order.end(), 1u), 1);
  EXPECT_EQ(std::count(order.begin(), order.end(), 2u), 2);
  EXPECT_EQ(MixSequence(plan, 7), order);  // the same seed, the same order
  EXPECT_EQ(MixSequence(ShapePlan{}, 7), (std::vector<std::size_t>{0}));
}

}  // namespace
}  // namespace ortkit::bench
