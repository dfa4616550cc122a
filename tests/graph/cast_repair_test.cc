// Tests of RepairTypeConflictsWithCasts: copies of models ORT refuses for a type conflict, which
// load and compute the conflicting node in the wider type.
#include "graph/cast_repair.h"

#include <gtest/gtest.h>

#include "graph/model_builder.h"
#include "graph/onnx_test_util.h"
#include "ortkit/error.h"
#include "ortkit/model.h"
#include "ortkit/tensor.h"
#include "testing/fix_models.h"
#include "testing/test_models.h"

namespace ortkit::graph {
namespace {

Model Load(const onnx::ModelProto& model) {
  const std::string bytes = SerializeModel(model);
  return Model::FromBytes(bytes.data(), bytes.size(), {}, "repaired.onnx");
}

std::vector<std::string> OpTypes(const onnx::ModelProto& model) {
  std::vector<std::string> ops;
  for (const auto& n : model.graph().node()) ops.push_back(n.op_type());
  return ops;
}

TEST(CastRepairTest, DivOfFloatByDoubleComputesInDoubleAndHandsFloatOn) {
  const onnx::ModelProto original = testing::NormalizeWithDoubleStdModel();
  EXPECT_THROW(Load(original), Error) << "the test needs a model ORT refuses";
  const CastRepair repair = RepairTypeConflictsWithCasts(original);
  ASSERT_EQ(repair.repaired.size(), 1u);
  EXPECT_EQ(repair.repaired[0],
            "/preprocess/Div (Div): computes in float64: input '/preprocess/Sub_output_0' float32 -> float64, "
            "output '/preprocess/Div_output_0' back to float32");
  EXPECT_EQ(OpTypes(repair.model),
            (std::vector<std::string>{"Constant", "Sub", "Cast", "Div", "Cast", "Mul", "Relu"}));

  // The arithmetic is float64's: (x - mean) / std computed in double, rounded to float once.
  const Model model = Load(repair.model);
  const std::vector<float> pixels(48, 0.7f);
  const NamedValues out = model.run({{"image", Tensor::FromVector(pixels, {1, 3, 4, 4})}});
  const float* y = out[0].value.tensor().data_as<float>();
  EXPECT_EQ(y[0], static_cast<float>((static_cast<double>(0.7f) - static_cast<double>(0.485f)) / 0.229 *
                                     static_cast<double>(1.5f)));
}

TEST(CastRepairTest, AnOutputAlreadyOfTheWideTypeGetsNoCastBack) {
  const CastRepair repair = RepairTypeConflictsWithCasts(testing::ParseModel(testing::DoubleFloatDivModel()));
  ASSERT_EQ(repair.repaired.size(), 1u);
  EXPECT_EQ(repair.repaired[0], "Div_337 (Div): computes in float64: input 'b' float32 -> float64");
  EXPECT_EQ(OpTypes(repair.model), (std::vector<std::string>{"Cast", "Div"}));
  EXPECT_NO_THROW(Load(repair.model));
}

TEST(CastRepairTest, OneCastServesEveryNodeThatNeedsTheSameTensorWidened) {
  ModelBuilder b("shared");
  b.Opset("", 17)
      .Input("x", ElementType::kFloat32, {"batch", 3})
      .Initializer("a", std::vector<double>{1, 2, 3}, {3})
      .Initializer("c", std::vector<double>{4, 5, 6}, {3})
      .Node("Add", {"x", "a"}, {"s"}, {}, "/add")
      .Node("Mul", {"x", "c"}, {"m"}, {}, "/mul")
      .Output("s", ElementType::kFloat32, {"batch", 3})
      .Output("m", ElementType::kFloat32, {"batch", 3});
  const CastRepair repair = RepairTypeConflictsWithCasts(b.proto());
  EXPECT_EQ(repair.repaired.size(), 2u);
  EXPECT_EQ(OpTypes(repair.model), (std::vector<std::string>{"Cast", "Add", "Cast", "Mul", "Cast"}));
  EXPECT_NO_THROW(Load(repair.model));
}

TEST(CastRepairTest, BoolIntoAddBecomesTheOtherOperandsType) {
  const onnx::ModelProto model_proto = testing::ParseModel(testing::BoolIntoAddModel());
  EXPECT_THROW(Load(model_proto), Error);
  const CastRepair repair = RepairTypeConflictsWithCasts(model_proto);
  ASSERT_EQ(repair.repaired.size(), 1u);
  EXPECT_EQ(repair.repaired[0], "/attention/Add (Add): computes in float32: input 'mask' bool -> float32");
  const Model model = Load(repair.model);
  const NamedValues out = model.run({{"mask", Tensor::FromBools({true, false, true, false}, {1, 4})},
                                     {"scores", Tensor::FromVector(std::vector<float>{1, 2, 3, 4}, {1, 4})}});
  const float* y = out[0].value.tensor().data_as<float>();
  EXPECT_EQ(std::vector<float>(y, y + 4), (std::vector<float>{2, 2, 4, 4}));
}

TEST(CastRepairTest, AModelWithoutConflictsIsCopiedUnchanged) {
  const onnx::ModelProto model = testing::ParseModel(testing::ConvNetModel());
  const CastRepair repair = RepairTypeConflictsWithCasts(model);
  EXPECT_TRUE(repair.repaired.empty());
  EXPECT_EQ(repair.model.graph().node_size(), model.graph().node_size());
}

}  // namespace
}  // namespace ortkit::graph
