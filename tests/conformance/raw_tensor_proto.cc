// TensorProto -> ortkit::Tensor, written against the ONNX protobuf API without ortkit's reader.
#include "conformance/raw_tensor_proto.h"

#include <cstring>
#include <fstream>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <vector>

#include <onnx/onnx_pb.h>

namespace ortkit::conformance {
namespace {

using onnx::TensorProto;

// Narrows the typed field's values into `width`-byte elements (little-endian host).
template <typename Field>
std::vector<unsigned char> Pack(const Field& field, std::size_t width) {
  std::vector<unsigned char> bytes(static_cast<std::size_t>(field.size()) * width);
  for (int i = 0; i < field.size(); ++i) {
    const auto value = field.Get(i);
    std::memcpy(bytes.data() + static_cast<std::size_t>(i) * width, &value, width);
  }
  return bytes;
}

// The data of a proto without raw_data, from the typed field ONNX assigns to its type.
std::vector<unsigned char> TypedData(const TensorProto& p, ElementType type) {
  const std::size_t size = ElementSize(type);
  switch (type) {
    case ElementType::kFloat32:
    case ElementType::kComplex64: return Pack(p.float_data(), 4);
    case ElementType::kFloat64:
    case ElementType::kComplex128: return Pack(p.double_data(), 8);
    case ElementType::kInt64: return Pack(p.int64_data(), 8);
    case ElementType::kUInt32:
    case ElementType::kUInt64: return Pack(p.uint64_data(), size);
    // int32_data carries every type of 32 bits or less, float16/bfloat16 as their bit patterns.
    default: return Pack(p.int32_data(), size);
  }
}

[[noreturn]] void Refuse(const std::string& path, const std::string& why) {
  throw std::runtime_error("raw decoder: '" + path + "': " + why);
}

}  // namespace

StoredTensor DecodeTensorProtoFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) Refuse(path, "cannot open");
  std::stringstream bytes;
  bytes << in.rdbuf();
  TensorProto proto;
  if (!proto.ParseFromString(bytes.str())) Refuse(path, "not a TensorProto");
  if (proto.data_location() == TensorProto::EXTERNAL) Refuse(path, "external data");

  const ElementType type = ElementTypeFromOnnx(proto.data_type());
  if (type == ElementType::kUndefined) Refuse(path, "data_type " + std::to_string(proto.data_type()));
  Shape shape(proto.dims().begin(), proto.dims().end());
  const auto count = ElementCount(shape);
  if (!count) Refuse(path, "bad dims " + ShapeToString(shape));

  StoredTensor out{proto.name(), {}};
  if (type == ElementType::kString) {
    std::vector<std::string> strings(proto.string_data().begin(), proto.string_data().end());
    if (strings.size() != static_cast<std::size_t>(*count)) Refuse(path, "string count differs from dims");
    out.tensor = Tensor::FromStrings(std::move(strings), std::move(shape));
    return out;
  }
  const std::size_t width = ElementSize(type);
  auto data = std::make_shared<std::vector<unsigned char>>(
      proto.has_raw_data() ? std::vector<unsigned char>(proto.raw_data().begin(), proto.raw_data().end())
                           : TypedData(proto, type));
  if (data->size() != static_cast<std::size_t>(*count) * width) {
    Refuse(path, "holds " + std::to_string(data->size()) + " bytes for " + std::to_string(*count) +
                     " elements of " + std::to_string(width));
  }
  void* raw = data->data();
  const std::size_t size = data->size();
  out.tensor = Tensor::Adopt(type, raw, size, std::move(shape), std::move(data));
  return out;
}

}  // namespace ortkit::conformance
