// Every input validation error, with its exact message.
#include <gtest/gtest.h>

#include "ortkit/error.h"
#include "ortkit/model.h"
#include "testing/test_models.h"

namespace ortkit {
namespace {

Model LoadBytes(const std::string& bytes, const std::string& label) {
  return Model::FromBytes(bytes.data(), bytes.size(), {}, label);
}

// Runs `model` on `inputs` and returns the error message, failing the test if none is thrown.
std::string RunError(const Model& model, const NamedValues& inputs) {
  try {
    model.run(inputs);
  } catch (const Error& e) {
    EXPECT_EQ(e.category(), ErrorCategory::kInput) << e.what();
    return e.what();
  }
  ADD_FAILURE() << "expected an input error";
  return {};
}

class ImageInputTest : public ::testing::Test {
 protected:
  Model model_ = LoadBytes(testing::ReluImageModel(), "relu.onnx");
};

TEST_F(ImageInputTest, BufferSmallerThanShapeNamesBothSizes) {
  // The classic: a 320x320 buffer for a 3-channel shape; ORT would say
  // "not enough space: expected 1228800, got 409600".
  std::vector<float> buffer(102400);
  EXPECT_EQ(RunError(model_, {{"image", Tensor::Borrow(buffer.data(), buffer.size(), {1, 3, 320, 320})}}),
            "input 'image': expected float32[1,3,320,320] (307200 elements, 1228800 bytes), got 102400 elements");
}

TEST_F(ImageInputTest, BufferLargerThanShapeIsAlsoAnError) {
  std::vector<float> buffer(307201);
  EXPECT_EQ(RunError(model_, {{"image", Tensor::Borrow(buffer.data(), buffer.size(), {1, 3, 320, 320})}}),
            "input 'image': expected float32[1,3,320,320] (307200 elements, 1228800 bytes), got 307201 elements");
}

TEST_F(ImageInputTest, BufferNotAMultipleOfTheElementSizeIsCountedInBytes) {
  std::vector<char> buffer(1228801);
  EXPECT_EQ(RunError(model_, {{"image", Tensor::Borrow(ElementType::kFloat32, buffer.data(), buffer.size(), {1, 3, 320, 320})}}),
            "input 'image': expected float32[1,3,320,320] (307200 elements, 1228800 bytes), got 1228801 bytes");
}

TEST_F(ImageInputTest, UnknownNameSuggestsTheClosestInput) {
  EXPECT_EQ(RunError(model_, {{"imgae", Tensor::Zeros(ElementType::kFloat32, {1, 3, 320, 320})}}),
            "input 'imgae' is not an input of 'relu.onnx' (did you mean 'image'?); its inputs are: image "
            "(float32[1,3,320,320])");
}

TEST_F(ImageInputTest, UnrelatedUnknownNameSuggestsNothing) {
  EXPECT_EQ(RunError(model_, {{"completely_different", Tensor::Zeros(ElementType::kFloat32, {1})}}),
            "input 'completely_different' is not an input of 'relu.onnx'; its inputs are: image (float32[1,3,320,320])");
}

TEST_F(ImageInputTest, WrongElementType) {
  EXPECT_EQ(RunError(model_, {{"image", Tensor::Zeros(ElementType::kFloat64, {1, 3, 320, 320})}}),
            "input 'image': expected element type float32 (float32[1,3,320,320]), got float64[1,3,320,320]");
}

TEST_F(ImageInputTest, WrongRank) {
  EXPECT_EQ(RunError(model_, {{"image", Tensor::Zeros(ElementType::kFloat32, {3, 320, 320})}}),
            "input 'image': expected rank 4 (float32[1,3,320,320]), got rank 3 ([3,320,320])");
}

TEST_F(ImageInputTest, FixedDimensionViolated) {
  EXPECT_EQ(RunError(model_, {{"image", Tensor::Zeros(ElementType::kFloat32, {1, 4, 320, 320})}}),
            "input 'image': dimension 1 must be 3 (float32[1,3,320,320]), got 4 in shape [1,4,320,320]");
}

TEST_F(ImageInputTest, MissingInput) {
  EXPECT_EQ(RunError(model_, {}), "missing input 'image' (float32[1,3,320,320]) for 'relu.onnx'; given: none");
}

TEST_F(ImageInputTest, InputGivenTwice) {
  Tensor t = Tensor::Zeros(ElementType::kFloat32, {1, 3, 320, 320});
  EXPECT_EQ(RunError(model_, {{"image", t}, {"image", t}}), "input 'image' is given twice");
}

TEST_F(ImageInputTest, NoneForARequiredInput) {
  EXPECT_EQ(RunError(model_, {{"image", Value::None()}}), "input 'image': expected float32[1,3,320,320], got none");
}

class AddInputTest : public ::testing::Test {
 protected:
  Model model_ = LoadBytes(testing::AddModel(), "add.onnx");
};

TEST_F(AddInputTest, MissingInputListsWhatWasGiven) {
  EXPECT_EQ(RunError(model_, {{"x", Tensor::Zeros(ElementType::kFloat32, {1, 3})}}),
            "missing input 'y' (float32[batch,3]) for 'add.onnx'; given: x");
}

TEST_F(AddInputTest, FixedDimensionNextToASymbolicOne) {
  EXPECT_EQ(RunError(model_, {{"x", Tensor::Zeros(ElementType::kFloat32, {2, 4})},
                              {"y", Tensor::Zeros(ElementType::kFloat32, {2, 3})}}),
            "input 'x': dimension 1 must be 3 (float32[batch,3]), got 4 in shape [2,4]");
}

TEST_F(AddInputTest, NegativeDimension) {
  std::vector<float> data(6);
  EXPECT_EQ(RunError(model_, {{"x", Tensor::Borrow(data.data(), data.size(), {-2, 3})},
                              {"y", Tensor::Zeros(ElementType::kFloat32, {2, 3})}}),
            "input 'x': shape [-2,3] has a negative dimension");
}

TEST_F(AddInputTest, OverflowingShape) {
  std::vector<float> data(6);
  EXPECT_EQ(RunError(model_, {{"x", Tensor::Borrow(data.data(), data.size(), {4611686018427387904LL, 3})},
                              {"y", Tensor::Zeros(ElementType::kFloat32, {2, 3})}}),
            "input 'x': shape [4611686018427387904,3] has more elements than fit in 64 bits");
}

TEST_F(AddInputTest, ATensorWhereASequenceIsExpected) {
  Model model = LoadBytes(testing::SequenceModel(), "seq.onnx");
  Tensor two = Tensor::Zeros(ElementType::kFloat32, {2});
  EXPECT_EQ(RunError(model, {{"a", two}, {"b", two}, {"s", two}}),
            "input 's': expected seq(tensor(float)), got float32[2]");
  EXPECT_EQ(RunError(model, {{"a", Value::Sequence({two})}, {"b", two}, {"s", Value::Sequence({two})}}),
            "input 'a': expected float32[2], got sequence<float32[2]> of 1");
}

TEST_F(AddInputTest, ValidInputsStillRunAfterAnError) {
  RunError(model_, {});
  NamedValues out = model_.run({{"x", Tensor::FromVector<float>({1, 2, 3}, {1, 3})},
                                {"y", Tensor::FromVector<float>({1, 1, 1}, {1, 3})}});
  EXPECT_EQ(out[0].value.tensor().data_as<float>()[2], 4.0f);
}

}  // namespace
}  // namespace ortkit
