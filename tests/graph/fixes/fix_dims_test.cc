// Tests of the fix-dims pass.
#include <gtest/gtest.h>

#include "graph/fixes/fix_test_util.h"
#include "graph/fixes/pass.h"
#include "graph/model_builder.h"
#include "graph/onnx_test_util.h"
#include "ortkit/error.h"
#include "testing/fix_models.h"
#include "testing/test_models.h"

namespace ortkit::testing {
namespace {

constexpr const char* kPass = "fix-dims";

graph::FixOptions Dims(std::map<std::string, int64_t> dims, std::map<std::string, Shape> shapes = {}) {
  graph::FixOptions options;
  options.dims = std::move(dims);
  options.shapes = std::move(shapes);
  return options;
}

// The message of the kConfig error `fn` throws.
template <typename Fn>
std::string ConfigError(Fn fn) {
  try {
    fn();
  } catch (const Error& e) {
    EXPECT_EQ(e.category(), ErrorCategory::kConfig);
    return e.what();
  }
  ADD_FAILURE() << "expected an error";
  return "";
}

TEST(FixDimsTest, DimSetsTheSymbolEverywhereItOccurs) {
  const onnx::ModelProto before = FreeDimsModel();
  onnx::ModelProto after = before;
  const graph::FixChanges changes = ApplyPass(kPass, after, Dims({{"batch", 2}}));

  EXPECT_EQ(SignatureString(after.graph().input()), "x: float32[2,seq,4]; m: float32[2,4]");
  EXPECT_EQ(SignatureString(after.graph().output()), "y: float32[2,seq,4]; z: float32[2,4]");
  EXPECT_EQ(TypeString(after.graph().value_info(0).type()), "float32[2,seq,4]");
  EXPECT_EQ(changes.Get("input_dims"), 2);
  EXPECT_EQ(changes.Get("other_dims"), 3);  // y, z and value_info r
  EXPECT_EQ(changes.details[0], "input 'x': [batch,seq,4] -> [2,seq,4]");
  FullCheck(after);
  ExpectSameOutputs(before, after);
}

TEST(FixDimsTest, ShapeSetsTheWholeInputAndBindsItsSymbols) {
  const onnx::ModelProto before = FreeDimsModel();
  onnx::ModelProto after = before;
  const graph::FixChanges changes = ApplyPass(kPass, after, Dims({}, {{"x", {1, 5, 4}}}));

  // batch=1 and seq=5 came from x's shape and reach m, y, z and r too.
  EXPECT_EQ(SignatureString(after.graph().input()), "x: float32[1,5,4]; m: float32[1,4]");
  EXPECT_EQ(SignatureString(after.graph().output()), "y: float32[1,5,4]; z: float32[1,4]");
  EXPECT_EQ(TypeString(after.graph().value_info(0).type()), "float32[1,5,4]");
  EXPECT_EQ(changes.Get("input_dims"), 3);  // x: batch and seq, m: batch
  EXPECT_EQ(changes.Get("other_dims"), 5);  // y: 2, z: 1, r: 2
  EXPECT_EQ(changes.details,
            (std::vector<std::string>{"input 'x': [batch,seq,4] -> [1,5,4]", "input 'm': [batch,4] -> [1,4]",
                                      "output 'y': [batch,seq,4] -> [1,5,4]", "output 'z': [batch,4] -> [1,4]"}));
  FullCheck(after);
  ExpectSameOutputs(before, after);
}

TEST(FixDimsTest, ShapeGivesAnInputDeclaredWithoutShapeTheRankGiven) {
  // ORT accepts any rank for an input with no shape (ONNX's checker wants one on graph inputs).
  graph::ModelBuilder b("unshaped");
  b.Node("Abs", {"u"}, {"n"}, {}, "abs");
  for (auto* list : {b.proto().mutable_graph()->mutable_input(), b.proto().mutable_graph()->mutable_output()}) {
    onnx::ValueInfoProto* v = list->Add();
    v->set_name(list == b.proto().mutable_graph()->mutable_input() ? "u" : "n");
    v->mutable_type()->mutable_tensor_type()->set_elem_type(onnx::TensorProto::FLOAT);
  }
  const onnx::ModelProto before = b.proto();
  onnx::ModelProto after = before;
  const graph::FixChanges changes = ApplyPass(kPass, after, Dims({}, {{"u", {2, 3}}}));
  EXPECT_EQ(SignatureString(after.graph().input()), "u: float32[2,3]");
  EXPECT_EQ(SignatureString(after.graph().output()), "n: float32");
  EXPECT_EQ(changes.Get("input_dims"), 2);
  EXPECT_EQ(changes.details, std::vector<std::string>{"input 'u': (no shape) -> [2,3]"});
  ExpectSameOutputs(before, after);
}

TEST(FixDimsTest, UnknownDimNameIsRefusedListingTheModelsFreeDimensions) {
  onnx::ModelProto model = FreeDimsModel();
  EXPECT_EQ(ConfigError([&] { ApplyPass(kPass, model, Dims({{"batchsize", 1}})); }),
            "fix-dims: --dim batchsize=1: the model's inputs have no free dimension 'batchsize' (their free "
            "dimensions: batch, seq)");
  onnx::ModelProto fixed = ParseModel(ReluImageModel());
  EXPECT_EQ(ConfigError([&] { ApplyPass(kPass, fixed, Dims({{"batch", 1}})); }),
            "fix-dims: --dim batch=1: the model's inputs have no free dimension 'batch' (they have none)");
}

TEST(FixDimsTest, ShapeOfAnUnknownInputIsRefusedListingTheInputs) {
  onnx::ModelProto model = FreeDimsModel();
  EXPECT_EQ(ConfigError([&] { ApplyPass(kPass, model, Dims({}, {{"image", {1, 3}}})); }),
            "fix-dims: --shape image=1x3: the model has no input 'image' (its inputs: m, x)");
}

TEST(FixDimsTest, ShapeOfTheWrongRankIsRefused) {
  onnx::ModelProto model = FreeDimsModel();
  EXPECT_EQ(ConfigError([&] { ApplyPass(kPass, model, Dims({}, {{"x", {1, 5}}})); }),
            "fix-dims: --shape x=1x5: input 'x' has rank 3 ([batch,seq,4]), the shape given has rank 2");
}

TEST(FixDimsTest, ShapeThatContradictsAFixedDimensionIsRefused) {
  onnx::ModelProto model = FreeDimsModel();
  EXPECT_EQ(ConfigError([&] { ApplyPass(kPass, model, Dims({}, {{"x", {1, 5, 8}}})); }),
            "fix-dims: --shape x=1x5x8: dimension 2 of input 'x' is fixed at 4, not 8");
}

TEST(FixDimsTest, ShapeThatContradictsADimIsRefusedNamingBothFlags) {
  onnx::ModelProto model = FreeDimsModel();
  EXPECT_EQ(ConfigError([&] { ApplyPass(kPass, model, Dims({{"batch", 2}}, {{"x", {1, 5, 4}}})); }),
            "fix-dims: dimension 'batch' would be both 2 (--dim batch=2) and 1 (--shape x=1x5x4)");
}

TEST(FixDimsTest, WithoutSizesNothingChanges) {
  onnx::ModelProto model = FreeDimsModel();
  const std::string before = model.SerializeAsString();
  EXPECT_FALSE(ApplyPass(kPass, model).changed());
  EXPECT_EQ(model.SerializeAsString(), before);
}

TEST(FixDimsTest, ShapeEqualToTheFixedShapeChangesNothing) {
  onnx::ModelProto model = ParseModel(ReluImageModel());
  const std::string before = model.SerializeAsString();
  EXPECT_FALSE(ApplyPass(kPass, model, Dims({}, {{"image", {1, 3, 320, 320}}})).changed());
  EXPECT_EQ(model.SerializeAsString(), before);
}

}  // namespace
}  // namespace ortkit::testing
