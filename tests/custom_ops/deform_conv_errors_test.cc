// DCNv2's failure paths: shapes that disagree with the attributes, and malformed attributes.
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "custom_ops/example_ops_session.h"
#include "graph/model_builder.h"

namespace ortkit::testing {
namespace {

using graph::Attr;
using graph::ModelBuilder;
using ::testing::HasSubstr;

// A DCNv2 node whose five inputs are all graph inputs of free shape, so a test can feed shapes
// that disagree with the attributes and reach the op's own checks (a fixed declared shape would
// make ORT reject the feed before the op runs).
std::string FreeShapeDcnModel(const std::string& op, const std::string& domain, const std::vector<Attr>& attrs) {
  ModelBuilder b("free_shape_dcn");
  b.Opset(domain, 1);
  for (const char* name : {"x", "offset", "mask", "weight"}) {
    b.Input(name, ElementType::kFloat32, {Dim::Free(), Dim::Free(), Dim::Free(), Dim::Free()});
  }
  b.Input("bias", ElementType::kFloat32, {Dim::Free()});
  return b.Node(op, {"x", "offset", "mask", "weight", "bias"}, {"y"}, attrs, "/head/dcn", domain)
      .Output("y", ElementType::kFloat32, {Dim::Free(), Dim::Free(), Dim::Free(), Dim::Free()})
      .Serialize();
}

FloatTensor Zeros(std::vector<int64_t> shape) {
  int64_t n = 1;
  for (int64_t d : shape) n *= d;
  return {std::vector<float>(static_cast<size_t>(n), 0.0f), std::move(shape)};
}

// Runs a 3x3, padding 1 layer on x [1,4,8,8] (outputs 8x8) with the given offset, mask and bias
// shapes, and returns the error message ("" if it ran).
std::string RunError(const std::string& model, std::vector<int64_t> offset, std::vector<int64_t> mask,
                     std::vector<int64_t> bias = {4}, std::vector<int64_t> weight = {4, 4, 3, 3}) {
  ExampleOpsSession session(model);
  try {
    session.Run({"x", "offset", "mask", "weight", "bias"},
                {Zeros({1, 4, 8, 8}), Zeros(std::move(offset)), Zeros(std::move(mask)), Zeros(std::move(weight)),
                 Zeros(std::move(bias))});
  } catch (const Ort::Exception& e) {
    return e.what();
  }
  return "";
}

TEST(DeformConvErrorsTest, AnEmptyBiasNameMeansNoBias) {
  // Exporters mark a skipped optional input with the empty name; the op must read it as absent.
  ModelBuilder b("empty_bias_name");
  b.Opset("mmcv", 1);
  for (const char* name : {"x", "offset", "mask", "weight"}) {
    b.Input(name, ElementType::kFloat32, {Dim::Free(), Dim::Free(), Dim::Free(), Dim::Free()});
  }
  const std::string model = b.Node("MMCVModulatedDeformConv2d", {"x", "offset", "mask", "weight", ""}, {"y"}, {},
                                   "/head/dcn", "mmcv")
                                .Output("y", ElementType::kFloat32, {Dim::Free(), Dim::Free(), Dim::Free(), Dim::Free()})
                                .Serialize();
  ExampleOpsSession session(model);
  // A 1x1 kernel of ones over 4 channels of ones, unmoved and unmasked: every output is 4.
  FloatTensor ones{std::vector<float>(4 * 9, 1.0f), {1, 4, 3, 3}};
  const FloatTensor y = session.Run({"x", "offset", "mask", "weight"},
                                    {ones, Zeros({1, 2, 3, 3}), {std::vector<float>(9, 1.0f), {1, 1, 3, 3}},
                                     {std::vector<float>(8, 1.0f), {2, 4, 1, 1}}});
  EXPECT_EQ(y.shape, (std::vector<int64_t>{1, 2, 3, 3}));
  EXPECT_EQ(y.data, std::vector<float>(18, 4.0f));
}

const std::vector<Attr> kTwoDeformGroupsMmcv = {Attr::Ints("stride", {1, 1}), Attr::Ints("padding", {1, 1}),
                                               Attr::Ints("dilation", {1, 1}), Attr::Int("groups", 1),
                                               Attr::Int("deform_groups", 2)};

TEST(DeformConvErrorsTest, FreeShapeModelRunsWhenTheShapesAgree) {
  const std::string model = FreeShapeDcnModel("MMCVModulatedDeformConv2d", "mmcv", kTwoDeformGroupsMmcv);
  EXPECT_EQ(RunError(model, {1, 36, 8, 8}, {1, 18, 8, 8}), "");
}

TEST(DeformConvErrorsTest, OffsetWithTheWrongChannelCountNamesTheFormula) {
  const std::string model = FreeShapeDcnModel("MMCVModulatedDeformConv2d", "mmcv", kTwoDeformGroupsMmcv);
  EXPECT_THAT(RunError(model, {1, 18, 8, 8}, {1, 18, 8, 8}),
              HasSubstr("MMCVModulatedDeformConv2d node '/head/dcn': offset has 18 channels, expected "
                        "2*deform_groups*kh*kw = 2*2*3*3 = 36"));
}

TEST(DeformConvErrorsTest, DcnV2MessagesUseItsOwnAttributeName) {
  const std::string model = FreeShapeDcnModel("DCNv2", "com.ortkit.example",
                                              {Attr::Ints("padding", {1, 1}), Attr::Int("deformable_groups", 2)});
  EXPECT_THAT(RunError(model, {1, 36, 8, 8}, {1, 9, 8, 8}),
              HasSubstr("DCNv2 node '/head/dcn': mask has 9 channels, expected deformable_groups*kh*kw = 2*3*3 = 18"));
}

TEST(DeformConvErrorsTest, OffsetWithTheWrongSpatialSizeNamesBothShapes) {
  const std::string model = FreeShapeDcnModel("MMCVModulatedDeformConv2d", "mmcv", kTwoDeformGroupsMmcv);
  EXPECT_THAT(RunError(model, {1, 36, 4, 4}, {1, 18, 8, 8}),
              HasSubstr("offset has shape [1,36,4,4], expected [N, 36, Ho, Wo] = [1,36,8,8]"));
}

TEST(DeformConvErrorsTest, WeightAndBiasMismatchesAreNamed) {
  const std::string model = FreeShapeDcnModel("MMCVModulatedDeformConv2d", "mmcv", kTwoDeformGroupsMmcv);
  EXPECT_THAT(RunError(model, {1, 36, 8, 8}, {1, 18, 8, 8}, {4}, {4, 2, 3, 3}),
              HasSubstr("weight has shape [4,2,3,3] (2 input channels per group), expected C/groups = 4/1 = 4"));
  EXPECT_THAT(RunError(model, {1, 36, 8, 8}, {1, 18, 8, 8}, {5}),
              HasSubstr("bias has shape [5], expected [Cout] = [4]"));
}

TEST(DeformConvErrorsTest, MalformedAttributesFailTheSessionNamingThem) {
  const auto session_error = [](const std::vector<Attr>& attrs) -> std::string {
    try {
      ExampleOpsSession session(FreeShapeDcnModel("MMCVModulatedDeformConv2d", "mmcv", attrs));
    } catch (const Ort::Exception& e) {
      return e.what();
    }
    return "";
  };
  EXPECT_THAT(session_error({Attr::Ints("stride", {1, 1, 1})}),
              HasSubstr("MMCVModulatedDeformConv2d node '/head/dcn': attribute 'stride' has 3 values, expected 2 (h, w)"));
  EXPECT_THAT(session_error({Attr::Floats("dilation", {1.0f, 1.0f})}),
              HasSubstr("attribute 'dilation' holds no ints (another type, or empty), expected 2 ints (h, w)"));
  EXPECT_THAT(session_error({Attr::Float("groups", 2.0f)}),
              HasSubstr("MMCVModulatedDeformConv2d node '/head/dcn': attribute 'groups': "));
  EXPECT_THAT(session_error({Attr::Ints("stride", {0, 1})}), HasSubstr("attribute 'stride' is 0 (h), expected >= 1"));
  EXPECT_THAT(session_error({Attr::Int("deform_groups", 0)}), HasSubstr("attribute 'deform_groups' is 0, expected >= 1"));
}

}  // namespace
}  // namespace ortkit::testing
