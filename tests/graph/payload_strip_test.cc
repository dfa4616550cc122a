// StripTensorPayloads: large tensor data goes wherever it is; everything else stays byte for byte.
#include "graph/payload_strip.h"

#include <gtest/gtest.h>

#include "graph/model_builder.h"
#include "onnx_test_util.h"
#include "ortkit/error.h"
#include "summary_test_models.h"

namespace ortkit::graph {
namespace {

using ortkit::testing::ParseModel;

onnx::ModelProto Strip(const onnx::ModelProto& model, uint64_t keep) {
  return ParseModel(StripTensorPayloads(SerializeModel(model), "m.onnx", keep));
}

bool MarkedStripped(const onnx::TensorProto& t) {
  return t.data_location() == onnx::TensorProto::EXTERNAL && t.external_data_size() == 1 &&
         t.external_data(0).key() == "location" && t.external_data(0).value() == kStrippedLocation;
}

TEST(PayloadStripTest, LargeTensorsLoseTheirDataAndKeepTheirTypeAndDims) {
  const onnx::ModelProto stripped = Strip(ortkit::testing::WeightsModel(64), 1024);
  const onnx::TensorProto& w = stripped.graph().initializer(0);
  EXPECT_EQ(w.name(), "w");
  EXPECT_EQ(w.data_type(), onnx::TensorProto::FLOAT);
  EXPECT_EQ(w.dims_size(), 2);
  EXPECT_FALSE(w.has_raw_data());
  EXPECT_TRUE(MarkedStripped(w));
  const onnx::TensorProto& b = stripped.graph().initializer(1);  // 256 bytes: kept as it was
  EXPECT_EQ(b.raw_data().size(), 256u);
  EXPECT_FALSE(b.has_data_location());
  EXPECT_EQ(stripped.graph().node_size(), 2);
  EXPECT_EQ(stripped.graph().input(0).name(), "x");
}

TEST(PayloadStripTest, TensorsInSubgraphsAndAttributesAreStrippedToo) {
  const onnx::ModelProto nested = Strip(ortkit::testing::NestedIfModel(), 0);
  const onnx::TensorProto& bias = nested.graph().node(0).attribute(0).g().initializer(0);
  EXPECT_EQ(bias.name(), "t_bias");
  EXPECT_FALSE(bias.has_raw_data());
  EXPECT_TRUE(MarkedStripped(bias));

  const onnx::ModelProto typed = Strip(ortkit::testing::TypedFieldsModel(), 0);
  for (int i = 0; i < 4; ++i) EXPECT_TRUE(MarkedStripped(typed.graph().initializer(i))) << i;
  EXPECT_EQ(typed.graph().initializer(2).string_data_size(), 0);
  EXPECT_FALSE(MarkedStripped(typed.graph().initializer(4)));  // "empty" had no data to strip
  const onnx::TensorProto& value = typed.graph().node(0).attribute(0).t();
  EXPECT_EQ(value.double_data_size(), 0);
  EXPECT_TRUE(MarkedStripped(value));
}

TEST(PayloadStripTest, ExternalDataEntriesStay) {
  const onnx::ModelProto stripped = Strip(ortkit::testing::ExternalRefModel({{"location", "w.bin"}, {"length", "16"}}), 0);
  const onnx::TensorProto& w = stripped.graph().initializer(0);
  ASSERT_EQ(w.external_data_size(), 2);
  EXPECT_EQ(w.external_data(0).value(), "w.bin");
  EXPECT_EQ(w.data_location(), onnx::TensorProto::EXTERNAL);
}

TEST(PayloadStripTest, UnknownFieldsAndGroupsAreCopied) {
  using ortkit::testing::WireKey;
  using ortkit::testing::WireVarint;
  const std::string extra = WireKey(99, 0) + WireVarint(5) + WireKey(98, 3) + WireKey(98, 4);
  const std::string bytes = SerializeModel(ortkit::testing::WeightsModel(4)) + extra;
  const std::string stripped = StripTensorPayloads(bytes, "m.onnx", 0);
  EXPECT_EQ(stripped.substr(stripped.size() - extra.size()), extra);
}

TEST(PayloadStripTest, MalformedInputFailsAsTheScannerDoes) {
  const std::string bytes = ortkit::testing::OddFloatDataModel();
  const std::string cut = bytes.substr(0, bytes.size() - 1);
  try {
    StripTensorPayloads(cut, "m.onnx", 0);
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.category(), ErrorCategory::kLoad);
    EXPECT_EQ(std::string(e.what()),
              "while reading 'm.onnx': malformed protobuf at byte 0 (in ModelProto): field 7 has length 11 but only "
              "10 bytes are left");
  }
}

}  // namespace
}  // namespace ortkit::graph
