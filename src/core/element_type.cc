// Names and sizes of tensor element types.
#include "ortkit/element_type.h"

#include <array>

namespace ortkit {
namespace {

struct TypeInfo {
  ElementType type;
  std::string_view name;
  std::size_t size;
};

constexpr std::array<TypeInfo, 21> kTypes{{
    {ElementType::kUndefined, "undefined", 0},
    {ElementType::kFloat32, "float32", 4},
    {ElementType::kUInt8, "uint8", 1},
    {ElementType::kInt8, "int8", 1},
    {ElementType::kUInt16, "uint16", 2},
    {ElementType::kInt16, "int16", 2},
    {ElementType::kInt32, "int32", 4},
    {ElementType::kInt64, "int64", 8},
    {ElementType::kString, "string", 0},
    {ElementType::kBool, "bool", 1},
    {ElementType::kFloat16, "float16", 2},
    {ElementType::kFloat64, "float64", 8},
    {ElementType::kUInt32, "uint32", 4},
    {ElementType::kUInt64, "uint64", 8},
    {ElementType::kComplex64, "complex64", 8},
    {ElementType::kComplex128, "complex128", 16},
    {ElementType::kBFloat16, "bfloat16", 2},
    {ElementType::kFloat8E4M3FN, "float8e4m3fn", 1},
    {ElementType::kFloat8E4M3FNUZ, "float8e4m3fnuz", 1},
    {ElementType::kFloat8E5M2, "float8e5m2", 1},
    {ElementType::kFloat8E5M2FNUZ, "float8e5m2fnuz", 1},
}};

const TypeInfo& Info(ElementType type) noexcept {
  const auto index = static_cast<std::size_t>(type);
  return index < kTypes.size() ? kTypes[index] : kTypes[0];
}

}  // namespace

std::string_view ElementTypeName(ElementType type) noexcept { return Info(type).name; }

std::size_t ElementSize(ElementType type) noexcept { return Info(type).size; }

std::optional<ElementType> ParseElementType(std::string_view name) noexcept {
  if (name == "float") return ElementType::kFloat32;
  if (name == "double") return ElementType::kFloat64;
  if (name == "half") return ElementType::kFloat16;
  for (const auto& info : kTypes) {
    if (info.type != ElementType::kUndefined && info.name == name) return info.type;
  }
  return std::nullopt;
}

ElementType ElementTypeFromOnnx(int onnx_data_type) noexcept {
  if (onnx_data_type < 0 || onnx_data_type >= static_cast<int>(kTypes.size())) {
    return ElementType::kUndefined;
  }
  return static_cast<ElementType>(onnx_data_type);
}

}  // namespace ortkit
