// HumanBytes and GroupDigits.
#include "report/human_size.h"

#include <gtest/gtest.h>

namespace ortkit::report {
namespace {

TEST(HumanSizeTest, BytesUnderOneKibAreExact) {
  EXPECT_EQ(HumanBytes(0), "0 B");
  EXPECT_EQ(HumanBytes(1023), "1023 B");
}

TEST(HumanSizeTest, LargerSizesUseBinaryUnitsWithOneDecimal) {
  EXPECT_EQ(HumanBytes(1024), "1.0 KiB");
  EXPECT_EQ(HumanBytes(1536), "1.5 KiB");
  EXPECT_EQ(HumanBytes(uint64_t{1} << 30), "1.0 GiB");
  EXPECT_EQ(HumanBytes(1073741824ull * 1024 * 3 / 2), "1.5 TiB");
  EXPECT_EQ(HumanBytes(~uint64_t{0}), "16.0 EiB");
}

TEST(HumanSizeTest, ValuesThatWouldRoundTo1024MoveUpAUnit) {
  EXPECT_EQ(HumanBytes(1024 * 1024 - 1), "1.0 MiB");
  EXPECT_EQ(HumanBytes(1023 * 1024), "1023.0 KiB");
}

TEST(HumanSizeTest, DigitsAreGroupedByThousands) {
  EXPECT_EQ(GroupDigits(0), "0");
  EXPECT_EQ(GroupDigits(999), "999");
  EXPECT_EQ(GroupDigits(1000), "1,000");
  EXPECT_EQ(GroupDigits(25557032), "25,557,032");
  EXPECT_EQ(GroupDigits(~uint64_t{0}), "18,446,744,073,709,551,615");
}

}  // namespace
}  // namespace ortkit::report
