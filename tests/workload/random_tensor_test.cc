// Tests of the seeded random inputs: reproducible, in the documented ranges, exact in every type.
#include "workload/random_tensor.h"

#include <cmath>
#include <cstring>
#include <set>

#include <gtest/gtest.h>

#include "ortkit/error.h"

namespace ortkit::workload {
namespace {

template <typename T>
std::vector<T> Values(const Tensor& t) {
  const auto* p = static_cast<const T*>(t.data());
  return std::vector<T>(p, p + t.buffer_elements());
}

TEST(RandomTensorTest, SameSeedAndNameGiveTheSameValues) {
  const Tensor a = RandomTensor(ElementType::kFloat32, {4, 5}, 42, "x");
  const Tensor b = RandomTensor(ElementType::kFloat32, {4, 5}, 42, "x");
  EXPECT_EQ(Values<float>(a), Values<float>(b));
  EXPECT_EQ(a.shape(), (Shape{4, 5}));
}

TEST(RandomTensorTest, SeedAndNameEachChangeTheValues) {
  const auto base = Values<float>(RandomTensor(ElementType::kFloat32, {16}, 1, "x"));
  EXPECT_NE(base, Values<float>(RandomTensor(ElementType::kFloat32, {16}, 2, "x")));
  EXPECT_NE(base, Values<float>(RandomTensor(ElementType::kFloat32, {16}, 1, "y")));
}

// Golden values: a change here changes every golden file, and what users reproduce with --seed.
TEST(RandomTensorTest, ValuesArePinned) {
  EXPECT_EQ(Values<int64_t>(RandomTensor(ElementType::kInt64, {6}, 0, "ids")),
            (std::vector<int64_t>{2, 2, 6, 3, 6, 6}));
  EXPECT_EQ(Values<float>(RandomTensor(ElementType::kFloat32, {3}, 0, "x")),
            (std::vector<float>{-0x1.8f89p-4f, -0x1.e60438p-2f, 0x1.ef335p-1f}));
}

TEST(RandomTensorTest, FloatsAreInMinusOneToOne) {
  for (float f : Values<float>(RandomTensor(ElementType::kFloat32, {4096}, 3, "f"))) {
    ASSERT_GE(f, -1.0f);
    ASSERT_LT(f, 1.0f);
  }
  for (double d : Values<double>(RandomTensor(ElementType::kFloat64, {4096}, 3, "d"))) {
    ASSERT_GE(d, -1.0);
    ASSERT_LT(d, 1.0);
  }
}

TEST(RandomTensorTest, IntegersAreInZeroToNineAndAllAppear) {
  std::set<int> seen;
  for (int8_t v : Values<int8_t>(RandomTensor(ElementType::kInt8, {1000}, 0, "i"))) seen.insert(v);
  EXPECT_EQ(seen, (std::set<int>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}));
  for (uint64_t v : Values<uint64_t>(RandomTensor(ElementType::kUInt64, {1000}, 0, "u"))) ASSERT_LT(v, 10u);
}

TEST(RandomTensorTest, BoolsAreRoughlyHalfTrue) {
  const auto v = Values<uint8_t>(RandomTensor(ElementType::kBool, {10000}, 5, "b"));
  int trues = 0;
  for (uint8_t b : v) {
    ASSERT_LE(b, 1);
    trues += b;
  }
  EXPECT_GT(trues, 4700);
  EXPECT_LT(trues, 5300);
}

TEST(RandomTensorTest, StringsAreNumberedByFlatIndex) {
  const Tensor t = RandomTensor(ElementType::kString, {2, 2}, 9, "s");
  EXPECT_EQ(t.strings(), (std::vector<std::string>{"s0", "s1", "s2", "s3"}));
}

// float16 values are built from a grid the type holds exactly: decode and check range and grid.
TEST(RandomTensorTest, Float16ValuesAreValidAndInRange) {
  const Tensor t = RandomTensor(ElementType::kFloat16, {2048}, 1, "h");
  EXPECT_EQ(t.type(), ElementType::kFloat16);
  EXPECT_EQ(t.byte_size(), 2048u * 2);
  for (uint16_t h : Values<uint16_t>(t)) {
    const int exponent = (h >> 10) & 0x1f;
    ASSERT_NE(exponent, 0x1f) << "inf or nan: " << h;
    const double magnitude = exponent == 0 ? std::ldexp(h & 0x3ff, -24)
                                           : std::ldexp(1024 + (h & 0x3ff), exponent - 25);
    ASSERT_LE(magnitude, 1.0);
    ASSERT_FALSE(!(h & 0x8000) && magnitude == 1.0) << "+1 is outside [-1,1)";
    ASSERT_EQ(std::fmod(magnitude * 1024, 1.0), 0.0) << "off the 2^-10 grid";
  }
}

TEST(RandomTensorTest, BFloat16ValuesAreTheTopHalfOfFloats) {
  for (uint16_t b : Values<uint16_t>(RandomTensor(ElementType::kBFloat16, {512}, 1, "b"))) {
    const uint32_t bits = static_cast<uint32_t>(b) << 16;
    float f;
    std::memcpy(&f, &bits, sizeof f);
    ASSERT_GE(f, -1.0f);
    ASSERT_LT(f, 1.0f);
  }
}

TEST(RandomTensorTest, ComplexHasTwoPartsPerElement) {
  const Tensor t = RandomTensor(ElementType::kComplex64, {3}, 1, "c");
  EXPECT_EQ(t.byte_size(), 3u * 8);
}

TEST(RandomTensorTest, EmptyAndScalarShapes) {
  EXPECT_EQ(RandomTensor(ElementType::kFloat32, {0, 3}, 1, "e").buffer_elements(), 0u);
  EXPECT_EQ(RandomTensor(ElementType::kFloat32, {}, 1, "s").buffer_elements(), 1u);
}

TEST(RandomTensorTest, Float8IsRefusedWithAHintToGiveTheInput) {
  try {
    RandomTensor(ElementType::kFloat8E4M3FN, {2}, 0, "q");
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.category(), ErrorCategory::kInput);
    EXPECT_STREQ(e.what(), "input 'q': ortkit can't make random float8e4m3fn values; give this input with --input q=FILE");
  }
}

}  // namespace
}  // namespace ortkit::workload
