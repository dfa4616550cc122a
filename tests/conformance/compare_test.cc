// Tests of the conformance comparison: ONNX's tolerances, NaN, infinities, types, shapes, values.
#include "conformance/compare.h"

#include <cmath>
#include <limits>

#include <gtest/gtest.h>

namespace ortkit::conformance {
namespace {

Tensor Floats(std::vector<float> v) {
  const int64_t n = static_cast<int64_t>(v.size());
  return Tensor::FromVector(std::move(v), {n});
}

TEST(CompareTest, FloatsWithinRelativeAndAbsoluteToleranceMatch) {
  EXPECT_EQ(CompareTensors(Floats({1000.0f, 0.0f}), Floats({1000.9f, 9e-8f})), std::nullopt);
}

TEST(CompareTest, FloatsBeyondToleranceNameTheFirstDifference) {
  const auto diff = CompareTensors(Floats({1.0f, 2.0f, 3.0f}), Floats({1.0f, 2.01f, 3.01f}));
  ASSERT_TRUE(diff);
  EXPECT_NE(diff->find("2 of 3 elements differ; first at flat index 1"), std::string::npos) << *diff;
}

TEST(CompareTest, NanMatchesOnlyNan) {
  const float nan = std::numeric_limits<float>::quiet_NaN();
  EXPECT_EQ(CompareTensors(Floats({nan}), Floats({nan})), std::nullopt);
  EXPECT_TRUE(CompareTensors(Floats({nan}), Floats({1.0f})));
  EXPECT_TRUE(CompareTensors(Floats({1.0f}), Floats({nan})));
}

TEST(CompareTest, InfinitiesMustMatchExactly) {
  const float inf = std::numeric_limits<float>::infinity();
  EXPECT_EQ(CompareTensors(Floats({inf, -inf}), Floats({inf, -inf})), std::nullopt);
  EXPECT_TRUE(CompareTensors(Floats({inf}), Floats({-inf})));
  EXPECT_TRUE(CompareTensors(Floats({3e38f}), Floats({inf})));
}

TEST(CompareTest, IntegersMustBeEqual) {
  EXPECT_EQ(CompareTensors(Tensor::FromVector<int64_t>({5, -7}, {2}), Tensor::FromVector<int64_t>({5, -7}, {2})),
            std::nullopt);
  EXPECT_TRUE(CompareTensors(Tensor::FromVector<int32_t>({1000}, {1}), Tensor::FromVector<int32_t>({1001}, {1})));
}

TEST(CompareTest, TypeAndShapeMustMatch) {
  EXPECT_TRUE(CompareTensors(Floats({1.0f}), Tensor::FromVector<double>({1.0}, {1})));
  EXPECT_TRUE(CompareTensors(Tensor::FromVector<float>({1, 2}, {1, 2}), Tensor::FromVector<float>({1, 2}, {2, 1})));
}

TEST(CompareTest, StringsAndBoolsMustBeEqual) {
  EXPECT_EQ(CompareTensors(Tensor::FromStrings({"a", "b"}, {2}), Tensor::FromStrings({"a", "b"}, {2})), std::nullopt);
  EXPECT_TRUE(CompareTensors(Tensor::FromStrings({"a"}, {1}), Tensor::FromStrings({"A"}, {1})));
  EXPECT_TRUE(CompareTensors(Tensor::FromBools({true}, {1}), Tensor::FromBools({false}, {1})));
}

TEST(CompareTest, HalfAndBFloat16CompareAsFloat) {
  EXPECT_FLOAT_EQ(HalfToFloat(0x3c00), 1.0f);
  EXPECT_FLOAT_EQ(HalfToFloat(0xc000), -2.0f);
  EXPECT_FLOAT_EQ(HalfToFloat(0x0001), std::ldexp(1.0f, -24));
  EXPECT_TRUE(std::isinf(HalfToFloat(0x7c00)));
  EXPECT_TRUE(std::isnan(HalfToFloat(0x7e00)));
  EXPECT_FLOAT_EQ(BFloat16ToFloat(0x3f80), 1.0f);
  auto half = [](uint16_t bits) {
    auto v = std::make_shared<uint16_t>(bits);
    return Tensor::Adopt(ElementType::kFloat16, v.get(), 2, {1}, v);
  };
  EXPECT_EQ(CompareTensors(half(0x3c00), half(0x3c00)), std::nullopt);
  EXPECT_TRUE(CompareTensors(half(0x3c00), half(0x3c10)));  // 1.0 vs 1.0156
}

TEST(CompareTest, SequencesCompareElementWiseAndNoneOnlyMatchesNone) {
  const Value a = Value::Sequence({Floats({1.0f}), Floats({2.0f})});
  EXPECT_EQ(CompareValues(a, Value::Sequence({Floats({1.0f}), Floats({2.0f})})), std::nullopt);
  const auto diff = CompareValues(a, Value::Sequence({Floats({1.0f}), Floats({5.0f})}));
  ASSERT_TRUE(diff);
  EXPECT_EQ(diff->rfind("element 1: ", 0), 0u) << *diff;
  EXPECT_TRUE(CompareValues(a, Value::Sequence({Floats({1.0f})})));
  EXPECT_EQ(CompareValues(Value::None(), Value::None()), std::nullopt);
  EXPECT_TRUE(CompareValues(Value::None(), Floats({1.0f})));
}

}  // namespace
}  // namespace ortkit::conformance
