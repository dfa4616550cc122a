// Tensors as NumPy .npy files (format 1.0-3.0 read, 1.0 written; little-endian, C order).
#include <algorithm>
#include <array>
#include <cstring>
#include <optional>

#include "io/io_common.h"
#include "io/npy_header.h"
#include "ortkit/error.h"
#include "ortkit/tensor_io.h"

namespace ortkit {
namespace {

constexpr std::string_view kMagic{"\x93NUMPY", 6};

struct NpyType {
  std::string_view code;  // the dtype string without its byte-order character
  ElementType type;
};

constexpr std::array<NpyType, 14> kNpyTypes{{
    {"b1", ElementType::kBool},
    {"i1", ElementType::kInt8},
    {"u1", ElementType::kUInt8},
    {"i2", ElementType::kInt16},
    {"u2", ElementType::kUInt16},
    {"i4", ElementType::kInt32},
    {"u4", ElementType::kUInt32},
    {"i8", ElementType::kInt64},
    {"u8", ElementType::kUInt64},
    {"f2", ElementType::kFloat16},
    {"f4", ElementType::kFloat32},
    {"f8", ElementType::kFloat64},
    {"c8", ElementType::kComplex64},
    {"c16", ElementType::kComplex128},
}};

[[noreturn]] void Fail(const std::string& where, const std::string& what) {
  throw Error(ErrorCategory::kIo, where + ": " + what);
}

// '<' little-endian, '|' byte order not applicable, '=' native (little-endian: see io_common.h);
// NumPy writes one of these, but np.dtype also takes the bare code, so that is accepted too.
ElementType TypeForDescr(const std::string& descr, const std::string& where) {
  const char order = descr.empty() ? '\0' : descr[0];
  const bool has_order = order == '<' || order == '>' || order == '|' || order == '=';
  const std::string_view code = std::string_view(descr).substr(has_order ? 1 : 0);
  for (const NpyType& t : kNpyTypes) {
    if (t.code != code) continue;
    // One-byte types have no byte order, whatever the character says.
    if (order == '>' && ElementSize(t.type) > 1) {
      Fail(where, "unsupported dtype '" + io::Printable(descr) + "' (big-endian)");
    }
    return t.type;
  }
  Fail(where, "unsupported dtype '" + io::Printable(descr) +
                  "' (supported: bool, int8-64, uint8-64, float16/32/64, complex64/128)");
}

std::optional<std::string> DescrForType(ElementType type) {
  for (const NpyType& t : kNpyTypes) {
    if (t.type == type) return std::string(ElementSize(type) == 1 ? "|" : "<") + std::string(t.code);
  }
  return std::nullopt;
}

uint32_t LittleEndian(const std::string& bytes) {
  uint32_t value = 0;
  for (std::size_t i = bytes.size(); i-- > 0;) {
    value = (value << 8) | static_cast<unsigned char>(bytes[i]);
  }
  return value;
}

}  // namespace

Tensor ReadNpy(const std::string& path) {
  io::InputFile file(path);
  const std::string where = io::Quoted(path);
  const std::string start = file.ReadString(static_cast<std::size_t>(std::min<uint64_t>(file.size(), 8)));
  if (start.size() < kMagic.size() || std::string_view(start).substr(0, kMagic.size()) != kMagic) {
    Fail(where, "not a .npy file (bad magic)");
  }
  if (start.size() < 8) Fail(where, "truncated: the file ends inside the .npy preamble");
  const int major = static_cast<unsigned char>(start[6]);
  const int minor = static_cast<unsigned char>(start[7]);
  if (major < 1 || major > 3 || minor != 0) {
    Fail(where, "unsupported .npy format version " + std::to_string(major) + "." +
                    std::to_string(minor) + " (1.0, 2.0 and 3.0 are supported)");
  }
  // Version 1.0 stores the header length in 2 bytes; 2.0 and 3.0 (UTF-8 header) in 4.
  const std::size_t length_bytes = major == 1 ? 2 : 4;
  if (file.remaining() < length_bytes) Fail(where, "truncated: the file ends inside the .npy preamble");
  const uint32_t header_length = LittleEndian(file.ReadString(length_bytes));
  if (header_length > file.remaining()) {
    Fail(where, "truncated: the header declares " + std::to_string(header_length) +
                    " bytes but only " + std::to_string(file.remaining()) + " follow");
  }
  const io::NpyHeader header = io::ParseNpyHeader(file.ReadString(header_length), where);
  if (header.fortran_order) Fail(where, "fortran_order arrays are not supported");
  const ElementType type = TypeForDescr(header.descr, where);
  const auto count = ElementCount(header.shape);
  if (!count) Fail(where, "shape " + ShapeToString(header.shape) + " overflows int64");

  const std::size_t size = ElementSize(type);
  const auto elements = static_cast<uint64_t>(*count);
  const uint64_t data_bytes = file.remaining();
  // Compared by division so that a huge declared shape can't overflow; only a match allocates.
  if (data_bytes % size != 0 || data_bytes / size != elements) {
    Fail(where, std::string(ElementTypeName(type)) + ShapeToString(header.shape) + " (" +
                    std::to_string(elements) + " elements) needs " + io::BytesFor(elements, size) +
                    " bytes of data but the file holds " + std::to_string(data_bytes) +
                    " after the header");
  }
  Tensor tensor = Tensor::Zeros(type, header.shape);
  file.Read(tensor.mutable_data(), tensor.byte_size());
  if (type == ElementType::kBool) {
    // A bool byte other than 0 or 1 is undefined behaviour once read as bool.
    auto* bytes = static_cast<uint8_t*>(tensor.mutable_data());
    for (std::size_t i = 0; i < tensor.byte_size(); ++i) bytes[i] = bytes[i] != 0;
  }
  return tensor;
}

void WriteNpy(const std::string& path, const Tensor& tensor) {
  const std::optional<std::string> descr = DescrForType(tensor.type());
  if (!descr) {
    throw Error(ErrorCategory::kIo, "cannot write " + io::Quoted(path) + ": NumPy .npy can't hold " +
                                        std::string(ElementTypeName(tensor.type())) +
                                        " tensors (NumPy has no such dtype)");
  }
  io::CheckWritable(tensor, path);
  const std::string header = io::FormatNpyHeader(*descr, tensor.shape());
  io::WriteFile(path, [&](std::ostream& out) {
    out.write(header.data(), static_cast<std::streamsize>(header.size()));
    if (tensor.byte_size() > 0) {
      out.write(static_cast<const char*>(tensor.data()),
                static_cast<std::streamsize>(tensor.byte_size()));
    }
  });
}

}  // namespace ortkit
