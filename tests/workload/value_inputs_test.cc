// Tests of inputs filled by --value rules and guesses, and of unnamed dimensions sized by
// INPUT:AXIS, through BuildSeededInputs.
#include <algorithm>

#include <gtest/gtest.h>

#include "ortkit/error.h"
#include "ortkit/model.h"
#include "testing/test_models.h"
#include "testing/workload_models.h"
#include "workload/inputs.h"

namespace ortkit::workload {
namespace {

template <typename T>
std::vector<T> Values(const Value& value) {
  const Tensor& t = value.tensor();
  const T* data = t.data_as<T>();
  return std::vector<T>(data, data + t.buffer_elements());
}

std::vector<ValueSpec> Inputs(const std::string& bytes) { return Model::FromBytes(bytes.data(), bytes.size()).inputs(); }

std::string InputError(const std::vector<ValueSpec>& specs, const InputRequest& request) {
  try {
    BuildSeededInputs(specs, request);
  } catch (const Error& e) {
    EXPECT_EQ(e.category(), ErrorCategory::kInput) << e.what();
    return e.what();
  }
  ADD_FAILURE() << "no error";
  return {};
}

TEST(ValueInputsTest, ALengthsRuleHoldsTheDimensionsSizeInEveryElement) {
  const auto specs = Inputs(testing::SpeechEncoderModel());
  InputRequest request;
  request.dims = {{"B", 3}, {"T", 400}};
  request.values = {ParseValueFlag("speech_lengths=@T")};
  const auto inputs = BuildSeededInputs(specs, request);
  ASSERT_EQ(inputs.size(), 2u);
  EXPECT_EQ(inputs[0].value.value.tensor().shape(), (Shape{3, 400, 80}));
  EXPECT_EQ(inputs[1].source, "value(@T)");
  EXPECT_EQ(Values<int32_t>(inputs[1].value.value), (std::vector<int32_t>{400, 400, 400}));
}

TEST(ValueInputsTest, RangesAndConstantsByType) {
  const auto specs = Inputs(testing::MixedTypesModel());  // ids int64[batch,seq], mask bool, scale float64[]
  InputRequest request;
  request.dims = {{"batch", 4}, {"seq", 50}};
  request.values = {ParseValueFlag("ids=5..7"), ParseValueFlag("mask=0"), ParseValueFlag("scale=-0.5")};
  request.seed = 3;
  const auto inputs = BuildSeededInputs(specs, request);
  const auto ids = Values<int64_t>(inputs[0].value.value);
  ASSERT_EQ(ids.size(), 200u);
  for (int64_t id : ids) EXPECT_TRUE(id >= 5 && id <= 7) << id;
  EXPECT_NE(std::count(ids.begin(), ids.end(), 7), 0);  // the upper end is included for integers
  EXPECT_EQ(inputs[0].source, "value(5..7)");
  for (bool m : Values<bool>(inputs[1].value.value)) EXPECT_FALSE(m);
  EXPECT_EQ(Values<double>(inputs[2].value.value), (std::vector<double>{-0.5}));
  EXPECT_EQ(Values<int64_t>(BuildSeededInputs(specs, request)[0].value.value), ids);  // seeded
}

TEST(ValueInputsTest, RulesThatDoNotFitTheModelAreInputErrors) {
  const auto specs = Inputs(testing::MixedTypesModel());
  InputRequest request;
  request.values = {ParseValueFlag("idz=1")};
  EXPECT_EQ(InputError(specs, request), "--value idz=1: the model has no input 'idz' (its inputs: ids, mask, scale)");
  request.values = {ParseValueFlag("ids=@T")};
  EXPECT_EQ(InputError(specs, request),
            "--value ids=@T: the model has no free dimension 'T' (its free dimensions: batch, seq)");
  request.values = {ParseValueFlag("mask=0..1")};
  EXPECT_EQ(InputError(specs, request), "--value mask=0..1: input 'mask' is bool; give it a constant (0 or 1)");
  request.values = {ParseValueFlag("ids=0.5")};
  EXPECT_EQ(InputError(specs, request), "--value ids=0.5: input 'ids' is int64, which cannot hold 0.5");
  request.values = {ParseValueFlag("ids=1")};
  request.files = {{"ids", "ids.npy"}};
  EXPECT_EQ(InputError(specs, request),
            "--value ids=1: input 'ids' is also read from a file (--input); give one of them");
}

TEST(ValueInputsTest, AnUnnamedDimensionIsSizedByInputAndAxis) {
  const auto specs = Inputs(testing::UnnamedDimModel());  // x: float32[?,4]
  InputRequest request;
  request.dims = {{"x:0", 6}};
  EXPECT_EQ(BuildSeededInputs(specs, request)[0].value.value.tensor().shape(), (Shape{6, 4}));
  EXPECT_EQ(FreeDimKeys(specs), (std::vector<std::string>{"x:0"}));
  request.dims = {{"x:1", 6}};
  EXPECT_EQ(InputError(specs, request), "--dim x:1=6: axis 1 of input 'x' (x: float32[?,4]) is not a free dimension");
  request.dims = {{"y:0", 6}};
  EXPECT_EQ(InputError(specs, request), "--dim y:0=6: the model has no input 'y' (its inputs: x)");
  const auto named = Inputs(testing::AddModel());
  request.dims = {{"x:0", 6}};
  EXPECT_EQ(InputError(named, request), "--dim x:0=6: that dimension is named 'batch'; use --dim batch=6");
}

}  // namespace
}  // namespace ortkit::workload
