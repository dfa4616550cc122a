// Tests of bench/bench_inputs: one set of inputs per shape; --value rules; errors naming the input.
#include "bench/bench_inputs.h"

#include <gtest/gtest.h>

#include "ortkit/error.h"
#include "ortkit/model.h"
#include "ortkit/tensor_io.h"
#include "testing/temp_dir.h"
#include "testing/test_models.h"

namespace ortkit::bench {
namespace {

Model Load(const std::string& bytes) { return Model::FromBytes(bytes.data(), bytes.size()); }

BenchSpec Spec() {
  BenchSpec spec;
  spec.model_path = "m.onnx";
  return spec;
}

std::string InputError(const BenchSpec& spec, const Model& model) {
  try {
    BuildBenchInputs(spec, model.inputs());
  } catch (const Error& e) {
    EXPECT_EQ(e.category(), ErrorCategory::kInput);
    return e.what();
  }
  return "(no error)";
}

TEST(BenchInputsTest, OneSetPerShapeWithItsShapes) {
  const Model model = Load(testing::AddModel());
  BenchSpec spec = Spec();
  spec.shapes = ShapesFromDims({"batch=1,4"});
  const auto inputs = BuildBenchInputs(spec, model.inputs());
  ASSERT_EQ(inputs.size(), 2u);
  EXPECT_EQ(inputs[0].label, "batch=1");
  EXPECT_EQ(inputs[1].shapes.at("x"), (Shape{4, 3}));
  EXPECT_EQ(inputs[1].values.at(1).value.tensor().shape(), (Shape{4, 3}));
  EXPECT_EQ(BuildBenchInputs(Spec(), model.inputs()).at(0).label, "default");
}

TEST(BenchInputsTest, ValueRulesFillTheirInputsInEveryShape) {
  const Model model = Load(testing::MixedTypesModel());
  BenchSpec spec = Spec();
  spec.shapes = ShapesFromDims({"batch=4", "seq=64"});
  spec.values = {workload::ParseValueFlag("ids=100..105"), workload::ParseValueFlag("scale=-0.5..0.5"),
                 workload::ParseValueFlag("mask=0")};
  const auto inputs = BuildBenchInputs(spec, model.inputs());
  const Tensor& ids = FindValue(inputs[0].values, "ids").tensor();
  for (std::size_t i = 0; i < ids.buffer_elements(); ++i) {
    EXPECT_GE(ids.data_as<int64_t>()[i], 100);
    EXPECT_LE(ids.data_as<int64_t>()[i], 105);
  }
  const double scale = *FindValue(inputs[0].values, "scale").tensor().data_as<double>();
  EXPECT_GE(scale, -0.5);
  EXPECT_LT(scale, 0.5);
  const Tensor& mask = FindValue(inputs[0].values, "mask").tensor();
  for (std::size_t i = 0; i < mask.buffer_elements(); ++i) EXPECT_FALSE(mask.data_as<bool>()[i]);
}

TEST(BenchInputsTest, RuleErrorsNameTheInput) {
  const Model model = Load(testing::MixedTypesModel());
  BenchSpec spec = Spec();
  spec.values = {workload::ParseValueFlag("idz=0..1")};
  EXPECT_EQ(InputError(spec, model), "--value idz=0..1: the model has no input 'idz' (its inputs: ids, mask, scale)");
  spec.values = {workload::ParseValueFlag("ids=0.2..0.8")};
  EXPECT_EQ(InputError(spec, model), "--value ids: no int64 value lies in 0.2..0.8");
}

TEST(BenchInputsTest, ARuleOnAFileInputIsRefused) {
  testing::TempDir dir;
  WriteNpy(dir.File("x.npy"), Tensor::FromVector<float>({1, 2, 3}, {1, 3}));
  const Model model = Load(testing::AddModel());
  BenchSpec spec = Spec();
  spec.input_files = {{"x", dir.File("x.npy")}};
  spec.values = {workload::ParseValueFlag("x=0..1")};
  EXPECT_EQ(InputError(spec, model), "--value x=0..1: input 'x' is also read from a file (--input); give one of them");
  spec.values.clear();
  const auto inputs = BuildBenchInputs(spec, model.inputs());
  EXPECT_EQ(FindValue(inputs[0].values, "x").tensor().data_as<float>()[2], 3.0f);
}

TEST(BenchInputsTest, ADimTheModelLacksIsNamed) {
  const Model model = Load(testing::AddModel());
  BenchSpec spec = Spec();
  spec.shapes = ShapesFromDims({"btch=2"});
  EXPECT_EQ(InputError(spec, model), "--dim btch=2: the model has no free dimension 'btch' (its free dimensions: batch)");
}

}  // namespace
}  // namespace ortkit::bench
