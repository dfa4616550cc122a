// Tests of the one --dim grammar: sizes, lists, ranges, unnamed dimensions, and every refusal.
#include "workload/dim_flag.h"

#include <gtest/gtest.h>

#include "ortkit/error.h"

namespace ortkit::workload {
namespace {

std::vector<int64_t> Values(const std::string& text) { return ParseDimFlag(text).values; }

std::string Refusal(const std::string& text) {
  try {
    ParseDimFlag(text);
  } catch (const Error& e) {
    EXPECT_EQ(e.category(), ErrorCategory::kConfig);
    EXPECT_EQ(CheckDimFlag(text), std::string(e.what()).substr(std::string("--dim ").size())) << text;
    return e.what();
  }
  ADD_FAILURE() << "'" << text << "' was accepted";
  return {};
}

TEST(DimFlagTest, OneSizeAListARangeAndASteppedRange) {
  EXPECT_EQ(Values("batch=8"), (std::vector<int64_t>{8}));
  EXPECT_EQ(Values("batch=1,2,4"), (std::vector<int64_t>{1, 2, 4}));
  EXPECT_EQ(Values("seq=5..8"), (std::vector<int64_t>{5, 6, 7, 8}));
  EXPECT_EQ(Values("seq=16..64:16"), (std::vector<int64_t>{16, 32, 48, 64}));
  EXPECT_EQ(Values("seq=1,8..24:8,2"), (std::vector<int64_t>{1, 8, 16, 24, 2}));
  EXPECT_EQ(Values("seq=4,4,4"), (std::vector<int64_t>{4}));  // repeats named once
  EXPECT_TRUE(ParseDimFlag("seq=16..64:16").has_range);
  EXPECT_FALSE(ParseDimFlag("batch=1,2").has_range);
  const DimFlag flag = ParseDimFlag("T=7,100,3");
  EXPECT_EQ(flag.name, "T");
  EXPECT_EQ(flag.min(), 3);
  EXPECT_EQ(flag.max(), 100);
  EXPECT_FALSE(flag.single());
  EXPECT_EQ(CheckDimFlag("T=400"), "");
}

TEST(DimFlagTest, AnUnnamedDimensionIsNamedByInputAndAxis) {
  const DimFlag flag = ParseDimFlag("speech:1=400");
  EXPECT_EQ(flag.name, "speech:1");
  EXPECT_EQ(flag.name, DimKey("speech", 1));
  EXPECT_EQ(flag.values, (std::vector<int64_t>{400}));
  EXPECT_EQ(ParseDimFlag("encoder/x:0=2").name, "encoder/x:0");
}

TEST(DimFlagTest, EveryMistakeIsRefusedWithWhatIsExpected) {
  EXPECT_EQ(Refusal("batch"), "--dim 'batch': expected NAME=8, NAME=1,2,4 or NAME=5..100[:STEP], or INPUT:AXIS=... "
                              "for an unnamed dimension");
  EXPECT_EQ(Refusal("=4"), "--dim '=4': no NAME before '='");
  EXPECT_EQ(Refusal("batch="), "--dim 'batch=': no sizes after '='; expected NAME=8, NAME=1,2,4 or "
                               "NAME=5..100[:STEP], or INPUT:AXIS=... for an unnamed dimension");
  EXPECT_EQ(Refusal("batch=0"), "--dim 'batch=0': sizes must be at least 1");
  EXPECT_EQ(Refusal("batch=-1"), "--dim 'batch=-1': '-1' is not a size");
  EXPECT_EQ(Refusal("batch=two"), "--dim 'batch=two': 'two' is not a size");
  EXPECT_EQ(Refusal("batch=1,,2"), "--dim 'batch=1,,2': '' is not a size");
  EXPECT_EQ(Refusal("batch=1,"), "--dim 'batch=1,': '' is not a size");
  EXPECT_EQ(Refusal("seq=9..5"), "--dim 'seq=9..5': the range '9..5' is empty: its start is above its end");
  EXPECT_EQ(Refusal("seq=5..9:0"), "--dim 'seq=5..9:0': the range '5..9:0' needs a STEP of at least 1");
  EXPECT_EQ(Refusal("seq=5..x"), "--dim 'seq=5..x': '5..x' is not a range of sizes");
  EXPECT_EQ(Refusal("seq=1..5000"), "--dim 'seq=1..5000': '1..5000' names more than 4096 sizes");
  EXPECT_EQ(Refusal("x:a=3"), "--dim 'x:a=3': 'x:a' is neither a dimension's name nor INPUT:AXIS");
  EXPECT_EQ(Refusal(":1=3"), "--dim ':1=3': ':1' is neither a dimension's name nor INPUT:AXIS");
  EXPECT_EQ(Refusal("batch=99999999999999"), "--dim 'batch=99999999999999': '99999999999999' is not a size");
}

TEST(DimFlagTest, ADimensionGivenTwiceIsRefused) {
  EXPECT_THROW(ParseDimFlags({"batch=1", "seq=4", "batch=2"}), Error);
  try {
    ParseDimFlags({"batch=1", "batch=2"});
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "--dim 'batch=2': 'batch' is already given by --dim 'batch=1'; give each dimension once");
  }
}

TEST(DimFlagTest, SingleSizeSubcommandsRefuseAListAndSayWhereListsGo) {
  EXPECT_EQ(SingleSizes(ParseDimFlags({"batch=2", "T=400"}), "run"), (DimSizes{{"T", 400}, {"batch", 2}}));
  try {
    SingleSizes(ParseDimFlags({"batch=1,4"}), "run");
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.category(), ErrorCategory::kConfig);
    EXPECT_STREQ(e.what(), "--dim 'batch=1,4': `ortkit run` runs one shape, so give one size (e.g. batch=4); bench, "
                           "memcheck and doctor take lists and ranges");
  }
  EXPECT_THROW(SingleSizes(ParseDimFlags({"T=7..9"}), "profile"), Error);
}

TEST(DimFlagTest, CombinationsVaryTheLastFlagFastest) {
  const auto shapes = Combinations(ParseDimFlags({"batch=1,2", "seq=8,16"}));
  ASSERT_EQ(shapes.size(), 4u);
  EXPECT_EQ(shapes[0], (DimSizes{{"batch", 1}, {"seq", 8}}));
  EXPECT_EQ(shapes[1], (DimSizes{{"batch", 1}, {"seq", 16}}));
  EXPECT_EQ(shapes[3], (DimSizes{{"batch", 2}, {"seq", 16}}));
  EXPECT_TRUE(Combinations({}).empty());
  EXPECT_THROW(Combinations(ParseDimFlags({"a=1..100", "b=1..100"})), Error);
}

TEST(DimFlagTest, LabelsAndDescriptions) {
  EXPECT_EQ(SizesLabel({}), "default");
  EXPECT_EQ(SizesLabel({{"batch", 4}, {"seq", 5}}), "batch=4,seq=5");
  EXPECT_EQ(DescribeSizes({{"batch", 4}, {"seq", 5}}), "batch=4 seq=5");
  EXPECT_EQ(DescribeSizes({}), "");
}

}  // namespace
}  // namespace ortkit::workload
