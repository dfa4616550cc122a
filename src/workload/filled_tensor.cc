// Constant and uniform tensors for --value rules.
#include "workload/filled_tensor.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <type_traits>
#include <vector>

#include <fmt/format.h>

#include "ortkit/error.h"
#include "workload/seeded_random.h"

namespace ortkit::workload {
namespace {

std::size_t Count(const Shape& shape, const std::string& input) {
  const auto count = ElementCount(shape);
  if (!count) {
    throw Error(ErrorCategory::kInput, "input '" + input + "': shape " + ShapeToString(shape) + " is too large");
  }
  return static_cast<std::size_t>(*count);
}

[[noreturn]] void Unsupported(ElementType type, const std::string& input, const char* what) {
  throw Error(ErrorCategory::kInput, fmt::format("--value {}: input '{}' is {}; {} are for float32, float64, "
                                                 "integer{} inputs",
                                                 input, input, ElementTypeName(type), what,
                                                 std::string(what) == "constants" ? " and bool" : ""));
}

template <typename T>
Tensor Constant(const Shape& shape, double value, const std::string& input) {
  if constexpr (std::is_integral_v<T>) {
    if (value != std::floor(value) || value < static_cast<long double>(std::numeric_limits<T>::lowest()) ||
        value > static_cast<long double>(std::numeric_limits<T>::max())) {
      throw Error(ErrorCategory::kInput, fmt::format("--value {}={:g}: input '{}' is {}, which cannot hold {:g}",
                                                     input, value, input, ElementTypeName(ElementTypeOf<T>()), value));
    }
  }
  return Tensor::FromVector(std::vector<T>(Count(shape, input), static_cast<T>(value)), shape);
}

template <typename T>
Tensor UniformFloats(const Shape& shape, double low, double high, SeededRandom& random, const std::string& input) {
  std::vector<T> values(Count(shape, input));
  for (auto& v : values) v = static_cast<T>(low + (high - low) * random.NextUnit());
  return Tensor::FromVector(std::move(values), shape);
}

template <typename T>
Tensor UniformIntegers(const Shape& shape, double low_in, double high_in, SeededRandom& random,
                       const std::string& input) {
  // Through long double: int64's and uint64's limits are not exact in double.
  const long double low = std::max<long double>(std::ceil(low_in), std::numeric_limits<T>::lowest());
  const long double high = std::min<long double>(std::floor(high_in), std::numeric_limits<T>::max());
  if (low > high) {
    throw Error(ErrorCategory::kInput, fmt::format("--value {}: no {} value lies in {:g}..{:g}", input,
                                                   ElementTypeName(ElementTypeOf<T>()), low_in, high_in));
  }
  const auto span = static_cast<uint64_t>(high - low);  // values - 1; the full uint64 span wraps to 0 below
  std::vector<T> values(Count(shape, input));
  for (auto& v : values) {
    const uint64_t offset = span == std::numeric_limits<uint64_t>::max() ? random.Next() : random.NextBelow(span + 1);
    v = static_cast<T>(low + static_cast<long double>(offset));
  }
  return Tensor::FromVector(std::move(values), shape);
}

}  // namespace

Tensor ConstantTensor(ElementType type, const Shape& shape, double value, const std::string& input) {
  switch (type) {
    case ElementType::kFloat32: return Constant<float>(shape, value, input);
    case ElementType::kFloat64: return Constant<double>(shape, value, input);
    case ElementType::kInt8: return Constant<int8_t>(shape, value, input);
    case ElementType::kUInt8: return Constant<uint8_t>(shape, value, input);
    case ElementType::kInt16: return Constant<int16_t>(shape, value, input);
    case ElementType::kUInt16: return Constant<uint16_t>(shape, value, input);
    case ElementType::kInt32: return Constant<int32_t>(shape, value, input);
    case ElementType::kUInt32: return Constant<uint32_t>(shape, value, input);
    case ElementType::kInt64: return Constant<int64_t>(shape, value, input);
    case ElementType::kUInt64: return Constant<uint64_t>(shape, value, input);
    case ElementType::kBool: return Tensor::FromBools(std::vector<bool>(Count(shape, input), value != 0), shape);
    default: Unsupported(type, input, "constants");
  }
}

Tensor UniformTensor(ElementType type, const Shape& shape, double low, double high, uint64_t seed,
                     const std::string& input) {
  SeededRandom random(seed, input);
  switch (type) {
    case ElementType::kFloat32: return UniformFloats<float>(shape, low, high, random, input);
    case ElementType::kFloat64: return UniformFloats<double>(shape, low, high, random, input);
    case ElementType::kInt8: return UniformIntegers<int8_t>(shape, low, high, random, input);
    case ElementType::kUInt8: return UniformIntegers<uint8_t>(shape, low, high, random, input);
    case ElementType::kInt16: return UniformIntegers<int16_t>(shape, low, high, random, input);
    case ElementType::kUInt16: return UniformIntegers<uint16_t>(shape, low, high, random, input);
    case ElementType::kInt32: return UniformIntegers<int32_t>(shape, low, high, random, input);
    case ElementType::kUInt32: return UniformIntegers<uint32_t>(shape, low, high, random, input);
    case ElementType::kInt64: return UniformIntegers<int64_t>(shape, low, high, random, input);
    case ElementType::kUInt64: return UniformIntegers<uint64_t>(shape, low, high, random, input);
    default: Unsupported(type, input, "ranges");
  }
}

}  // namespace ortkit::workload
