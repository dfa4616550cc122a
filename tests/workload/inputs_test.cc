// Tests of the shared seeded inputs: the values `run`, `compare` and `fix` feed for one seed.
#include "workload/inputs.h"

#include <gtest/gtest.h>

#include "compare/compare.h"
#include "ortkit/error.h"
#include "ortkit/model.h"
#include "ortkit/tensor_io.h"
#include "testing/temp_dir.h"
#include "testing/test_models.h"
#include "workload/random_tensor.h"

namespace ortkit::workload {
namespace {

using compare::CompareOutputs;
using compare::Tolerance;

ValueSpec TensorSpec(const std::string& name, ElementType type, DeclaredShape shape) {
  ValueSpec spec;
  spec.name = name;
  spec.element_type = type;
  spec.shape = std::move(shape);
  return spec;
}

TEST(SeededInputsTest, TheSameSeedGivesTheSameValuesAndAnotherSeedOthers) {
  const Model model = Model::FromBytes(testing::AddModel().data(), testing::AddModel().size());
  const NamedValues a = SeededInputs(model.inputs(), 5, {{"batch", 2}});
  ASSERT_EQ(a.size(), 2u);
  EXPECT_EQ(a[0].name, "x");
  EXPECT_EQ(a[0].value.tensor().shape(), (Shape{2, 3}));
  EXPECT_TRUE(CompareOutputs(a, SeededInputs(model.inputs(), 5, {{"batch", 2}}), Tolerance{0, 0}).pass);
  EXPECT_FALSE(CompareOutputs(a, SeededInputs(model.inputs(), 6, {{"batch", 2}}), Tolerance{0, 0}).pass);
}

TEST(SeededInputsTest, ValuesAreTheRandomTensorOfTheInputsName) {
  const std::vector<ValueSpec> specs{TensorSpec("ids", ElementType::kInt64, {Dim::Free("n")})};
  const NamedValues values = SeededInputs(specs, 0, {{"n", 6}});
  const NamedValues expected{NamedValue{"ids", RandomTensor(ElementType::kInt64, {6}, 0, "ids")}};
  EXPECT_TRUE(CompareOutputs(values, expected, Tolerance{0, 0}).pass);
}

TEST(SeededInputsTest, SourcesSayWhereEachInputCameFrom) {
  testing::TempDir dir;
  WriteNpy(dir.File("x.npy"), Tensor::FromVector<float>({1, 2, 3, 4, 5, 6, 7, 8, 9}, {3, 3}));
  ValueSpec opt = TensorSpec("o", ElementType::kFloat32, {Dim::Fixed(2)});
  opt.kind = ValueKind::kOptional;
  const std::vector<ValueSpec> specs{TensorSpec("x", ElementType::kFloat32, {Dim::Free("batch"), Dim::Fixed(3)}),
                                     TensorSpec("y", ElementType::kFloat32, {Dim::Free("batch"), Dim::Fixed(3)}), opt};
  InputRequest request;
  request.files = {{"x", dir.File("x.npy")}};
  request.seed = 4;
  const std::vector<SeededInput> inputs = BuildSeededInputs(specs, request);
  ASSERT_EQ(inputs.size(), 3u);
  EXPECT_EQ(inputs[0].source, "file:" + dir.File("x.npy"));
  EXPECT_EQ(inputs[1].source, "random(4)");
  EXPECT_EQ(inputs[1].value.value.tensor().shape(), (Shape{3, 3}));  // batch from the file
  EXPECT_EQ(inputs[2].source, "none (optional)");
  EXPECT_TRUE(inputs[2].value.value.is_none());
}

TEST(SeededInputsTest, AnUnknownDimensionIsAnInputErrorListingTheModelsOwn) {
  const std::vector<ValueSpec> specs{TensorSpec("x", ElementType::kFloat32, {Dim::Fixed(2)})};
  try {
    SeededInputs(specs, 0, {{"batch", 2}});
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.category(), ErrorCategory::kInput);
    EXPECT_STREQ(e.what(), "--dim batch=2: the model has no free dimension 'batch' (it has none)");
  }
}

TEST(SeededInputsTest, ConcreteShapeFillsFreeDimensionsFromSizesElseOne) {
  const ValueSpec spec = TensorSpec("x", ElementType::kFloat32, {Dim::Free("batch"), Dim::Free(), Dim::Fixed(4)});
  EXPECT_EQ(ConcreteShape(spec, {{"batch", 8}}), (Shape{8, 1, 4}));
  EXPECT_EQ(ConcreteShape(spec, {}), (Shape{1, 1, 4}));
}

}  // namespace
}  // namespace ortkit::workload
