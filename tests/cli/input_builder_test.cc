// Tests of how `ortkit run` builds its inputs: files, free dimensions, random values.
#include "cli/input_builder.h"

#include <gtest/gtest.h>

#include "ortkit/error.h"
#include "ortkit/tensor_io.h"
#include "testing/temp_dir.h"

namespace ortkit::cli {
namespace {

ValueSpec TensorSpec(const std::string& name, ElementType type, DeclaredShape shape) {
  ValueSpec spec;
  spec.name = name;
  spec.element_type = type;
  spec.shape = std::move(shape);
  return spec;
}

const BuiltInput& Find(const std::vector<BuiltInput>& inputs, const std::string& name) {
  for (const auto& input : inputs) {
    if (input.value.name == name) return input;
  }
  throw std::runtime_error("no input " + name);
}

TEST(InputBuilderTest, FreeDimensionsDefaultToOne) {
  const std::vector<ValueSpec> specs{
      TensorSpec("x", ElementType::kFloat32, {Dim::Free("batch"), Dim::Fixed(3), Dim::Free()})};
  const auto inputs = BuildInputs(specs, {});
  ASSERT_EQ(inputs.size(), 1u);
  EXPECT_EQ(inputs[0].shape, (Shape{1, 3, 1}));
  EXPECT_EQ(inputs[0].type, "float32");
  EXPECT_EQ(inputs[0].source, "random(0)");
}

TEST(InputBuilderTest, DimSetsANamedFreeDimensionInEveryInput) {
  const std::vector<ValueSpec> specs{TensorSpec("a", ElementType::kInt64, {Dim::Free("batch"), Dim::Free("seq")}),
                                     TensorSpec("b", ElementType::kBool, {Dim::Free("batch")})};
  InputRequest request;
  request.dims = {{"batch", 4}, {"seq", 7}};
  request.seed = 9;
  const auto inputs = BuildInputs(specs, request);
  EXPECT_EQ(Find(inputs, "a").shape, (Shape{4, 7}));
  EXPECT_EQ(Find(inputs, "b").shape, (Shape{4}));
  EXPECT_EQ(Find(inputs, "b").source, "random(9)");
}

TEST(InputBuilderTest, DimForAnUnknownSymbolListsTheModelsSymbols) {
  const std::vector<ValueSpec> specs{TensorSpec("a", ElementType::kFloat32, {Dim::Free("batch"), Dim::Free("seq")})};
  InputRequest request;
  request.dims = {{"bacth", 2}};
  try {
    BuildInputs(specs, request);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "--dim bacth=2: the model has no free dimension 'bacth' (its free dimensions: batch, seq)");
  }
  const std::vector<ValueSpec> fixed{TensorSpec("a", ElementType::kFloat32, {Dim::Fixed(2)})};
  EXPECT_THROW(BuildInputs(fixed, request), Error);
}

TEST(InputBuilderTest, AFileInputSetsTheSymbolForRandomInputs) {
  testing::TempDir dir;
  WriteNpy(dir.File("x.npy"), Tensor::FromVector<float>({1, 2, 3, 4, 5, 6}, {2, 3}));
  const std::vector<ValueSpec> specs{TensorSpec("x", ElementType::kFloat32, {Dim::Free("batch"), Dim::Fixed(3)}),
                                     TensorSpec("y", ElementType::kFloat32, {Dim::Free("batch"), Dim::Fixed(3)})};
  InputRequest request;
  request.files = {{"x", dir.File("x.npy")}};
  const auto inputs = BuildInputs(specs, request);
  EXPECT_EQ(Find(inputs, "x").source, "file:" + dir.File("x.npy"));
  EXPECT_EQ(Find(inputs, "y").shape, (Shape{2, 3}));
  // --dim still wins over the file.
  request.dims = {{"batch", 5}};
  EXPECT_EQ(Find(BuildInputs(specs, request), "y").shape, (Shape{5, 3}));
}

TEST(InputBuilderTest, AFileForANameThatIsNotAnInputIsPassedOnForTheModelToReport) {
  testing::TempDir dir;
  WriteNpy(dir.File("z.npy"), Tensor::FromVector<float>({1}, {1}));
  const std::vector<ValueSpec> specs{TensorSpec("x", ElementType::kFloat32, {Dim::Fixed(1)})};
  InputRequest request;
  request.files = {{"zz", dir.File("z.npy")}};
  const auto inputs = BuildInputs(specs, request);
  ASSERT_EQ(inputs.size(), 2u);
  EXPECT_EQ(inputs[0].value.name, "zz");
  EXPECT_EQ(inputs[1].value.name, "x");
}

TEST(InputBuilderTest, ScalarAndUndeclaredShapes) {
  ValueSpec scalar = TensorSpec("s", ElementType::kFloat64, {});
  ValueSpec any = TensorSpec("a", ElementType::kFloat32, {});
  any.has_shape = false;
  const auto inputs = BuildInputs({scalar, any}, {});
  EXPECT_EQ(Find(inputs, "s").shape, Shape{});
  EXPECT_EQ(Find(inputs, "a").shape, Shape{1});
}

TEST(InputBuilderTest, SequencesGetTwoRandomTensorsAndOptionalsAreLeftOut) {
  ValueSpec seq;
  seq.name = "s";
  seq.kind = ValueKind::kSequence;
  seq.onnx_type = "seq(tensor(float))";
  ValueSpec opt = TensorSpec("o", ElementType::kFloat32, {Dim::Fixed(2)});
  opt.kind = ValueKind::kOptional;
  opt.onnx_type = "optional(tensor(float))";
  const auto inputs = BuildInputs({seq, opt}, {});
  const Value& s = Find(inputs, "s").value.value;
  ASSERT_EQ(s.kind(), ValueKind::kSequence);
  EXPECT_EQ(s.sequence().size(), 2u);
  EXPECT_EQ(s.sequence()[0].tensor().shape(), Shape{1});
  EXPECT_TRUE(Find(inputs, "o").value.value.is_none());
  EXPECT_EQ(Find(inputs, "o").source, "none (optional)");
}

TEST(InputBuilderTest, MapsCanNotBeRandom) {
  ValueSpec map;
  map.name = "m";
  map.kind = ValueKind::kMap;
  map.onnx_type = "map(int64,tensor(float))";
  try {
    BuildInputs({map}, {});
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(),
                 "input 'm': ortkit can't make random map(int64,tensor(float)) values; give it with --input m=FILE.pb");
  }
}

TEST(InputBuilderTest, ToNamedValuesKeepsTheOrder) {
  const std::vector<ValueSpec> specs{TensorSpec("b", ElementType::kFloat32, {}),
                                     TensorSpec("a", ElementType::kFloat32, {})};
  const NamedValues values = ToNamedValues(BuildInputs(specs, {}));
  ASSERT_EQ(values.size(), 2u);
  EXPECT_EQ(values[0].name, "b");
  EXPECT_EQ(values[1].name, "a");
}

}  // namespace
}  // namespace ortkit::cli
