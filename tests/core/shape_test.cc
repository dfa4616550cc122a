// Tests of shape formatting and overflow-checked element counts.
#include "ortkit/shape.h"

#include <limits>

#include <gtest/gtest.h>

namespace ortkit {
namespace {

TEST(ShapeTest, FormatsConcreteShapes) {
  EXPECT_EQ(ShapeToString(Shape{1, 3, 224, 224}), "[1,3,224,224]");
  EXPECT_EQ(ShapeToString(Shape{}), "[]");
}

TEST(ShapeTest, FormatsDeclaredShapesWithSymbols) {
  EXPECT_EQ(ShapeToString(DeclaredShape{Dim::Free("batch"), Dim::Fixed(3), Dim::Free(), Dim::Fixed(7)}),
            "[batch,3,?,7]");
}

TEST(ShapeTest, CountsElements) {
  EXPECT_EQ(ElementCount({2, 3, 4}), 24);
  EXPECT_EQ(ElementCount({}), 1);
  EXPECT_EQ(ElementCount({5, 0, 7}), 0);
}

TEST(ShapeTest, RejectsNegativeDimensions) { EXPECT_EQ(ElementCount({2, -1}), std::nullopt); }

TEST(ShapeTest, DetectsOverflow) {
  const int64_t big = std::numeric_limits<int64_t>::max() / 2;
  EXPECT_EQ(ElementCount({big, 3}), std::nullopt);
  EXPECT_EQ(ElementCount({1 << 30, 1 << 30, 1 << 30}), std::nullopt);
}

TEST(ShapeTest, ZeroDimensionWinsOverOverflowingPrefix) {
  const int64_t big = std::numeric_limits<int64_t>::max() / 2;
  EXPECT_EQ(ElementCount({big, big, 0}), 0);
}

}  // namespace
}  // namespace ortkit
