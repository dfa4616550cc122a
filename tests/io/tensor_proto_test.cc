// Tests of TensorProto files: round trips and reading the typed fields.
#include <gtest/gtest.h>
#include <onnx/onnx_pb.h>

#include <cstdint>
#include <cstring>
#include <limits>
#include <vector>

#include "io/io_test_util.h"
#include "io/proto_test_util.h"
#include "ortkit/tensor_io.h"

namespace ortkit {
namespace {

using testing_io::ExpectSameTensor;
using testing_io::IoErrorOf;
using testing_io::MakeProto;
using testing_io::PatternTensor;
using testing_io::ScratchDir;
using testing_io::WriteProto;

TEST(TensorProtoTest, RoundTripsEveryNumericType) {
  ScratchDir dir;
  for (ElementType type : testing_io::SizedElementTypes()) {
    SCOPED_TRACE(std::string(ElementTypeName(type)));
    const Tensor original = PatternTensor(type, {2, 3});
    const std::string path = dir.Path(std::string(ElementTypeName(type)) + ".pb");
    WriteTensorProto(path, original, "t");
    ExpectSameTensor(ReadTensorProto(path), original);
  }
}

TEST(TensorProtoTest, RoundTripsStrings) {
  ScratchDir dir;
  const Tensor original =
      Tensor::FromStrings({"", "hello", std::string("a\0b", 3), "\xff\xfe"}, {2, 2});
  WriteTensorProto(dir.Path("s.pb"), original);
  ExpectSameTensor(ReadTensorProto(dir.Path("s.pb")), original);
}

TEST(TensorProtoTest, RoundTripsScalarsAndEmptyTensors) {
  ScratchDir dir;
  const Tensor cases[] = {
      Tensor::FromVector<float>({2.5f}, {}),
      Tensor::FromBools({true}, {}),
      Tensor::FromVector<int64_t>({}, {0}),
      Tensor::FromVector<float>({}, {2, 0, 3}),
      Tensor::FromStrings({}, {0, 4}),
      Tensor::FromStrings({"only"}, {}),
  };
  for (const Tensor& original : cases) {
    SCOPED_TRACE(original.Describe());
    WriteTensorProto(dir.Path("t.pb"), original);
    ExpectSameTensor(ReadTensorProto(dir.Path("t.pb")), original);
  }
}

TEST(TensorProtoTest, WritesRawDataAndTheName) {
  ScratchDir dir;
  WriteTensorProto(dir.Path("t.pb"), Tensor::FromVector<float>({1, 2, 3, 4, 5, 6}, {2, 3}), "image");
  onnx::TensorProto proto;
  ASSERT_TRUE(proto.ParseFromString(testing_io::ReadAll(dir.Path("t.pb"))));
  EXPECT_EQ(proto.name(), "image");
  EXPECT_EQ(proto.data_type(), onnx::TensorProto::FLOAT);
  EXPECT_EQ(std::vector<int64_t>(proto.dims().begin(), proto.dims().end()),
            (std::vector<int64_t>{2, 3}));
  EXPECT_EQ(proto.raw_data().size(), 24u);
  EXPECT_EQ(proto.float_data_size(), 0);
}

TEST(TensorProtoTest, WritesStringsAsStringData) {
  ScratchDir dir;
  WriteTensorProto(dir.Path("t.pb"), Tensor::FromStrings({"a", "bc"}, {2}));
  onnx::TensorProto proto;
  ASSERT_TRUE(proto.ParseFromString(testing_io::ReadAll(dir.Path("t.pb"))));
  EXPECT_EQ(proto.data_type(), onnx::TensorProto::STRING);
  ASSERT_EQ(proto.string_data_size(), 2);
  EXPECT_EQ(proto.string_data(1), "bc");
  EXPECT_FALSE(proto.has_raw_data());
}

TEST(TensorProtoTest, ReadsFloatAndDoubleData) {
  ScratchDir dir;
  auto f = MakeProto(onnx::TensorProto::FLOAT, {3});
  for (float v : {1.5f, -2.0f, 3.25f}) f.add_float_data(v);
  const Tensor ft = ReadTensorProto(WriteProto(dir, f));
  EXPECT_EQ(ft.Describe(), "float32[3]");
  EXPECT_EQ(ft.data_as<float>()[2], 3.25f);

  auto d = MakeProto(onnx::TensorProto::DOUBLE, {2, 1});
  d.add_double_data(0.125);
  d.add_double_data(-7.0);
  const Tensor dt = ReadTensorProto(WriteProto(dir, d));
  EXPECT_EQ(dt.Describe(), "float64[2,1]");
  EXPECT_EQ(dt.data_as<double>()[1], -7.0);
}

TEST(TensorProtoTest, ReadsComplexNumbersAsPairsOfValues) {
  ScratchDir dir;
  auto c = MakeProto(onnx::TensorProto::COMPLEX64, {2});
  for (float v : {1.0f, 2.0f, 3.0f, 4.0f}) c.add_float_data(v);
  const Tensor t = ReadTensorProto(WriteProto(dir, c));
  EXPECT_EQ(t.Describe(), "complex64[2]");
  ASSERT_EQ(t.byte_size(), 16u);
  float values[4];
  std::memcpy(values, t.data(), sizeof values);
  EXPECT_EQ(values[3], 4.0f);
}

TEST(TensorProtoTest, ReadsNarrowTypesFromInt32Data) {
  ScratchDir dir;
  auto i8 = MakeProto(onnx::TensorProto::INT8, {2});
  i8.add_int32_data(-5);
  i8.add_int32_data(127);
  const Tensor t8 = ReadTensorProto(WriteProto(dir, i8));
  EXPECT_EQ(t8.data_as<int8_t>()[0], -5);
  EXPECT_EQ(t8.data_as<int8_t>()[1], 127);

  auto u8 = MakeProto(onnx::TensorProto::UINT8, {1});
  u8.add_int32_data(200);
  EXPECT_EQ(ReadTensorProto(WriteProto(dir, u8)).data_as<uint8_t>()[0], 200);

  auto i16 = MakeProto(onnx::TensorProto::INT16, {1});
  i16.add_int32_data(-300);
  EXPECT_EQ(ReadTensorProto(WriteProto(dir, i16)).data_as<int16_t>()[0], -300);

  auto u16 = MakeProto(onnx::TensorProto::UINT16, {1});
  u16.add_int32_data(60000);
  EXPECT_EQ(ReadTensorProto(WriteProto(dir, u16)).data_as<uint16_t>()[0], 60000);

  auto i32 = MakeProto(onnx::TensorProto::INT32, {1});
  i32.add_int32_data(std::numeric_limits<int32_t>::min());
  EXPECT_EQ(ReadTensorProto(WriteProto(dir, i32)).data_as<int32_t>()[0],
            std::numeric_limits<int32_t>::min());
}

TEST(TensorProtoTest, ReadsBoolsFromInt32DataAndNormalizesThem) {
  ScratchDir dir;
  auto b = MakeProto(onnx::TensorProto::BOOL, {3});
  for (int v : {0, 1, 2}) b.add_int32_data(v);
  const Tensor t = ReadTensorProto(WriteProto(dir, b));
  const auto* bytes = static_cast<const uint8_t*>(t.data());
  EXPECT_EQ(bytes[0], 0);
  EXPECT_EQ(bytes[1], 1);
  EXPECT_EQ(bytes[2], 1);  // any non-zero is true, stored as 1
}

TEST(TensorProtoTest, NormalizesBoolBytesInRawData) {
  ScratchDir dir;
  auto b = MakeProto(onnx::TensorProto::BOOL, {2});
  b.set_raw_data(std::string("\x00\x07", 2));
  const Tensor t = ReadTensorProto(WriteProto(dir, b));
  const auto* bytes = static_cast<const uint8_t*>(t.data());
  EXPECT_EQ(bytes[0], 0);
  EXPECT_EQ(bytes[1], 1);
}

TEST(TensorProtoTest, ReadsHalfFloatsAsBitsFromInt32Data) {
  ScratchDir dir;
  auto h = MakeProto(onnx::TensorProto::FLOAT16, {2});
  h.add_int32_data(0x3c00);  // 1.0
  h.add_int32_data(0xc000);  // -2.0
  const Tensor t = ReadTensorProto(WriteProto(dir, h));
  EXPECT_EQ(t.Describe(), "float16[2]");
  uint16_t bits[2];
  std::memcpy(bits, t.data(), sizeof bits);
  EXPECT_EQ(bits[0], 0x3c00);
  EXPECT_EQ(bits[1], 0xc000);

  auto bf = MakeProto(onnx::TensorProto::BFLOAT16, {1});
  bf.add_int32_data(0x3f80);
  const Tensor bt = ReadTensorProto(WriteProto(dir, bf));
  EXPECT_EQ(bt.Describe(), "bfloat16[1]");
  std::memcpy(bits, bt.data(), 2);
  EXPECT_EQ(bits[0], 0x3f80);
}

TEST(TensorProtoTest, ReadsInt64AndUint64Data) {
  ScratchDir dir;
  auto i64 = MakeProto(onnx::TensorProto::INT64, {2});
  i64.add_int64_data(std::numeric_limits<int64_t>::min());
  i64.add_int64_data(42);
  EXPECT_EQ(ReadTensorProto(WriteProto(dir, i64)).data_as<int64_t>()[0],
            std::numeric_limits<int64_t>::min());

  auto u64 = MakeProto(onnx::TensorProto::UINT64, {1});
  u64.add_uint64_data(std::numeric_limits<uint64_t>::max());
  EXPECT_EQ(ReadTensorProto(WriteProto(dir, u64)).data_as<uint64_t>()[0],
            std::numeric_limits<uint64_t>::max());

  auto u32 = MakeProto(onnx::TensorProto::UINT32, {1});
  u32.add_uint64_data(4000000000u);
  EXPECT_EQ(ReadTensorProto(WriteProto(dir, u32)).data_as<uint32_t>()[0], 4000000000u);
}

TEST(TensorProtoTest, ReadsStringData) {
  ScratchDir dir;
  auto s = MakeProto(onnx::TensorProto::STRING, {1, 2});
  s.add_string_data("one");
  s.add_string_data("two");
  const Tensor t = ReadTensorProto(WriteProto(dir, s));
  EXPECT_EQ(t.Describe(), "string[1,2]");
  EXPECT_EQ(t.strings(), (std::vector<std::string>{"one", "two"}));
}

TEST(TensorProtoTest, ParsesBytesAndNamesTheLabelInErrors) {
  auto p = MakeProto(onnx::TensorProto::INT32, {2});
  p.add_int32_data(7);
  p.add_int32_data(8);
  EXPECT_EQ(ParseTensorProto(p.SerializeAsString(), "inputs[0]").data_as<int32_t>()[1], 8);
  EXPECT_EQ(IoErrorOf([] { ParseTensorProto("", "inputs[0]"); }),
            "'inputs[0]': is empty (expected a TensorProto)");
}

}  // namespace
}  // namespace ortkit
