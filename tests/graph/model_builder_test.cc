// ModelBuilder, Attr, MakeTensor and SeededWeights.
#include "graph/model_builder.h"

#include <algorithm>
#include <cstring>
#include <fstream>
#include <iterator>

#include <gtest/gtest.h>

#include "onnx_test_util.h"
#include "ortkit/error.h"
#include "testing/temp_dir.h"

namespace ortkit::graph {
namespace {

using ortkit::testing::FullCheck;
using ortkit::testing::ParseModel;
using ortkit::testing::TypeString;

// Builder output goes through bytes, as every user of it does.
onnx::ModelProto RoundTrip(const ModelBuilder& b) { return ParseModel(b.Serialize()); }

template <typename T>
std::vector<T> RawValues(const onnx::TensorProto& tensor) {
  std::vector<T> out(tensor.raw_data().size() / sizeof(T));
  std::memcpy(out.data(), tensor.raw_data().data(), out.size() * sizeof(T));
  return out;
}

TEST(ModelBuilderTest, StartsWithTheGivenGraphNameOpsetAndIrVersion) {
  const onnx::ModelProto model = RoundTrip(ModelBuilder("g", 13, 7));
  EXPECT_EQ(model.graph().name(), "g");
  EXPECT_EQ(model.ir_version(), 7);
  ASSERT_EQ(model.opset_import_size(), 1);
  EXPECT_EQ(model.opset_import(0).domain(), "");
  EXPECT_EQ(model.opset_import(0).version(), 13);
}

TEST(ModelBuilderTest, SymbolicDimsBecomeDimParams) {
  const onnx::ModelProto model = RoundTrip(ModelBuilder("g").Input("x", ElementType::kFloat32, {"batch", 3}));
  const auto& dims = model.graph().input(0).type().tensor_type().shape().dim();
  ASSERT_EQ(dims.size(), 2);
  EXPECT_EQ(dims[0].dim_param(), "batch");
  EXPECT_FALSE(dims[0].has_dim_value());
  EXPECT_EQ(dims[1].dim_value(), 3);
  EXPECT_FALSE(dims[1].has_dim_param());
}

TEST(ModelBuilderTest, UnnamedFreeDimsHaveNeitherValueNorParam) {
  const DeclaredShape shape{Dim::Free(), Dim::Fixed(4)};
  const onnx::ModelProto model = RoundTrip(ModelBuilder("g").Output("y", ElementType::kInt64, shape));
  const auto& dim = model.graph().output(0).type().tensor_type().shape().dim(0);
  EXPECT_FALSE(dim.has_dim_value());
  EXPECT_FALSE(dim.has_dim_param());
  EXPECT_EQ(TypeString(model.graph().output(0).type()), "int64[?,4]");
}

TEST(ModelBuilderTest, EmptyShapeIsAScalarNotAnUnknownRank) {
  const onnx::ModelProto model = RoundTrip(ModelBuilder("g").Input("s", ElementType::kFloat64, {}));
  ASSERT_TRUE(model.graph().input(0).type().tensor_type().has_shape());
  EXPECT_EQ(TypeString(model.graph().input(0).type()), "float64[]");
}

TEST(ModelBuilderTest, ConcreteShapesAndValueInfoAreAccepted) {
  const Shape shape{1, 3, 224, 224};
  const onnx::ModelProto model = RoundTrip(ModelBuilder("g").ValueInfo("mid", ElementType::kFloat16, shape));
  ASSERT_EQ(model.graph().value_info_size(), 1);
  EXPECT_EQ(model.graph().value_info(0).name(), "mid");
  EXPECT_EQ(TypeString(model.graph().value_info(0).type()), "float16[1,3,224,224]");
}

TEST(ModelBuilderTest, SequenceValuesHoldTensorsOfTheElementType) {
  const onnx::ModelProto model = RoundTrip(
      ModelBuilder("g").SequenceInput("s", ElementType::kInt32).SequenceOutput("t", ElementType::kString));
  EXPECT_EQ(TypeString(model.graph().input(0).type()), "seq(int32)");
  EXPECT_EQ(TypeString(model.graph().output(0).type()), "seq(string)");
}

TEST(ModelBuilderTest, AttributesKeepTheirKindAndValue) {
  ModelBuilder b("g");
  b.Node("Op", {"a"}, {"b"},
         {Attr::Int("i", -3), Attr::Ints("is", {1, 2}), Attr::Float("f", 0.5f), Attr::Floats("fs", {1.5f}),
          Attr::String("s", "text"), Attr::Strings("ss", {"x", "y"}),
          Attr::Tensor("t", MakeTensor("ignored", std::vector<int64_t>{7}, {1}))});
  const onnx::NodeProto node = RoundTrip(b).graph().node(0);
  ASSERT_EQ(node.attribute_size(), 7);
  EXPECT_EQ(node.attribute(0).type(), onnx::AttributeProto::INT);
  EXPECT_EQ(node.attribute(0).i(), -3);
  EXPECT_EQ(node.attribute(1).type(), onnx::AttributeProto::INTS);
  EXPECT_EQ(std::vector<int64_t>(node.attribute(1).ints().begin(), node.attribute(1).ints().end()),
            (std::vector<int64_t>{1, 2}));
  EXPECT_EQ(node.attribute(2).type(), onnx::AttributeProto::FLOAT);
  EXPECT_EQ(node.attribute(2).f(), 0.5f);
  EXPECT_EQ(node.attribute(3).type(), onnx::AttributeProto::FLOATS);
  EXPECT_EQ(node.attribute(3).floats(0), 1.5f);
  EXPECT_EQ(node.attribute(4).type(), onnx::AttributeProto::STRING);
  EXPECT_EQ(node.attribute(4).s(), "text");
  EXPECT_EQ(node.attribute(5).type(), onnx::AttributeProto::STRINGS);
  EXPECT_EQ(node.attribute(5).strings(1), "y");
  EXPECT_EQ(node.attribute(6).type(), onnx::AttributeProto::TENSOR);
  EXPECT_FALSE(node.attribute(6).t().has_name());  // attribute tensors are anonymous
  EXPECT_EQ(RawValues<int64_t>(node.attribute(6).t()), std::vector<int64_t>{7});
}

TEST(ModelBuilderTest, NodeNameAndDomainAreSetOnlyWhenGiven) {
  const onnx::ModelProto model =
      RoundTrip(ModelBuilder("g").Node("Relu", {"x"}, {"y"}).Node("Custom", {"y"}, {"z", "w"}, {}, "n1", "com.x"));
  EXPECT_FALSE(model.graph().node(0).has_name());
  EXPECT_FALSE(model.graph().node(0).has_domain());
  EXPECT_EQ(model.graph().node(1).name(), "n1");
  EXPECT_EQ(model.graph().node(1).domain(), "com.x");
  EXPECT_EQ(model.graph().node(1).output_size(), 2);
}

TEST(ModelBuilderTest, InitializersRoundTripAsRawData) {
  ModelBuilder b("g");
  b.Initializer("f", std::vector<float>{1.5f, -2.0f, 3.25f, 0.0f, 1e-7f, 9.0f}, {2, 3})
      .Initializer("d", std::vector<double>{0.1}, {})
      .Initializer("i64", std::vector<int64_t>{-1, 1LL << 40}, {2})
      .Initializer("i32", std::vector<int32_t>{-7, 8, 9}, {3, 1});
  const onnx::ModelProto model = RoundTrip(b);
  ASSERT_EQ(model.graph().initializer_size(), 4);
  const auto& init = model.graph().initializer();
  EXPECT_EQ(init[0].data_type(), onnx::TensorProto::FLOAT);
  EXPECT_EQ(std::vector<int64_t>(init[0].dims().begin(), init[0].dims().end()), (std::vector<int64_t>{2, 3}));
  EXPECT_EQ(RawValues<float>(init[0]), (std::vector<float>{1.5f, -2.0f, 3.25f, 0.0f, 1e-7f, 9.0f}));
  EXPECT_EQ(init[0].float_data_size(), 0);  // raw_data only
  EXPECT_EQ(init[1].data_type(), onnx::TensorProto::DOUBLE);
  EXPECT_EQ(init[1].dims_size(), 0);
  EXPECT_EQ(RawValues<double>(init[1]), std::vector<double>{0.1});
  EXPECT_EQ(init[2].data_type(), onnx::TensorProto::INT64);
  EXPECT_EQ(RawValues<int64_t>(init[2]), (std::vector<int64_t>{-1, 1LL << 40}));
  EXPECT_EQ(init[3].data_type(), onnx::TensorProto::INT32);
  EXPECT_EQ(RawValues<int32_t>(init[3]), (std::vector<int32_t>{-7, 8, 9}));
}

TEST(ModelBuilderTest, InitializerThatDoesNotFillItsShapeThrowsAConfigError) {
  ModelBuilder b("g");
  try {
    b.Initializer("w", std::vector<float>{1, 2, 3}, {2, 2});
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.category(), ErrorCategory::kConfig);
    EXPECT_STREQ(e.what(), "tensor 'w': 3 values do not fill shape [2,2]");
  }
}

TEST(ModelBuilderTest, MetadataAndDocsRoundTrip) {
  const onnx::ModelProto model = RoundTrip(ModelBuilder("g")
                                               .Producer("p", "0.1")
                                               .Doc("model doc")
                                               .GraphDoc("graph doc")
                                               .Domain("ai.example")
                                               .ModelVersion(7)
                                               .Metadata("k1", "v1")
                                               .Metadata("k2", ""));
  EXPECT_EQ(model.producer_name(), "p");
  EXPECT_EQ(model.producer_version(), "0.1");
  EXPECT_EQ(model.doc_string(), "model doc");
  EXPECT_EQ(model.graph().doc_string(), "graph doc");
  EXPECT_EQ(model.domain(), "ai.example");
  EXPECT_EQ(model.model_version(), 7);
  ASSERT_EQ(model.metadata_props_size(), 2);
  EXPECT_EQ(model.metadata_props(0).key(), "k1");
  EXPECT_EQ(model.metadata_props(0).value(), "v1");
  EXPECT_EQ(model.metadata_props(1).key(), "k2");
  EXPECT_EQ(model.metadata_props(1).value(), "");
}

TEST(ModelBuilderTest, OpsetAddsADomainOrReplacesItsVersion) {
  const onnx::ModelProto model = RoundTrip(ModelBuilder("g").Opset("com.x", 1).Opset("", 18).Opset("com.x", 2));
  ASSERT_EQ(model.opset_import_size(), 2);
  EXPECT_EQ(model.opset_import(0).version(), 18);
  EXPECT_EQ(model.opset_import(1).domain(), "com.x");
  EXPECT_EQ(model.opset_import(1).version(), 2);
}

TEST(ModelBuilderTest, BuiltModelPassesTheCheckerAndInfersItsOutputs) {
  ModelBuilder b("g");
  b.Input("x", ElementType::kFloat32, {"n", 4})
      .Initializer("w", SeededWeights(8, 1.0f, 3), {4, 2})
      .Node("MatMul", {"x", "w"}, {"h"}, {}, "mm")
      .Node("Softmax", {"h"}, {"y"}, {Attr::Int("axis", -1)}, "softmax")
      .ValueInfo("h", ElementType::kFloat32, {"n", 2})
      .Output("y", ElementType::kFloat32, {"n", 2});
  EXPECT_NO_THROW(FullCheck(b.proto()));
  const onnx::ModelProto inferred = ortkit::testing::InferOutputShapes(b.proto());
  EXPECT_EQ(TypeString(inferred.graph().output(0).type()), "float32[n,2]");
}

TEST(ModelBuilderTest, SaveWritesTheSerializedBytes) {
  ortkit::testing::TempDir dir;
  ModelBuilder b("g");
  b.Input("x", ElementType::kFloat32, {1}).Node("Identity", {"x"}, {"y"}).Output("y", ElementType::kFloat32, {1});
  b.Save(dir.File("m.onnx"));
  std::ifstream in(dir.File("m.onnx"), std::ios::binary);
  EXPECT_EQ(std::string(std::istreambuf_iterator<char>(in), {}), b.Serialize());
}

TEST(ModelBuilderTest, SaveIntoAMissingDirectoryThrowsAnIoErrorNamingThePath) {
  ortkit::testing::TempDir dir;
  try {
    ModelBuilder("g").Save(dir.File("no/such/dir/m.onnx"));
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.category(), ErrorCategory::kIo);
    EXPECT_NE(std::string(e.what()).find("no/such/dir/m.onnx"), std::string::npos) << e.what();
  }
}

TEST(SeededWeightsTest, AreTheSameForASeedAndDifferForAnother) {
  EXPECT_EQ(SeededWeights(100, 0.5f, 42), SeededWeights(100, 0.5f, 42));
  EXPECT_NE(SeededWeights(100, 0.5f, 42), SeededWeights(100, 0.5f, 43));
}

TEST(SeededWeightsTest, StayWithinTheScaleAndUseAllOfIt) {
  const std::vector<float> w = SeededWeights(10000, 0.25f, 7);
  float lo = 1, hi = -1;
  for (float v : w) {
    lo = std::min(lo, v);
    hi = std::max(hi, v);
  }
  EXPECT_GE(lo, -0.25f);
  EXPECT_LT(hi, 0.25f);
  EXPECT_LT(lo, -0.24f);
  EXPECT_GT(hi, 0.24f);
}

TEST(SeededWeightsTest, MapTheTop24BitsOfMt19937) {
  // std::mt19937's first output for its default seed 5489 is fixed by the standard: 3499211612.
  const float unit = static_cast<float>(3499211612u >> 8) / 16777216.0f;
  EXPECT_EQ(SeededWeights(1, 2.0f, 5489)[0], 2.0f * (2.0f * unit - 1.0f));
}

}  // namespace
}  // namespace ortkit::graph
