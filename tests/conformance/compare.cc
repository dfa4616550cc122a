// Element-wise comparison of tensors and values at the ONNX backend test's tolerances.
#include "conformance/compare.h"

#include <cmath>
#include <cstring>
#include <sstream>

namespace ortkit::conformance {
namespace {

enum class Family { kFloat, kSigned, kUnsigned, kBool, kString, kComplex, kOther };

Family FamilyOf(ElementType type) {
  switch (type) {
    case ElementType::kFloat32:
    case ElementType::kFloat64:
    case ElementType::kFloat16:
    case ElementType::kBFloat16: return Family::kFloat;
    case ElementType::kInt8:
    case ElementType::kInt16:
    case ElementType::kInt32:
    case ElementType::kInt64: return Family::kSigned;
    case ElementType::kUInt8:
    case ElementType::kUInt16:
    case ElementType::kUInt32:
    case ElementType::kUInt64: return Family::kUnsigned;
    case ElementType::kBool: return Family::kBool;
    case ElementType::kString: return Family::kString;
    case ElementType::kComplex64:
    case ElementType::kComplex128: return Family::kComplex;
    default: return Family::kOther;
  }
}

// Element i of a float-family tensor (complex: component i), widened to double.
double FloatAt(const Tensor& t, std::size_t i) {
  const auto* bytes = static_cast<const unsigned char*>(t.data());
  switch (t.type()) {
    case ElementType::kFloat32:
    case ElementType::kComplex64: {
      float v;
      std::memcpy(&v, bytes + i * sizeof v, sizeof v);
      return v;
    }
    case ElementType::kFloat16:
    case ElementType::kBFloat16: {
      uint16_t v;
      std::memcpy(&v, bytes + i * sizeof v, sizeof v);
      return t.type() == ElementType::kFloat16 ? HalfToFloat(v) : BFloat16ToFloat(v);
    }
    default: {
      double v;
      std::memcpy(&v, bytes + i * sizeof v, sizeof v);
      return v;
    }
  }
}

// Integers of up to 64 bits, sign- or zero-extended; bools as 0/1.
template <typename Wide>
Wide IntegerAt(const Tensor& t, std::size_t i) {
  const auto* bytes = static_cast<const unsigned char*>(t.data()) + i * ElementSize(t.type());
  switch (t.type()) {
    case ElementType::kInt8: { int8_t v; std::memcpy(&v, bytes, 1); return static_cast<Wide>(v); }
    case ElementType::kInt16: { int16_t v; std::memcpy(&v, bytes, 2); return static_cast<Wide>(v); }
    case ElementType::kInt32: { int32_t v; std::memcpy(&v, bytes, 4); return static_cast<Wide>(v); }
    case ElementType::kInt64: { int64_t v; std::memcpy(&v, bytes, 8); return static_cast<Wide>(v); }
    case ElementType::kUInt16: { uint16_t v; std::memcpy(&v, bytes, 2); return static_cast<Wide>(v); }
    case ElementType::kUInt32: { uint32_t v; std::memcpy(&v, bytes, 4); return static_cast<Wide>(v); }
    case ElementType::kUInt64: { uint64_t v; std::memcpy(&v, bytes, 8); return static_cast<Wide>(v); }
    default: return static_cast<Wide>(*bytes);  // uint8, bool
  }
}

bool FloatsMatch(double expected, double actual, const Tolerance& tol) {
  if (std::isnan(expected) || std::isnan(actual)) return std::isnan(expected) && std::isnan(actual);
  if (std::isinf(expected) || std::isinf(actual)) return expected == actual;
  return std::fabs(actual - expected) <= tol.atol + tol.rtol * std::fabs(expected);
}

// Counts mismatches and describes the first: "3 of 60 elements differ; first at [7]: expected 1,
// got 1.5".
template <typename Match, typename Print>
std::optional<std::string> CompareElements(std::size_t count, Match match, Print print) {
  std::size_t mismatches = 0;
  std::size_t first = 0;
  for (std::size_t i = 0; i < count; ++i) {
    if (match(i)) continue;
    if (mismatches++ == 0) first = i;
  }
  if (mismatches == 0) return std::nullopt;
  std::ostringstream out;
  out.precision(9);
  out << mismatches << " of " << count << " elements differ; first at flat index " << first << ": ";
  print(out, first);
  return out.str();
}

// The buffer must hold what the shape says before elements are read from it.
std::optional<std::string> CheckBuffer(const Tensor& t, const char* which) {
  const auto count = t.shape_elements();
  if (!count || t.buffer_elements() != static_cast<std::size_t>(*count)) {
    return std::string(which) + " tensor " + t.Describe() + " holds " +
           std::to_string(t.buffer_elements()) + " elements";
  }
  return std::nullopt;
}

}  // namespace

float HalfToFloat(uint16_t bits) noexcept {
  const uint32_t sign = static_cast<uint32_t>(bits & 0x8000) << 16;
  const uint32_t exponent = (bits >> 10) & 0x1f;
  const uint32_t mantissa = bits & 0x3ff;
  float magnitude;
  if (exponent == 0) {
    magnitude = std::ldexp(static_cast<float>(mantissa), -24);  // zero or subnormal
  } else if (exponent == 31) {
    magnitude = mantissa ? NAN : INFINITY;
  } else {
    magnitude = std::ldexp(static_cast<float>(mantissa | 0x400), static_cast<int>(exponent) - 25);
  }
  return sign ? -magnitude : magnitude;
}

float BFloat16ToFloat(uint16_t bits) noexcept {
  const uint32_t wide = static_cast<uint32_t>(bits) << 16;
  float value;
  std::memcpy(&value, &wide, sizeof value);
  return value;
}

std::optional<std::string> CompareTensors(const Tensor& expected, const Tensor& actual,
                                          const Tolerance& tolerance) {
  if (expected.type() != actual.type()) {
    return "element type: expected " + expected.Describe() + ", got " + actual.Describe();
  }
  if (expected.shape() != actual.shape()) {
    return "shape: expected " + expected.Describe() + ", got " + actual.Describe();
  }
  if (auto bad = CheckBuffer(expected, "expected")) return bad;
  if (auto bad = CheckBuffer(actual, "actual")) return bad;
  const std::size_t count = expected.buffer_elements();
  switch (FamilyOf(expected.type())) {
    case Family::kFloat:
    case Family::kComplex: {
      const std::size_t components = count * (FamilyOf(expected.type()) == Family::kComplex ? 2 : 1);
      return CompareElements(
          components,
          [&](std::size_t i) { return FloatsMatch(FloatAt(expected, i), FloatAt(actual, i), tolerance); },
          [&](std::ostream& out, std::size_t i) {
            out << "expected " << FloatAt(expected, i) << ", got " << FloatAt(actual, i);
          });
    }
    case Family::kSigned:
      return CompareElements(
          count, [&](std::size_t i) { return IntegerAt<int64_t>(expected, i) == IntegerAt<int64_t>(actual, i); },
          [&](std::ostream& out, std::size_t i) {
            out << "expected " << IntegerAt<int64_t>(expected, i) << ", got " << IntegerAt<int64_t>(actual, i);
          });
    case Family::kUnsigned:
    case Family::kBool:
      return CompareElements(
          count, [&](std::size_t i) { return IntegerAt<uint64_t>(expected, i) == IntegerAt<uint64_t>(actual, i); },
          [&](std::ostream& out, std::size_t i) {
            out << "expected " << IntegerAt<uint64_t>(expected, i) << ", got " << IntegerAt<uint64_t>(actual, i);
          });
    case Family::kString:
      return CompareElements(
          count, [&](std::size_t i) { return expected.strings()[i] == actual.strings()[i]; },
          [&](std::ostream& out, std::size_t i) {
            out << "expected \"" << expected.strings()[i] << "\", got \"" << actual.strings()[i] << "\"";
          });
    case Family::kOther:
      break;
  }
  return "element type " + std::string(ElementTypeName(expected.type())) + " can't be compared";
}

std::optional<std::string> CompareValues(const Value& expected, const Value& actual,
                                         const Tolerance& tolerance) {
  if (expected.kind() != actual.kind()) {
    return "expected " + expected.Describe() + ", got " + actual.Describe();
  }
  switch (expected.kind()) {
    case ValueKind::kTensor:
      return CompareTensors(expected.tensor(), actual.tensor(), tolerance);
    case ValueKind::kOptional:
      return std::nullopt;  // both None
    case ValueKind::kMap: {
      if (auto bad = CompareTensors(expected.map_keys(), actual.map_keys(), tolerance)) return "keys: " + *bad;
      if (auto bad = CompareValues(expected.map_values(), actual.map_values(), tolerance)) {
        return "values: " + *bad;
      }
      return std::nullopt;
    }
    case ValueKind::kSequence: {
      const auto& e = expected.sequence();
      const auto& a = actual.sequence();
      if (e.size() != a.size()) {
        return "sequence length: expected " + std::to_string(e.size()) + ", got " + std::to_string(a.size());
      }
      for (std::size_t i = 0; i < e.size(); ++i) {
        if (auto bad = CompareValues(e[i], a[i], tolerance)) return "element " + std::to_string(i) + ": " + *bad;
      }
      return std::nullopt;
    }
  }
  return std::nullopt;
}

}  // namespace ortkit::conformance
