// WireReader: fields as read, and the exact error for each kind of malformed input.
#include "graph/wire_reader.h"

#include <functional>
#include <random>
#include <vector>

#include <gtest/gtest.h>

#include "ortkit/error.h"
#include "summary_test_models.h"

namespace ortkit::graph {
namespace {

std::string Varint(uint64_t v) { return ortkit::testing::WireVarint(v); }
std::string Key(uint32_t number, WireType type) { return ortkit::testing::WireKey(number, static_cast<int>(type)); }
std::string Len(uint32_t number, const std::string& payload) { return ortkit::testing::WireLen(number, payload); }

// The fields view into `bytes`, which must outlive them.
std::vector<WireField> ReadAll(const std::string& bytes) {
  WireReader reader(bytes, "m.onnx", "ModelProto");
  std::vector<WireField> fields;
  WireField f;
  while (reader.Next(&f)) fields.push_back(f);
  return fields;
}

// The message ReadAll throws, or "" when it reads through.
std::string ErrorOf(const std::function<void()>& fn) {
  try {
    fn();
  } catch (const Error& e) {
    EXPECT_EQ(e.category(), ErrorCategory::kLoad);
    return e.what();
  }
  return "";
}
std::string ReadError(const std::string& bytes) { return ErrorOf([&] { ReadAll(bytes); }); }

const std::string kPrefix = "while reading 'm.onnx': malformed protobuf at byte ";

TEST(WireReaderTest, ReadsEachWireTypeWithItsValue) {
  const std::string bytes = Key(1, WireType::kVarint) + Varint(300) + Len(2, "abc") +
                            Key(3, WireType::kFixed32) + std::string("\x01\x02\x03\x04", 4) +
                            Key(4, WireType::kFixed64) + std::string("\x01\0\0\0\0\0\0\x80", 8);
  const std::vector<WireField> fields = ReadAll(bytes);
  ASSERT_EQ(fields.size(), 4u);
  EXPECT_TRUE(fields[0].is(1, WireType::kVarint));
  EXPECT_EQ(fields[0].value, 300u);
  EXPECT_TRUE(fields[1].is(2, WireType::kLengthDelimited));
  EXPECT_EQ(fields[1].bytes, "abc");
  EXPECT_EQ(fields[1].payload_offset, 5u);  // after key 0x08, 300 (2 bytes), key 0x12, length 3
  EXPECT_EQ(fields[1].raw, Len(2, "abc"));
  EXPECT_EQ(fields[2].value, 0x04030201u);
  EXPECT_EQ(fields[3].value, 0x8000000000000001u);
}

TEST(WireReaderTest, NegativeInt64AndTruncatedInt32ReadAsProtobufReadsThem) {
  const std::vector<WireField> fields = ReadAll(Key(1, WireType::kVarint) + Varint(static_cast<uint64_t>(int64_t{-2})) +
                                                Key(2, WireType::kVarint) + Varint(0x1'0000'0005ull));
  EXPECT_EQ(fields[0].as_int64(), -2);
  EXPECT_EQ(fields[1].as_int32(), 5);
}

TEST(WireReaderTest, EmptyInputHasNoFields) { EXPECT_TRUE(ReadAll("").empty()); }

TEST(WireReaderTest, GroupsAreSkippedWholeAsOneField) {
  const std::string group = Key(1, WireType::kStartGroup) + Key(5, WireType::kVarint) + Varint(1) +
                            Key(6, WireType::kStartGroup) + Key(6, WireType::kEndGroup) + Key(1, WireType::kEndGroup);
  const std::string bytes = group + Key(2, WireType::kVarint) + Varint(7);  // fields view into it
  const std::vector<WireField> fields = ReadAll(bytes);
  ASSERT_EQ(fields.size(), 2u);
  EXPECT_EQ(fields[0].type, WireType::kStartGroup);
  EXPECT_EQ(fields[0].raw, group);
  EXPECT_EQ(fields[1].value, 7u);
}

TEST(WireReaderTest, NestedReadersReportOffsetsFromTheStartOfTheFile) {
  const std::string inner = Key(1, WireType::kVarint) + Varint(1) + Len(2, "xyz");
  const std::string bytes = Len(7, inner) + Len(7, Key(3, WireType::kLengthDelimited) + Varint(9));
  WireReader reader(bytes, "m.onnx", "ModelProto");
  WireField outer;
  ASSERT_TRUE(reader.Next(&outer));
  WireReader sub = reader.Open(outer, "GraphProto");
  WireField f;
  ASSERT_TRUE(sub.Next(&f));
  ASSERT_TRUE(sub.Next(&f));
  EXPECT_EQ(f.payload_offset, 6u);  // 2 (outer key, length) + 2 (varint field) + 2 (key, length)
  EXPECT_EQ(bytes.substr(f.payload_offset, 3), "xyz");
  EXPECT_FALSE(sub.Next(&f));
  ASSERT_TRUE(reader.Next(&outer));
  WireReader bad = reader.Open(outer, "GraphProto");
  EXPECT_EQ(ErrorOf([&] { bad.Next(&f); }),
            "while reading 'm.onnx': malformed protobuf at byte 11 (in GraphProto): field 3 has length 9 but only 0 "
            "bytes are left");
}

TEST(WireReaderTest, PackedVarintsAreDecodedAndCounted) {
  const std::string payload = Varint(1) + Varint(300) + Varint(static_cast<uint64_t>(int64_t{-1}));
  const std::string bytes = Len(1, payload);
  WireReader reader(bytes, "m.onnx", "TensorProto");
  WireField f;
  ASSERT_TRUE(reader.Next(&f));
  std::vector<int64_t> values;
  reader.ForEachPackedVarint(f, [&](uint64_t v) { values.push_back(static_cast<int64_t>(v)); });
  EXPECT_EQ(values, (std::vector<int64_t>{1, 300, -1}));
  EXPECT_EQ(reader.CountPackedVarints(f), 3u);
}

TEST(WireReaderTest, MalformedPackedVarintsNameTheirOffset) {
  const std::string truncated = Len(1, Varint(5) + "\x80");
  WireReader reader(truncated, "m.onnx", "TensorProto");
  WireField f;
  ASSERT_TRUE(reader.Next(&f));
  EXPECT_EQ(ErrorOf([&] { reader.CountPackedVarints(f); }),
            kPrefix + "3 (in TensorProto): truncated packed varint");
  EXPECT_EQ(ErrorOf([&] { reader.ForEachPackedVarint(f, [](uint64_t) {}); }),
            kPrefix + "3 (in TensorProto): truncated packed varint");

  const std::string too_long = Len(1, std::string(10, '\x80') + "\x01");
  WireReader long_reader(too_long, "m.onnx", "TensorProto");
  ASSERT_TRUE(long_reader.Next(&f));
  EXPECT_EQ(ErrorOf([&] { long_reader.CountPackedVarints(f); }),
            kPrefix + "2 (in TensorProto): packed varint longer than 10 bytes");
  EXPECT_EQ(ErrorOf([&] { long_reader.ForEachPackedVarint(f, [](uint64_t) {}); }),
            kPrefix + "2 (in TensorProto): packed varint longer than 10 bytes");
}

TEST(WireReaderTest, TruncatedVarint) {
  EXPECT_EQ(ReadError(Key(1, WireType::kVarint) + "\x80"), kPrefix + "1 (in ModelProto): truncated varint");
}

TEST(WireReaderTest, TruncatedKey) { EXPECT_EQ(ReadError("\x88"), kPrefix + "0 (in ModelProto): truncated field key"); }

TEST(WireReaderTest, VarintLongerThanTenBytes) {
  EXPECT_EQ(ReadError(Key(1, WireType::kVarint) + std::string(10, '\xff') + "\x01"),
            kPrefix + "1 (in ModelProto): varint longer than 10 bytes");
}

TEST(WireReaderTest, TenByteVarintIsAccepted) {
  const std::vector<WireField> fields = ReadAll(Key(1, WireType::kVarint) + std::string(9, '\xff') + "\x01");
  EXPECT_EQ(fields[0].value, ~uint64_t{0});
}

TEST(WireReaderTest, KeyOverThirtyTwoBits) {
  EXPECT_EQ(ReadError(Varint(uint64_t{1} << 35)), kPrefix + "0 (in ModelProto): field key 34359738368 is over 32 bits");
}

TEST(WireReaderTest, FieldNumberZero) {
  EXPECT_EQ(ReadError(std::string("\x00\x01", 2)), kPrefix + "0 (in ModelProto): field number 0 is not allowed");
}

TEST(WireReaderTest, WireTypesSixAndSevenDoNotExist) {
  EXPECT_EQ(ReadError(Varint((1 << 3) | 6)), kPrefix + "0 (in ModelProto): field 1 has wire type 6, which does not exist");
  EXPECT_EQ(ReadError(Varint((2 << 3) | 7)), kPrefix + "0 (in ModelProto): field 2 has wire type 7, which does not exist");
}

TEST(WireReaderTest, LengthPastTheEnd) {
  EXPECT_EQ(ReadError(Key(2, WireType::kLengthDelimited) + Varint(5) + "ab"),
            kPrefix + "0 (in ModelProto): field 2 has length 5 but only 2 bytes are left");
  // A length near 2^64 must not wrap around any bounds arithmetic.
  EXPECT_EQ(ReadError(Key(2, WireType::kLengthDelimited) + Varint(~uint64_t{0}) + "ab"),
            kPrefix + "0 (in ModelProto): field 2 has length 18446744073709551615 but only 2 bytes are left");
}

TEST(WireReaderTest, TruncatedLength) {
  EXPECT_EQ(ReadError(Key(2, WireType::kLengthDelimited) + "\x80"), kPrefix + "1 (in ModelProto): truncated length");
}

TEST(WireReaderTest, TruncatedFixedFields) {
  EXPECT_EQ(ReadError(Key(1, WireType::kFixed64) + "\x01\x02"),
            kPrefix + "0 (in ModelProto): field 1 (fixed64) needs 8 bytes, 2 left");
  EXPECT_EQ(ReadError(Key(3, WireType::kFixed32) + "\x01"),
            kPrefix + "0 (in ModelProto): field 3 (fixed32) needs 4 bytes, 1 left");
}

TEST(WireReaderTest, EndGroupWithoutStart) {
  EXPECT_EQ(ReadError(Key(4, WireType::kEndGroup)),
            kPrefix + "0 (in ModelProto): end-group key (field 4) without a start-group key");
}

TEST(WireReaderTest, GroupWithoutEnd) {
  EXPECT_EQ(ReadError(Key(1, WireType::kStartGroup) + Key(2, WireType::kVarint) + Varint(1)),
            kPrefix + "1 (in ModelProto): group (field 1) has no end-group key");
}

TEST(WireReaderTest, GroupClosedByAnotherFieldsEndGroup) {
  EXPECT_EQ(ReadError(Key(1, WireType::kStartGroup) + Key(2, WireType::kEndGroup)),
            kPrefix + "1 (in ModelProto): end-group key of field 2 inside the group of field 1");
}

TEST(WireReaderTest, GroupsNestedTooDeep) {
  std::string bytes;
  for (int i = 0; i < WireReader::kMaxDepth + 1; ++i) bytes += Key(1, WireType::kStartGroup);
  EXPECT_EQ(ReadError(bytes), kPrefix + "101 (in ModelProto): nested deeper than 100 levels");
}

// Opens every length-delimited field as a message, as deep as it goes.
void OpenAll(WireReader reader) {
  WireField f;
  while (reader.Next(&f)) {
    if (f.type == WireType::kLengthDelimited) OpenAll(reader.Open(f, "M"));
  }
}

TEST(WireReaderTest, MessagesNestedTooDeep) {
  std::string bytes;
  for (int i = 0; i <= WireReader::kMaxDepth; ++i) bytes = Len(1, bytes);
  // The innermost (empty) payload starts where the bytes end.
  EXPECT_EQ(ErrorOf([&] { OpenAll(WireReader(bytes, "m.onnx", "ModelProto")); }),
            kPrefix + std::to_string(bytes.size()) + " (in M): messages nested deeper than 100 levels");
  std::string ok;
  for (int i = 0; i < WireReader::kMaxDepth; ++i) ok = Len(1, ok);
  EXPECT_EQ(ErrorOf([&] { OpenAll(WireReader(ok, "m.onnx", "ModelProto")); }), "");
}

// Whatever the bytes, reading either succeeds or throws ortkit::Error: never a crash, a hang or an
// out-of-bounds read (run under ASan to see the last).
TEST(WireReaderTest, RandomBytesReadOrFailCleanly) {
  std::mt19937 rng(42);
  int failures = 0;
  for (int i = 0; i < 3000; ++i) {
    std::string bytes(rng() % 64, '\0');
    for (char& c : bytes) c = static_cast<char>(rng());
    if (!ErrorOf([&] { OpenAll(WireReader(bytes, "m.onnx", "ModelProto")); }).empty()) ++failures;
  }
  EXPECT_GT(failures, 0);
}

}  // namespace
}  // namespace ortkit::graph
