// Tests of element type names, sizes and ONNX numbering.
#include "ortkit/element_type.h"

#include <gtest/gtest.h>

namespace ortkit {
namespace {

TEST(ElementTypeTest, NamesRoundTripThroughParse) {
  for (int i = 1; i <= 20; ++i) {
    const ElementType type = ElementTypeFromOnnx(i);
    ASSERT_NE(type, ElementType::kUndefined) << i;
    EXPECT_EQ(ParseElementType(ElementTypeName(type)), type) << ElementTypeName(type);
  }
}

TEST(ElementTypeTest, AcceptsCommonAliases) {
  EXPECT_EQ(ParseElementType("float"), ElementType::kFloat32);
  EXPECT_EQ(ParseElementType("double"), ElementType::kFloat64);
  EXPECT_EQ(ParseElementType("half"), ElementType::kFloat16);
  EXPECT_EQ(ParseElementType("floaty"), std::nullopt);
  EXPECT_EQ(ParseElementType("undefined"), std::nullopt);
}

TEST(ElementTypeTest, SizesMatchOnnx) {
  EXPECT_EQ(ElementSize(ElementType::kFloat32), 4u);
  EXPECT_EQ(ElementSize(ElementType::kFloat64), 8u);
  EXPECT_EQ(ElementSize(ElementType::kBool), 1u);
  EXPECT_EQ(ElementSize(ElementType::kFloat16), 2u);
  EXPECT_EQ(ElementSize(ElementType::kComplex128), 16u);
  EXPECT_EQ(ElementSize(ElementType::kString), 0u);
  EXPECT_EQ(ElementSize(ElementType::kUndefined), 0u);
}

TEST(ElementTypeTest, OutOfRangeNumbersAreUndefined) {
  EXPECT_EQ(ElementTypeFromOnnx(-1), ElementType::kUndefined);
  EXPECT_EQ(ElementTypeFromOnnx(99), ElementType::kUndefined);
  EXPECT_EQ(ElementTypeName(static_cast<ElementType>(99)), "undefined");
}

}  // namespace
}  // namespace ortkit
