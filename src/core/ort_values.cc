// Value <-> Ort::Value conversion for tensors, strings, sequences, maps and optionals.
#include "core/ort_values.h"

#include <memory>

#include "ortkit/error.h"

namespace ortkit::core {
namespace {

const OrtMemoryInfo* CpuMemoryInfo() {
  static const Ort::MemoryInfo info = Ort::MemoryInfo::CreateCpu(OrtDeviceAllocator, OrtMemTypeCPU);
  return info;
}

Ort::Value TensorToOrt(const Tensor& tensor) {
  const Shape& shape = tensor.shape();
  const auto onnx_type = static_cast<ONNXTensorElementDataType>(tensor.type());
  if (tensor.type() == ElementType::kString) {
    Ort::AllocatorWithDefaultOptions allocator;
    Ort::Value v = Ort::Value::CreateTensor(allocator, shape.data(), shape.size(), onnx_type);
    const auto& strings = tensor.strings();
    std::vector<const char*> pointers;
    pointers.reserve(strings.size());
    for (const auto& s : strings) pointers.push_back(s.c_str());
    if (!pointers.empty()) v.FillStringTensor(pointers.data(), pointers.size());
    return v;
  }
  // ORT wants a non-null pointer even for an empty tensor.
  static char empty_buffer[8];
  void* data = tensor.data() ? const_cast<void*>(tensor.data()) : empty_buffer;
  return Ort::Value::CreateTensor(CpuMemoryInfo(), data, tensor.byte_size(), shape.data(), shape.size(),
                                  onnx_type);
}

Tensor TensorFromOrt(Ort::Value value) {
  auto info = value.GetTensorTypeAndShapeInfo();
  const ElementType type = ElementTypeFromOnnx(static_cast<int>(info.GetElementType()));
  Shape shape = info.GetShape();
  const std::size_t count = info.GetElementCount();
  if (type == ElementType::kString) {
    std::vector<std::string> strings;
    strings.reserve(count);
    for (std::size_t i = 0; i < count; ++i) strings.push_back(value.GetStringTensorElement(i));
    return Tensor::FromStrings(std::move(strings), std::move(shape));
  }
  void* data = value.GetTensorMutableData<void>();
  const std::size_t bytes = count * ElementSize(type);
  // The Tensor's owner keeps ORT's buffer alive: no copy of the output.
  auto owner = std::make_shared<Ort::Value>(std::move(value));
  return Tensor::Adopt(type, data, bytes, std::move(shape), std::move(owner));
}

}  // namespace

Ort::Value ToOrtValue(const Value& value) {
  switch (value.kind()) {
    case ValueKind::kTensor:
      return TensorToOrt(value.tensor());
    case ValueKind::kSequence: {
      std::vector<Ort::Value> elements;
      for (const auto& element : value.sequence()) elements.push_back(ToOrtValue(element));
      if (elements.empty()) {
        throw Error(ErrorCategory::kInput, "ONNX Runtime can't take an empty sequence as an input");
      }
      return Ort::Value::CreateSequence(elements);
    }
    case ValueKind::kMap: {
      Ort::Value keys = TensorToOrt(value.map_keys());
      Ort::Value values = ToOrtValue(value.map_values());
      return Ort::Value::CreateMap(keys, values);
    }
    case ValueKind::kOptional:
      return Ort::Value(nullptr);
  }
  return Ort::Value(nullptr);
}

Value FromOrtValue(Ort::Value value) {
  if (!value || !value.HasValue()) return Value::None();
  // The common case first: IsTensor is cheap, GetTypeInfo allocates.
  if (value.IsTensor()) return TensorFromOrt(std::move(value));
  const ONNXType kind = value.GetTypeInfo().GetONNXType();
  switch (kind) {
    case ONNX_TYPE_TENSOR:
      return TensorFromOrt(std::move(value));
    case ONNX_TYPE_SEQUENCE: {
      Ort::AllocatorWithDefaultOptions allocator;
      const std::size_t count = value.GetCount();
      std::vector<Value> elements;
      elements.reserve(count);
      for (std::size_t i = 0; i < count; ++i) elements.push_back(FromOrtValue(value.GetValue(static_cast<int>(i), allocator)));
      return Value::Sequence(std::move(elements));
    }
    case ONNX_TYPE_MAP: {
      Ort::AllocatorWithDefaultOptions allocator;
      Tensor keys = TensorFromOrt(value.GetValue(0, allocator));
      Value values = FromOrtValue(value.GetValue(1, allocator));
      return Value::Map(std::move(keys), std::move(values));
    }
    default:
      throw Error(ErrorCategory::kRun, "ONNX Runtime returned a value of a kind ortkit can't read (ONNXType " +
                                           std::to_string(static_cast<int>(kind)) + ")");
  }
}

}  // namespace ortkit::core
