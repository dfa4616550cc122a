// Tests of .npy files: round trips, NumPy's exact header bytes, header variants, and refusals.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>

#include "io/io_test_util.h"
#include "ortkit/tensor_io.h"

namespace ortkit {
namespace {

using testing_io::ExpectSameTensor;
using testing_io::IoErrorOf;
using testing_io::PatternTensor;
using testing_io::ScratchDir;

// A .npy file with `header` (padded with spaces to `pad_to` total preamble+header bytes when
// given) followed by `data`.
std::string Npy(const std::string& header, const std::string& data, int major = 1) {
  std::string out("\x93NUMPY", 6);
  out += static_cast<char>(major);
  out += '\0';
  const std::string text = header + "\n";
  const std::size_t n = text.size();
  out += static_cast<char>(n & 0xff);
  out += static_cast<char>((n >> 8) & 0xff);
  if (major >= 2) out += std::string(2, '\0');
  return out + text + data;
}

std::string Floats(std::initializer_list<float> values) {
  std::string out;
  for (float v : values) out.append(reinterpret_cast<const char*>(&v), sizeof v);
  return out;
}

TEST(NpyTest, RoundTripsEveryDtype) {
  ScratchDir dir;
  const ElementType types[] = {
      ElementType::kBool,    ElementType::kInt8,    ElementType::kUInt8,   ElementType::kInt16,
      ElementType::kUInt16,  ElementType::kInt32,   ElementType::kUInt32,  ElementType::kInt64,
      ElementType::kUInt64,  ElementType::kFloat16, ElementType::kFloat32, ElementType::kFloat64,
      ElementType::kComplex64, ElementType::kComplex128};
  for (ElementType type : types) {
    SCOPED_TRACE(std::string(ElementTypeName(type)));
    const Tensor original = PatternTensor(type, {2, 3});
    const std::string path = dir.Path(std::string(ElementTypeName(type)) + ".npy");
    WriteNpy(path, original);
    ExpectSameTensor(ReadNpy(path), original);
  }
}

TEST(NpyTest, RoundTripsScalarsAndEmptyArrays) {
  ScratchDir dir;
  const Tensor cases[] = {
      Tensor::FromVector<double>({3.5}, {}),
      Tensor::FromVector<int32_t>({}, {0}),
      Tensor::FromVector<float>({}, {4, 0, 1000000000}),
      Tensor::FromVector<int64_t>({1, 2, 3}, {3}),
  };
  for (const Tensor& original : cases) {
    SCOPED_TRACE(original.Describe());
    WriteNpy(dir.Path("t.npy"), original);
    ExpectSameTensor(ReadNpy(dir.Path("t.npy")), original);
  }
}

TEST(NpyTest, WritesExactlyWhatNumPyWrites) {
  ScratchDir dir;
  WriteNpy(dir.Path("t.npy"), Tensor::FromVector<float>({1, 2, 3, 4, 5, 6}, {2, 3}));
  // np.save of np.arange(1, 7, dtype='<f4').reshape(2, 3) with NumPy >= 1.23: 118 header bytes
  // (0x76), so the data starts at 128; 20 spaces leave room for axis 0 to grow to 21 digits.
  const std::string expected =
      std::string("\x93NUMPY\x01\x00\x76\x00", 10) +
      "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }" + std::string(20, ' ') +
      std::string(38, ' ') + "\n" + Floats({1, 2, 3, 4, 5, 6});
  EXPECT_EQ(testing_io::ReadAll(dir.Path("t.npy")), expected);
}

TEST(NpyTest, WritesScalarAndOneDimensionalShapesAsPythonTuples) {
  ScratchDir dir;
  WriteNpy(dir.Path("s.npy"), Tensor::FromBools({true}, {}));
  std::string bytes = testing_io::ReadAll(dir.Path("s.npy"));
  EXPECT_EQ(bytes.size(), 129u);  // 128-byte header (no room for growth: no axis) + one bool
  EXPECT_EQ(bytes.substr(10, 56), "{'descr': '|b1', 'fortran_order': False, 'shape': (), } ");

  WriteNpy(dir.Path("v.npy"), Tensor::FromVector<uint16_t>({1, 2, 3}, {3}));
  bytes = testing_io::ReadAll(dir.Path("v.npy"));
  EXPECT_EQ(bytes.size(), 128u + 6u);
  EXPECT_EQ(bytes.substr(10, 58), "{'descr': '<u2', 'fortran_order': False, 'shape': (3,), } ");
  EXPECT_EQ(bytes[127], '\n');
}

TEST(NpyTest, AlignsTheDataTo64BytesForLongShapes) {
  ScratchDir dir;
  const Shape shape(40, 1);
  WriteNpy(dir.Path("t.npy"), Tensor::FromVector<int8_t>({7}, shape));
  const std::string bytes = testing_io::ReadAll(dir.Path("t.npy"));
  EXPECT_EQ((bytes.size() - 1) % 64, 0u);
  EXPECT_EQ(bytes[bytes.size() - 2], '\n');
  EXPECT_EQ(ReadNpy(dir.Path("t.npy")).shape(), shape);
}

TEST(NpyTest, ReadsFormatVersions2And3) {
  ScratchDir dir;
  for (int major : {2, 3}) {
    SCOPED_TRACE(major);
    const std::string path = dir.Write(
        "t.npy", Npy("{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }",
                     Floats({1.5f, -2.5f}), major));
    const Tensor t = ReadNpy(path);
    EXPECT_EQ(t.Describe(), "float32[2]");
    EXPECT_EQ(t.data_as<float>()[1], -2.5f);
  }
}

TEST(NpyTest, ReadsHeadersWrittenInOtherStyles) {
  ScratchDir dir;
  const std::string headers[] = {
      "{'shape': (2,), 'fortran_order': False, 'descr': '<f4'}",
      "{\"descr\":\"<f4\",\"fortran_order\":False,\"shape\":(2,)}",
      "  {  'descr' :  '<f4' ,\t'fortran_order' : False , 'shape' : ( 2 , ) , }   ",
      "{'descr': '<f4', 'fortran_order': False, 'shape': (2L,), }",
      "{'descr': '=f4', 'fortran_order': False, 'shape': (2), }",
      "{'descr': 'f4', 'fortran_order': False, 'shape': (1, 2), }",
  };
  for (const std::string& header : headers) {
    SCOPED_TRACE(header);
    const Tensor t = ReadNpy(dir.Write("t.npy", Npy(header, Floats({1, 2}))));
    EXPECT_EQ(t.type(), ElementType::kFloat32);
    EXPECT_EQ(t.data_as<float>()[1], 2.0f);
  }
}

TEST(NpyTest, ReadsOneByteTypesWhateverTheByteOrderCharacter) {
  ScratchDir dir;
  const std::string path =
      dir.Write("t.npy", Npy("{'descr': '>i1', 'fortran_order': False, 'shape': (1,), }", "\xfe"));
  EXPECT_EQ(ReadNpy(path).data_as<int8_t>()[0], -2);
}

TEST(NpyTest, NormalizesBoolBytes) {
  ScratchDir dir;
  const std::string path = dir.Write(
      "t.npy", Npy("{'descr': '|b1', 'fortran_order': False, 'shape': (2,), }",
                   std::string("\x05\x00", 2)));
  const Tensor t = ReadNpy(path);
  const auto* bytes = static_cast<const uint8_t*>(t.data());
  EXPECT_EQ(bytes[0], 1);
  EXPECT_EQ(bytes[1], 0);
}

// ---- refusals ----

TEST(NpyTest, RefusesBadMagic) {
  ScratchDir dir;
  const std::string path = dir.Write("x.npy", "PK\x03\x04 this is a zip");
  EXPECT_EQ(IoErrorOf([&] { ReadNpy(path); }), "'" + path + "': not a .npy file (bad magic)");
  const std::string tiny = dir.Write("tiny.npy", "\x93NU");
  EXPECT_EQ(IoErrorOf([&] { ReadNpy(tiny); }), "'" + tiny + "': not a .npy file (bad magic)");
  const std::string empty = dir.Write("empty.npy", "");
  EXPECT_EQ(IoErrorOf([&] { ReadNpy(empty); }), "'" + empty + "': not a .npy file (bad magic)");
}

TEST(NpyTest, RefusesATruncatedPreamble) {
  ScratchDir dir;
  const std::string path = dir.Write("x.npy", std::string("\x93NUMPY\x01", 7));
  EXPECT_EQ(IoErrorOf([&] { ReadNpy(path); }),
            "'" + path + "': truncated: the file ends inside the .npy preamble");
  const std::string path2 = dir.Write("y.npy", std::string("\x93NUMPY\x02\x00\x10\x00", 10));
  EXPECT_EQ(IoErrorOf([&] { ReadNpy(path2); }),
            "'" + path2 + "': truncated: the file ends inside the .npy preamble");
}

TEST(NpyTest, RefusesATruncatedHeader) {
  ScratchDir dir;
  const std::string full = Npy("{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }", "");
  const std::string path = dir.Write("x.npy", full.substr(0, 30));
  EXPECT_EQ(IoErrorOf([&] { ReadNpy(path); }),
            "'" + path + "': truncated: the header declares 58 bytes but only 20 follow");
}

TEST(NpyTest, RefusesUnsupportedVersions) {
  ScratchDir dir;
  const std::string path = dir.Write("x.npy", std::string("\x93NUMPY\x04\x00\x00\x00", 10));
  EXPECT_EQ(IoErrorOf([&] { ReadNpy(path); }),
            "'" + path + "': unsupported .npy format version 4.0 (1.0, 2.0 and 3.0 are supported)");
}

TEST(NpyTest, RefusesBadHeaders) {
  ScratchDir dir;
  struct Case {
    std::string header;
    std::string why;
  };
  const Case cases[] = {
      {"['descr', '<f4']", "expected '{' at offset 0"},
      {"{'descr': '<f4', 'fortran_order': False}", "missing key 'shape' at offset 41"},
      {"{'descr': '<f4', 'fortran_order': False, 'shape': (2,), 'extra': 1}",
       "unexpected key 'extra' at offset 65"},
      {"{'descr': '<f4', 'descr': '<f4'}", "duplicate key 'descr' at offset 26"},
      {"{'descr' '<f4'}", "expected ':' after 'descr' at offset 9"},
      {"{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (2,)}",
       "structured dtypes are not supported at offset 10"},
      {"{'descr': '<f4", "unterminated string at offset 10"},
      {"{'descr': '<f4', 'fortran_order': false, 'shape': (2,)}",
       "expected True or False for 'fortran_order' at offset 34"},
      {"{'descr': '<f4', 'fortran_order': False, 'shape': [2]}",
       "expected a tuple for 'shape' at offset 50"},
      {"{'descr': '<f4', 'fortran_order': False, 'shape': (2 3)}",
       "expected ',' or ')' in 'shape' at offset 53"},
      {"{'descr': '<f4', 'fortran_order': False, 'shape': (2.5,)}",
       "expected ',' or ')' in 'shape' at offset 52"},
      {"{'descr': '<f4', 'fortran_order': False, 'shape': (2,)} junk",
       "unexpected text after '}' at offset 56"},
      {"{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999999999999,)}",
       "dimension too large at offset 69"},
      {"{'descr': '<f4' 'fortran_order': False}", "expected ',' or '}' at offset 16"},
      {"{", "expected a quoted key at offset 2"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.header);
    const std::string path = dir.Write("x.npy", Npy(c.header, ""));
    // The header text is quoted with its newline shown as '?'.
    EXPECT_EQ(IoErrorOf([&] { ReadNpy(path); }),
              "'" + path + "': bad .npy header (" + c.why + "): " + c.header + "?");
  }
}

TEST(NpyTest, QuotesLongOrBinaryHeadersSafely) {
  ScratchDir dir;
  const std::string header = "{'\x01" + std::string(200, 'k') + "': 1}";
  const std::string path = dir.Write("x.npy", Npy(header, ""));
  EXPECT_EQ(IoErrorOf([&] { ReadNpy(path); }),
            "'" + path + "': bad .npy header (unexpected key '?" + std::string(79, 'k') +
                "...' at offset 206): {'?" + std::string(117, 'k') + "...");
}

TEST(NpyTest, RefusesBigEndian) {
  ScratchDir dir;
  const std::string path = dir.Write(
      "x.npy", Npy("{'descr': '>f4', 'fortran_order': False, 'shape': (1,), }", "abcd"));
  EXPECT_EQ(IoErrorOf([&] { ReadNpy(path); }), "'" + path + "': unsupported dtype '>f4' (big-endian)");
}

TEST(NpyTest, RefusesUnsupportedDtypes) {
  ScratchDir dir;
  for (const std::string descr : {"<U5", "|O", "<f16", "|S3", "<M8[s]", ""}) {
    SCOPED_TRACE(descr);
    const std::string path = dir.Write(
        "x.npy", Npy("{'descr': '" + descr + "', 'fortran_order': False, 'shape': (1,), }", "abcd"));
    EXPECT_EQ(IoErrorOf([&] { ReadNpy(path); }),
              "'" + path + "': unsupported dtype '" + descr +
                  "' (supported: bool, int8-64, uint8-64, float16/32/64, complex64/128)");
  }
}

TEST(NpyTest, RefusesFortranOrder) {
  ScratchDir dir;
  const std::string path = dir.Write(
      "x.npy", Npy("{'descr': '<f4', 'fortran_order': True, 'shape': (1, 2), }", Floats({1, 2})));
  EXPECT_EQ(IoErrorOf([&] { ReadNpy(path); }), "'" + path + "': fortran_order arrays are not supported");
}

TEST(NpyTest, RefusesDataShorterOrLongerThanTheShape) {
  ScratchDir dir;
  const std::string header = "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }";
  const std::string shorter = dir.Write("s.npy", Npy(header, std::string(20, '\0')));
  EXPECT_EQ(IoErrorOf([&] { ReadNpy(shorter); }),
            "'" + shorter + "': float32[2,3] (6 elements) needs 24 bytes of data but the file "
            "holds 20 after the header");
  const std::string longer = dir.Write("l.npy", Npy(header, std::string(28, '\0')));
  EXPECT_EQ(IoErrorOf([&] { ReadNpy(longer); }),
            "'" + longer + "': float32[2,3] (6 elements) needs 24 bytes of data but the file "
            "holds 28 after the header");
  const std::string ragged = dir.Write("r.npy", Npy(header, std::string(25, '\0')));
  EXPECT_EQ(IoErrorOf([&] { ReadNpy(ragged); }),
            "'" + ragged + "': float32[2,3] (6 elements) needs 24 bytes of data but the file "
            "holds 25 after the header");
}

TEST(NpyTest, RefusesHugeShapesInATinyFileWithoutAllocating) {
  ScratchDir dir;
  const std::string path = dir.Write(
      "x.npy", Npy("{'descr': '<c16', 'fortran_order': False, 'shape': (1000000000, 1000000000), }",
                   "0123456789abcdef"));
  EXPECT_EQ(IoErrorOf([&] { ReadNpy(path); }),
            "'" + path + "': complex128[1000000000,1000000000] (1000000000000000000 elements) "
            "needs 16000000000000000000 bytes of data but the file holds 16 after the header");
  // 2e18 elements fit int64, but their 3.2e19 bytes don't fit uint64.
  const std::string path2 = dir.Write(
      "y.npy", Npy("{'descr': '<c16', 'fortran_order': False, 'shape': (2000000000, 1000000000), }",
                   ""));
  EXPECT_EQ(IoErrorOf([&] { ReadNpy(path2); }),
            "'" + path2 + "': complex128[2000000000,1000000000] (2000000000000000000 elements) "
            "needs more than 18446744073709551615 bytes of data but the file holds 0 after the "
            "header");
}

TEST(NpyTest, RefusesShapesThatOverflowOrAreNegative) {
  ScratchDir dir;
  const std::string overflow = dir.Write(
      "o.npy", Npy("{'descr': '<f4', 'fortran_order': False, 'shape': (4294967296, 4294967296), }", ""));
  EXPECT_EQ(IoErrorOf([&] { ReadNpy(overflow); }),
            "'" + overflow + "': shape [4294967296,4294967296] overflows int64");
  const std::string header = "{'descr': '<f4', 'fortran_order': False, 'shape': (2, -3), }";
  const std::string negative = dir.Write("n.npy", Npy(header, ""));
  EXPECT_EQ(IoErrorOf([&] { ReadNpy(negative); }),
            "'" + negative + "': bad .npy header (negative dimension -3 in 'shape' at offset 56): " +
                header + "?");
}

TEST(NpyTest, ReportsMissingFilesAndDirectories) {
  ScratchDir dir;
  EXPECT_EQ(IoErrorOf([&] { ReadNpy(dir.Path("none.npy")); }),
            "cannot read '" + dir.Path("none.npy") + "': No such file or directory");
  EXPECT_EQ(IoErrorOf([&] { ReadNpy(dir.Path("")); }),
            "cannot read '" + dir.Path("") + "': Is a directory");
}

TEST(NpyTest, WriteRefusesTypesNumPyCannotHold) {
  ScratchDir dir;
  const std::string path = dir.Path("x.npy");
  EXPECT_EQ(IoErrorOf([&] { WriteNpy(path, Tensor::FromStrings({"a"}, {1})); }),
            "cannot write '" + path + "': NumPy .npy can't hold string tensors (NumPy has no such "
            "dtype)");
  EXPECT_EQ(IoErrorOf([&] { WriteNpy(path, Tensor::Zeros(ElementType::kBFloat16, {2})); }),
            "cannot write '" + path + "': NumPy .npy can't hold bfloat16 tensors (NumPy has no "
            "such dtype)");
  EXPECT_FALSE(std::filesystem::exists(path));
}

}  // namespace
}  // namespace ortkit
