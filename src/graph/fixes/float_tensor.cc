// float32 tensor data in and out of onnx::TensorProto.
#include "graph/fixes/float_tensor.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "ortkit/error.h"

namespace ortkit::graph::fixes {

int64_t ElementCount(const onnx::TensorProto& tensor) {
  int64_t n = 1;
  for (int64_t d : tensor.dims()) n *= d;
  return n;
}

std::vector<float> ReadFloats(const onnx::TensorProto& tensor, const std::string& pass) {
  const auto fail = [&](const std::string& what) {
    throw Error(ErrorCategory::kLoad, pass + ": tensor '" + tensor.name() + "': " + what);
  };
  if (tensor.data_location() == onnx::TensorProto::EXTERNAL) {
    fail("its data is external; read the model with load_external_data first");
  }
  const int64_t n = ElementCount(tensor);
  if (!tensor.has_raw_data()) {
    if (tensor.float_data_size() != n) {
      fail("float_data holds " + std::to_string(tensor.float_data_size()) + " values, expected " + std::to_string(n));
    }
    return {tensor.float_data().begin(), tensor.float_data().end()};
  }
  const std::string& raw = tensor.raw_data();
  if (static_cast<int64_t>(raw.size()) != n * static_cast<int64_t>(sizeof(float))) {
    fail("raw_data holds " + std::to_string(raw.size()) + " bytes, expected " +
         std::to_string(n * static_cast<int64_t>(sizeof(float))) + " for its shape");
  }
  // ONNX stores raw_data little-endian, as every platform ortkit builds for.
  std::vector<float> values(static_cast<std::size_t>(n));
  if (n > 0) std::memcpy(values.data(), raw.data(), raw.size());
  return values;
}

onnx::TensorProto RawTensor(const std::string& name, int32_t type, const std::vector<int64_t>& dims,
                            std::string bytes) {
  onnx::TensorProto t;
  t.set_name(name);
  t.set_data_type(type);
  for (int64_t d : dims) t.add_dims(d);
  t.set_raw_data(std::move(bytes));
  return t;
}

}  // namespace ortkit::graph::fixes

namespace ortkit::graph::fixes {

uint16_t FloatToHalf(float value) {
  uint32_t x;
  std::memcpy(&x, &value, sizeof x);
  const uint32_t sign = (x >> 16) & 0x8000u;
  uint32_t mantissa = x & 0x7fffffu;
  const int exponent = static_cast<int>((x >> 23) & 0xffu);
  if (exponent == 0xff) return static_cast<uint16_t>(sign | 0x7c00u | (mantissa ? 0x200u : 0u));
  const int e = exponent - 127 + 15;
  if (e >= 0x1f) return static_cast<uint16_t>(sign | 0x7c00u);
  if (e <= 0) {
    if (e < -10) return static_cast<uint16_t>(sign);  // below half the smallest subnormal
    mantissa |= 0x800000u;
    const uint32_t shift = static_cast<uint32_t>(14 - e);
    uint32_t half = mantissa >> shift;
    const uint32_t rest = mantissa & ((1u << shift) - 1);
    const uint32_t halfway = 1u << (shift - 1);
    if (rest > halfway || (rest == halfway && (half & 1u))) ++half;
    return static_cast<uint16_t>(sign | half);
  }
  uint32_t half = sign | (static_cast<uint32_t>(e) << 10) | (mantissa >> 13);
  const uint32_t rest = mantissa & 0x1fffu;
  // A carry out of the mantissa raises the exponent, which is the right rounding.
  if (rest > 0x1000u || (rest == 0x1000u && (half & 1u))) ++half;
  return static_cast<uint16_t>(half);
}

HalfConversion ToFloat16(onnx::TensorProto& tensor, const std::string& pass) {
  HalfConversion r;
  const std::vector<float> values = ReadFloats(tensor, pass);
  constexpr float kMax = 65504.0f;
  std::string bytes(values.size() * 2, '\0');
  for (std::size_t i = 0; i < values.size(); ++i) {
    float v = values[i];
    if (std::isfinite(v) && std::fabs(v) > kMax) {
      ++r.clamped;
      r.lowest = std::min(r.lowest, static_cast<double>(v));
      r.highest = std::max(r.highest, static_cast<double>(v));
      v = v > 0 ? kMax : -kMax;
    }
    const uint16_t h = FloatToHalf(v);
    if (v != 0 && (h & 0x7fffu) == 0) ++r.underflowed;
    std::memcpy(&bytes[i * 2], &h, 2);
  }
  tensor.clear_float_data();
  tensor.set_data_type(onnx::TensorProto::FLOAT16);
  tensor.set_raw_data(std::move(bytes));
  r.values = static_cast<int64_t>(values.size());
  return r;
}

}  // namespace ortkit::graph::fixes
