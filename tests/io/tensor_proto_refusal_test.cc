// Tests of TensorProto files: every refusal, with its exact message.
#include <gtest/gtest.h>
#include <onnx/onnx_pb.h>

#include <cstdint>
#include <string>

#include "io/io_test_util.h"
#include "io/proto_test_util.h"
#include "ortkit/tensor_io.h"

namespace ortkit {
namespace {

using testing_io::IoErrorOf;
using testing_io::MakeProto;
using testing_io::ScratchDir;
using testing_io::WriteProto;

TEST(TensorProtoTest, RefusesRawDataOfTheWrongSize) {
  ScratchDir dir;
  auto p = MakeProto(onnx::TensorProto::FLOAT, {1, 3, 224, 224}, "image");
  p.set_raw_data(std::string(100, '\0'));
  const std::string path = WriteProto(dir, p);
  EXPECT_EQ(IoErrorOf([&] { ReadTensorProto(path); }),
            "'" + path + "': tensor 'image' declares float32[1,3,224,224] (150528 elements) "
            "but raw_data holds 100 bytes (25 elements)");
}

TEST(TensorProtoTest, RefusesRawDataThatIsNotAWholeNumberOfElements) {
  ScratchDir dir;
  auto p = MakeProto(onnx::TensorProto::INT64, {1});
  p.set_raw_data(std::string(7, '\0'));
  const std::string path = WriteProto(dir, p);
  EXPECT_EQ(IoErrorOf([&] { ReadTensorProto(path); }),
            "'" + path + "': tensor 'x' declares int64[1] (1 elements) but raw_data holds 7 bytes "
            "(not a whole number of 8-byte elements)");
}

TEST(TensorProtoTest, RefusesHugeDimsInATinyFileWithoutAllocating) {
  ScratchDir dir;
  auto p = MakeProto(onnx::TensorProto::FLOAT, {1000000000, 1000000000}, "");
  p.set_raw_data(std::string(8, '\0'));
  const std::string path = WriteProto(dir, p);
  ASSERT_LT(testing_io::ReadAll(path).size(), 50u);
  EXPECT_EQ(IoErrorOf([&] { ReadTensorProto(path); }),
            "'" + path + "': tensor declares float32[1000000000,1000000000] "
            "(1000000000000000000 elements) but raw_data holds 8 bytes (2 elements)");
}

TEST(TensorProtoTest, RefusesHugeDimsWithTypedData) {
  ScratchDir dir;
  auto p = MakeProto(onnx::TensorProto::INT32, {1000000000, 1000000000});
  p.add_int32_data(1);
  const std::string path = WriteProto(dir, p);
  EXPECT_EQ(IoErrorOf([&] { ReadTensorProto(path); }),
            "'" + path + "': tensor 'x' declares int32[1000000000,1000000000] "
            "(1000000000000000000 elements) but int32_data holds 1 values");
}

TEST(TensorProtoTest, RefusesDimsWhoseProductOverflows) {
  ScratchDir dir;
  auto p = MakeProto(onnx::TensorProto::FLOAT, {int64_t{1} << 40, int64_t{1} << 40});
  p.set_raw_data(std::string(4, '\0'));
  const std::string path = WriteProto(dir, p);
  EXPECT_EQ(IoErrorOf([&] { ReadTensorProto(path); }),
            "'" + path + "': tensor 'x' has dims [1099511627776,1099511627776] whose element "
            "count overflows int64");
}

TEST(TensorProtoTest, RefusesNegativeDims) {
  ScratchDir dir;
  auto p = MakeProto(onnx::TensorProto::FLOAT, {2, -3});
  p.set_raw_data(std::string(24, '\0'));
  const std::string path = WriteProto(dir, p);
  EXPECT_EQ(IoErrorOf([&] { ReadTensorProto(path); }),
            "'" + path + "': tensor 'x' has negative dimension -3 in [2,-3]");
}

TEST(TensorProtoTest, RefusesExternalData) {
  ScratchDir dir;
  auto located = MakeProto(onnx::TensorProto::FLOAT, {2}, "w");
  located.set_data_location(onnx::TensorProto::EXTERNAL);
  const std::string path = WriteProto(dir, located);
  EXPECT_EQ(IoErrorOf([&] { ReadTensorProto(path); }),
            "'" + path + "': tensor 'w' uses external data; external data is not supported here");

  auto entries = MakeProto(onnx::TensorProto::FLOAT, {2}, "w");
  auto* entry = entries.add_external_data();
  entry->set_key("location");
  entry->set_value("weights.bin");
  const std::string path2 = WriteProto(dir, entries);
  EXPECT_EQ(IoErrorOf([&] { ReadTensorProto(path2); }),
            "'" + path2 + "': tensor 'w' uses external data; external data is not supported here");
}

TEST(TensorProtoTest, RefusesSegments) {
  ScratchDir dir;
  auto p = MakeProto(onnx::TensorProto::FLOAT, {2});
  p.mutable_segment()->set_begin(0);
  p.mutable_segment()->set_end(1);
  const std::string path = WriteProto(dir, p);
  EXPECT_EQ(IoErrorOf([&] { ReadTensorProto(path); }),
            "'" + path + "': tensor 'x' is segmented; segmented tensors are not supported");
}

TEST(TensorProtoTest, RefusesDataInTheWrongTypedField) {
  ScratchDir dir;
  auto p = MakeProto(onnx::TensorProto::INT64, {1});
  p.add_float_data(1.0f);
  const std::string path = WriteProto(dir, p);
  EXPECT_EQ(IoErrorOf([&] { ReadTensorProto(path); }),
            "'" + path + "': tensor 'x' is int64 but holds its data in float_data "
            "(expected int64_data or raw_data)");

  auto s = MakeProto(onnx::TensorProto::STRING, {1});
  s.add_int32_data(1);
  const std::string path2 = WriteProto(dir, s);
  EXPECT_EQ(IoErrorOf([&] { ReadTensorProto(path2); }),
            "'" + path2 + "': tensor 'x' is string but holds its data in int32_data "
            "(expected string_data)");
}

TEST(TensorProtoTest, RefusesDataInTwoFields) {
  ScratchDir dir;
  auto p = MakeProto(onnx::TensorProto::FLOAT, {1});
  p.set_raw_data(std::string(4, '\0'));
  p.add_float_data(1.0f);
  const std::string path = WriteProto(dir, p);
  EXPECT_EQ(IoErrorOf([&] { ReadTensorProto(path); }),
            "'" + path + "': tensor 'x' holds data in both raw_data and float_data");
}

TEST(TensorProtoTest, RefusesMissingData) {
  ScratchDir dir;
  const std::string path = WriteProto(dir, MakeProto(onnx::TensorProto::FLOAT, {2, 2}));
  EXPECT_EQ(IoErrorOf([&] { ReadTensorProto(path); }),
            "'" + path + "': tensor 'x' declares float32[2,2] (4 elements) but holds no data");
}

TEST(TensorProtoTest, RefusesTypedDataOfTheWrongLength) {
  ScratchDir dir;
  auto p = MakeProto(onnx::TensorProto::DOUBLE, {3});
  p.add_double_data(1.0);
  p.add_double_data(2.0);
  const std::string path = WriteProto(dir, p);
  EXPECT_EQ(IoErrorOf([&] { ReadTensorProto(path); }),
            "'" + path + "': tensor 'x' declares float64[3] (3 elements) but double_data holds 2 "
            "values");

  auto c = MakeProto(onnx::TensorProto::COMPLEX128, {1});
  for (double v : {1.0, 2.0, 3.0}) c.add_double_data(v);
  const std::string path2 = WriteProto(dir, c);
  EXPECT_EQ(IoErrorOf([&] { ReadTensorProto(path2); }),
            "'" + path2 + "': tensor 'x' declares complex128[1] (1 elements) but double_data "
            "holds 3 values (2 per element)");

  auto s = MakeProto(onnx::TensorProto::STRING, {2});
  s.add_string_data("a");
  const std::string path3 = WriteProto(dir, s);
  EXPECT_EQ(IoErrorOf([&] { ReadTensorProto(path3); }),
            "'" + path3 + "': tensor 'x' declares string[2] (2 elements) but string_data holds 1 "
            "values");
}

TEST(TensorProtoTest, RefusesStringsInRawData) {
  ScratchDir dir;
  auto p = MakeProto(onnx::TensorProto::STRING, {1});
  p.set_raw_data("abc");
  const std::string path = WriteProto(dir, p);
  EXPECT_EQ(IoErrorOf([&] { ReadTensorProto(path); }),
            "'" + path + "': tensor 'x' is string but uses raw_data (strings go in string_data)");
}

TEST(TensorProtoTest, RefusesUndefinedAndUnknownDataTypes) {
  ScratchDir dir;
  auto undefined = MakeProto(onnx::TensorProto::UNDEFINED, {1});
  undefined.set_raw_data("abcd");
  const std::string path = WriteProto(dir, undefined);
  EXPECT_EQ(IoErrorOf([&] { ReadTensorProto(path); }),
            "'" + path + "': tensor 'x' has data_type 0 (UNDEFINED)");

  auto unknown = MakeProto(onnx::TensorProto::FLOAT, {1});
  unknown.set_data_type(99);
  const std::string path2 = WriteProto(dir, unknown);
  EXPECT_EQ(IoErrorOf([&] { ReadTensorProto(path2); }),
            "'" + path2 + "': tensor 'x' has unsupported data_type 99");
}

TEST(TensorProtoTest, RefusesBytesThatAreNotAProtobuf) {
  ScratchDir dir;
  const std::string path = dir.Write("t.pb", "this is not a protobuf");
  EXPECT_EQ(IoErrorOf([&] { ReadTensorProto(path); }),
            "'" + path + "': not a TensorProto (protobuf parsing failed: malformed, "
            "truncated or nested too deeply)");
}

TEST(TensorProtoTest, RefusesATruncatedFile) {
  ScratchDir dir;
  auto p = MakeProto(onnx::TensorProto::FLOAT, {4});
  p.set_raw_data(std::string(16, '\x01'));
  const std::string bytes = p.SerializeAsString();
  const std::string path = dir.Write("t.pb", bytes.substr(0, bytes.size() - 5));
  EXPECT_EQ(IoErrorOf([&] { ReadTensorProto(path); }),
            "'" + path + "': not a TensorProto (protobuf parsing failed: malformed, "
            "truncated or nested too deeply)");
}

TEST(TensorProtoTest, RefusesAnEmptyFile) {
  ScratchDir dir;
  const std::string path = dir.Write("t.pb", "");
  EXPECT_EQ(IoErrorOf([&] { ReadTensorProto(path); }),
            "'" + path + "': is empty (expected a TensorProto)");
}

TEST(TensorProtoTest, ReportsAMissingFile) {
  ScratchDir dir;
  const std::string path = dir.Path("missing.pb");
  EXPECT_EQ(IoErrorOf([&] { ReadTensorProto(path); }),
            "cannot read '" + path + "': No such file or directory");
}

TEST(TensorProtoTest, ReportsADirectory) {
  ScratchDir dir;
  const std::string path = dir.Path("");
  EXPECT_EQ(IoErrorOf([&] { ReadTensorProto(path); }), "cannot read '" + path + "': Is a directory");
}

TEST(TensorProtoTest, WriteRefusesATensorWhoseBufferDisagreesWithItsShape) {
  ScratchDir dir;
  const std::string path = dir.Path("t.pb");
  EXPECT_EQ(IoErrorOf([&] {
              WriteTensorProto(path, Tensor::FromVector<float>({1, 2, 3}, {2, 2}));
            }),
            "cannot write '" + path + "': tensor float32[2,2] needs 16 bytes but its buffer "
            "holds 12");
  EXPECT_EQ(IoErrorOf([&] { WriteTensorProto(path, Tensor::FromStrings({"a"}, {2})); }),
            "cannot write '" + path + "': tensor string[2] holds 1 strings, not 2");
  EXPECT_EQ(IoErrorOf([&] { WriteTensorProto(path, Tensor::FromVector<float>({}, {-1})); }),
            "cannot write '" + path + "': tensor float32[-1] has a negative or overflowing shape");
}

TEST(TensorProtoTest, WriteReportsAnUnwritablePath) {
  ScratchDir dir;
  const std::string path = dir.Path("no/such/dir/t.pb");
  EXPECT_EQ(IoErrorOf([&] { WriteTensorProto(path, Tensor::FromVector<float>({1}, {1})); }),
            "while writing '" + path + "': directory '" + dir.Path("no/such/dir") + "' does not exist");
}

}  // namespace
}  // namespace ortkit
