// Tensors as ONNX TensorProto files: reading raw_data or the typed fields, writing raw_data.
#include <cstring>
#include <vector>

#include "io/io_common.h"
#include "io/proto_convert.h"
#include "ortkit/error.h"
#include "ortkit/tensor_io.h"

namespace ortkit {
namespace io {
namespace {

// The TensorProto fields that can hold a tensor's elements.
enum class DataField { kRaw, kFloat, kDouble, kInt32, kInt64, kUInt64, kString };

const char* FieldName(DataField field) {
  switch (field) {
    case DataField::kRaw: return "raw_data";
    case DataField::kFloat: return "float_data";
    case DataField::kDouble: return "double_data";
    case DataField::kInt32: return "int32_data";
    case DataField::kInt64: return "int64_data";
    case DataField::kUInt64: return "uint64_data";
    case DataField::kString: return "string_data";
  }
  return "?";
}

// The typed field ONNX assigns to each element type (onnx.proto, TensorProto).
DataField TypedFieldFor(ElementType type) {
  switch (type) {
    case ElementType::kFloat32:
    case ElementType::kComplex64:
      return DataField::kFloat;
    case ElementType::kFloat64:
    case ElementType::kComplex128:
      return DataField::kDouble;
    case ElementType::kInt64:
      return DataField::kInt64;
    case ElementType::kUInt32:
    case ElementType::kUInt64:
      return DataField::kUInt64;
    case ElementType::kString:
      return DataField::kString;
    default:  // int32 and every narrower type, one element per int32 (16-bit floats as bits)
      return DataField::kInt32;
  }
}

class TensorReader {
 public:
  TensorReader(const onnx::TensorProto& proto, const std::string& where)
      : proto_(proto), where_(where) {}

  Tensor Read() {
    if (proto_.data_location() == onnx::TensorProto::EXTERNAL || proto_.external_data_size() > 0) {
      Fail("uses external data; external data is not supported here");
    }
    if (proto_.has_segment()) Fail("is segmented; segmented tensors are not supported");
    ReadType();
    ReadShape();
    const std::vector<DataField> fields = PresentFields();
    if (fields.size() > 1) {
      Fail(std::string("holds data in both ") + FieldName(fields[0]) + " and " + FieldName(fields[1]));
    }
    if (fields.empty()) {
      if (count_ != 0) Fail("declares " + Declared() + " but holds no data");
      return Tensor::Zeros(type_, shape_);
    }
    if (fields[0] == DataField::kRaw) return FromRaw();
    if (fields[0] != TypedFieldFor(type_)) {
      Fail(std::string("is ") + std::string(ElementTypeName(type_)) + " but holds its data in " +
           FieldName(fields[0]) + " (expected " + FieldName(TypedFieldFor(type_)) +
           (type_ == ElementType::kString ? ")" : " or raw_data)"));
    }
    return FromTyped(fields[0]);
  }

 private:
  [[noreturn]] void Fail(const std::string& what) const {
    const std::string label =
        proto_.name().empty() ? "tensor" : "tensor '" + Printable(proto_.name()) + "'";
    throw Error(ErrorCategory::kIo, where_ + ": " + label + " " + what);
  }

  std::string Declared() const {
    return std::string(ElementTypeName(type_)) + ShapeToString(shape_) + " (" +
           std::to_string(count_) + " elements)";
  }

  void ReadType() {
    const int data_type = proto_.data_type();
    type_ = ElementTypeFromOnnx(data_type);
    if (data_type == 0) Fail("has data_type 0 (UNDEFINED)");
    if (type_ == ElementType::kUndefined) Fail("has unsupported data_type " + std::to_string(data_type));
  }

  void ReadShape() {
    shape_.assign(proto_.dims().begin(), proto_.dims().end());
    for (int64_t d : shape_) {
      if (d < 0) Fail("has negative dimension " + std::to_string(d) + " in " + ShapeToString(shape_));
    }
    const auto count = ElementCount(shape_);
    if (!count) Fail("has dims " + ShapeToString(shape_) + " whose element count overflows int64");
    count_ = static_cast<uint64_t>(*count);
  }

  std::vector<DataField> PresentFields() const {
    std::vector<DataField> fields;
    if (proto_.has_raw_data()) fields.push_back(DataField::kRaw);
    if (proto_.float_data_size() > 0) fields.push_back(DataField::kFloat);
    if (proto_.double_data_size() > 0) fields.push_back(DataField::kDouble);
    if (proto_.int32_data_size() > 0) fields.push_back(DataField::kInt32);
    if (proto_.int64_data_size() > 0) fields.push_back(DataField::kInt64);
    if (proto_.uint64_data_size() > 0) fields.push_back(DataField::kUInt64);
    if (proto_.string_data_size() > 0) fields.push_back(DataField::kString);
    return fields;
  }

  Tensor FromRaw() const {
    if (type_ == ElementType::kString) Fail("is string but uses raw_data (strings go in string_data)");
    const std::string& raw = proto_.raw_data();
    const std::size_t size = ElementSize(type_);
    // Compared by division so that a huge declared count can't overflow; only a match allocates.
    if (raw.size() % size != 0) {
      Fail("declares " + Declared() + " but raw_data holds " + std::to_string(raw.size()) +
           " bytes (not a whole number of " + std::to_string(size) + "-byte elements)");
    }
    if (raw.size() / size != count_) {
      Fail("declares " + Declared() + " but raw_data holds " + std::to_string(raw.size()) +
           " bytes (" + std::to_string(raw.size() / size) + " elements)");
    }
    Tensor tensor = Tensor::Zeros(type_, shape_);
    if (!raw.empty()) std::memcpy(tensor.mutable_data(), raw.data(), raw.size());
    if (type_ == ElementType::kBool) NormalizeBools(tensor);
    return tensor;
  }

  Tensor FromTyped(DataField field) const {
    switch (field) {
      case DataField::kFloat: return CopyField(proto_.float_data());
      case DataField::kDouble: return CopyField(proto_.double_data());
      case DataField::kInt64: return CopyField(proto_.int64_data());
      case DataField::kInt32:
        switch (ElementSize(type_)) {
          case 4: return CopyField(proto_.int32_data());
          case 2: return NarrowField<uint16_t>(proto_.int32_data(), field);
          default: return NarrowField<uint8_t>(proto_.int32_data(), field);
        }
      case DataField::kUInt64:
        if (type_ == ElementType::kUInt64) return CopyField(proto_.uint64_data());
        return NarrowField<uint32_t>(proto_.uint64_data(), field);
      case DataField::kString: {
        CheckEntries(proto_.string_data_size(), field);
        return Tensor::FromStrings({proto_.string_data().begin(), proto_.string_data().end()}, shape_);
      }
      case DataField::kRaw: break;
    }
    return FromRaw();
  }

  // Complex numbers take two entries (real, imaginary) per element.
  void CheckEntries(int entries, DataField field) const {
    const bool complex = type_ == ElementType::kComplex64 || type_ == ElementType::kComplex128;
    const uint64_t per_element = complex ? 2 : 1;
    const auto n = static_cast<uint64_t>(entries);
    if (n % per_element != 0 || n / per_element != count_) {
      Fail("declares " + Declared() + " but " + FieldName(field) + " holds " + std::to_string(n) +
           " values" + (complex ? " (2 per element)" : ""));
    }
  }

  // Same-width fields: the entries' bytes are the elements' bytes.
  template <typename Repeated>
  Tensor CopyField(const Repeated& values) const {
    CheckEntries(values.size(), TypedFieldFor(type_));
    Tensor tensor = Tensor::Zeros(type_, shape_);
    if (!values.empty()) std::memcpy(tensor.mutable_data(), values.data(), tensor.byte_size());
    return tensor;
  }

  // Narrower types stored one per wider entry: ONNX keeps the low bits (as numpy's astype does).
  template <typename Narrow, typename Repeated>
  Tensor NarrowField(const Repeated& values, DataField field) const {
    CheckEntries(values.size(), field);
    Tensor tensor = Tensor::Zeros(type_, shape_);
    auto* out = static_cast<Narrow*>(tensor.mutable_data());
    for (int i = 0; i < values.size(); ++i) out[i] = static_cast<Narrow>(values.Get(i));
    if (type_ == ElementType::kBool) NormalizeBools(tensor);
    return tensor;
  }

  // A bool byte other than 0 or 1 is undefined behaviour once read as bool; any non-zero is true.
  static void NormalizeBools(Tensor& tensor) {
    auto* bytes = static_cast<uint8_t*>(tensor.mutable_data());
    for (std::size_t i = 0; i < tensor.byte_size(); ++i) bytes[i] = bytes[i] != 0;
  }

  const onnx::TensorProto& proto_;
  const std::string& where_;
  ElementType type_ = ElementType::kUndefined;
  Shape shape_;
  uint64_t count_ = 0;
};

}  // namespace

void ParseProto(const std::string& bytes, google::protobuf::MessageLite& message,
                const std::string& where, const std::string& what) {
  if (bytes.empty()) throw Error(ErrorCategory::kIo, where + ": is empty (expected " + what + ")");
  if (bytes.size() > kMaxProtoBytes || !message.ParseFromString(bytes)) {
    throw Error(ErrorCategory::kIo, where + ": not " + what +
                                        " (protobuf parsing failed: malformed, truncated or nested "
                                        "too deeply)");
  }
}

Tensor TensorFromProto(const onnx::TensorProto& proto, const std::string& where) {
  return TensorReader(proto, where).Read();
}

}  // namespace io

Tensor ReadTensorProto(const std::string& path) {
  return ParseTensorProto(io::ReadFileBytes(path, io::kMaxProtoBytes), path);
}

Tensor ParseTensorProto(const std::string& bytes, const std::string& label) {
  const std::string where = io::Quoted(label);
  onnx::TensorProto proto;
  io::ParseProto(bytes, proto, where, "a TensorProto");
  return io::TensorFromProto(proto, where);
}

void WriteTensorProto(const std::string& path, const Tensor& tensor, const std::string& name) {
  io::CheckWritable(tensor, path);
  onnx::TensorProto proto;
  proto.set_name(name);
  proto.set_data_type(static_cast<int32_t>(tensor.type()));
  for (int64_t d : tensor.shape()) proto.add_dims(d);
  if (tensor.type() == ElementType::kString) {
    for (const std::string& s : tensor.strings()) proto.add_string_data(s);
  } else if (tensor.byte_size() == 0) {
    proto.set_raw_data(std::string());  // present but empty, so readers see raw_data was used
  } else {
    proto.set_raw_data(tensor.data(), tensor.byte_size());
  }
  if (proto.ByteSizeLong() > io::kMaxProtoBytes) {
    throw Error(ErrorCategory::kIo, "cannot write " + io::Quoted(path) + ": tensor " +
                                        tensor.Describe() + " needs " +
                                        std::to_string(proto.ByteSizeLong()) +
                                        " bytes, over protobuf's 2 GiB limit");
  }
  io::WriteFile(path, [&proto](std::ostream& out) {
    if (!proto.SerializeToOstream(&out)) out.setstate(std::ios::badbit);
  });
}

}  // namespace ortkit
