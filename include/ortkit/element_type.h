// Tensor element types, numbered as ONNX's TensorProto.DataType (and ORT's element type enum).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace ortkit {

enum class ElementType : int {
  kUndefined = 0,
  kFloat32 = 1,
  kUInt8 = 2,
  kInt8 = 3,
  kUInt16 = 4,
  kInt16 = 5,
  kInt32 = 6,
  kInt64 = 7,
  kString = 8,
  kBool = 9,
  kFloat16 = 10,
  kFloat64 = 11,
  kUInt32 = 12,
  kUInt64 = 13,
  kComplex64 = 14,
  kComplex128 = 15,
  kBFloat16 = 16,
  kFloat8E4M3FN = 17,
  kFloat8E4M3FNUZ = 18,
  kFloat8E5M2 = 19,
  kFloat8E5M2FNUZ = 20,
};

/// Short lower-case name as users write it: "float32", "int64", "bool", "string", "float16", ...
std::string_view ElementTypeName(ElementType type) noexcept;

/// The type for a name accepted by ElementTypeName (also "float" and "double"); nullopt if unknown.
std::optional<ElementType> ParseElementType(std::string_view name) noexcept;

/// Bytes per element; 0 for kString (variable length) and kUndefined.
std::size_t ElementSize(ElementType type) noexcept;

/// ElementType from its ONNX/ORT number; kUndefined for numbers outside the enum.
ElementType ElementTypeFromOnnx(int onnx_data_type) noexcept;

}  // namespace ortkit
