// Tests of Tensor ownership, borrowing and typed access.
#include "ortkit/tensor.h"

#include <gtest/gtest.h>

#include "ortkit/error.h"

namespace ortkit {
namespace {

TEST(TensorTest, FromVectorOwnsItsData) {
  Tensor t = Tensor::FromVector<float>({1, 2, 3, 4, 5, 6}, {2, 3});
  EXPECT_EQ(t.type(), ElementType::kFloat32);
  EXPECT_EQ(t.shape(), (Shape{2, 3}));
  EXPECT_EQ(t.buffer_elements(), 6u);
  EXPECT_EQ(t.byte_size(), 24u);
  EXPECT_FALSE(t.is_borrowed());
  EXPECT_EQ(t.data_as<float>()[5], 6.0f);
}

TEST(TensorTest, CopiesShareTheBufferAndCloneDoesNot) {
  Tensor a = Tensor::FromVector<int64_t>({1, 2}, {2});
  Tensor b = a;
  Tensor c = a.Clone();
  a.mutable_data_as<int64_t>()[0] = 42;
  EXPECT_EQ(b.data_as<int64_t>()[0], 42);
  EXPECT_EQ(c.data_as<int64_t>()[0], 1);
}

TEST(TensorTest, OwnedBufferOutlivesTheOriginal) {
  Tensor copy;
  {
    Tensor original = Tensor::FromVector<double>({2.5}, {1});
    copy = original;
  }
  EXPECT_EQ(copy.data_as<double>()[0], 2.5);
}

TEST(TensorTest, BorrowDoesNotCopyAndIsReadOnly) {
  std::vector<float> data{1, 2, 3};
  Tensor t = Tensor::Borrow(data.data(), data.size(), {3});
  EXPECT_TRUE(t.is_borrowed());
  EXPECT_EQ(t.data(), data.data());
  try {
    t.mutable_data();
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.category(), ErrorCategory::kInput);
    EXPECT_STREQ(e.what(), "tensor float32[3] borrows a read-only buffer; Clone() it to write");
  }
}

TEST(TensorTest, BorrowKeepsAMismatchedShapeForValidationLater) {
  std::vector<float> data(10);
  Tensor t = Tensor::Borrow(data.data(), data.size(), {2, 10});
  EXPECT_EQ(t.buffer_elements(), 10u);
  EXPECT_EQ(t.shape_elements(), 20);
}

TEST(TensorTest, WrongTypedAccessNamesBothTypes) {
  Tensor t = Tensor::FromVector<float>({1}, {1});
  try {
    t.data_as<int32_t>();
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "tensor float32[1] accessed as int32");
  }
}

TEST(TensorTest, ZerosFillsEveryType) {
  Tensor f = Tensor::Zeros(ElementType::kFloat16, {3});
  EXPECT_EQ(f.byte_size(), 6u);
  Tensor s = Tensor::Zeros(ElementType::kString, {2});
  EXPECT_EQ(s.strings(), (std::vector<std::string>{"", ""}));
  Tensor b = Tensor::Zeros(ElementType::kBool, {4});
  EXPECT_EQ(b.data_as<bool>()[3], false);
}

TEST(TensorTest, ZerosRefusesNegativeAndOverflowingShapes) {
  EXPECT_THROW(Tensor::Zeros(ElementType::kFloat32, {-1}), Error);
  try {
    Tensor::Zeros(ElementType::kFloat32, {1LL << 40, 1LL << 40});
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "Tensor::Zeros: shape [1099511627776,1099511627776] is negative or overflows");
  }
}

TEST(TensorTest, BoolsAreStoredOneBytePerElement) {
  Tensor t = Tensor::FromBools({true, false, true}, {3});
  EXPECT_EQ(t.type(), ElementType::kBool);
  EXPECT_EQ(t.byte_size(), 3u);
  EXPECT_TRUE(t.data_as<bool>()[2]);
}

TEST(TensorTest, StringsAreOwned) {
  Tensor t = Tensor::FromStrings({"a", "bc"}, {2});
  EXPECT_EQ(t.buffer_elements(), 2u);
  EXPECT_EQ(t.strings()[1], "bc");
  EXPECT_EQ(t.Clone().strings()[0], "a");
  EXPECT_THROW(Tensor::FromVector<float>({1}, {1}).strings(), Error);
  EXPECT_THROW(Tensor::Borrow(ElementType::kString, nullptr, 0, {0}), Error);
}

TEST(TensorTest, DescribesTypeAndShape) {
  EXPECT_EQ(Tensor::Zeros(ElementType::kInt64, {2, 0}).Describe(), "int64[2,0]");
  EXPECT_EQ(Tensor().Describe(), "float32[0]");
}

}  // namespace
}  // namespace ortkit
