// Seeded random tensors for inputs the user did not give, reproducible across platforms.
#include "workload/random_tensor.h"

#include <cmath>
#include <cstring>
#include <memory>
#include <random>
#include <vector>

#include "ortkit/error.h"

namespace ortkit::workload {

const char* const kRandomDistributions =
    "  float32, float64, float16, bfloat16   uniform in [-1,1)\n"
    "  complex64, complex128                 real and imaginary parts uniform in [-1,1)\n"
    "  int8..int64, uint8..uint64            uniform integers in [0,10)\n"
    "  bool                                  true or false, 50/50\n"
    "  string                                \"s<i>\", i the flat element index: \"s0\", \"s1\", ...\n"
    "  seq(tensor(T))                        2 tensors of shape [1]\n"
    "  optional(...)                         left out\n";

namespace {

// mt19937_64's output is fixed by the standard, but std::uniform_*_distribution's is not (libstdc++
// and libc++ differ), so values are derived from raw bits here: the same seed gives the same
// inputs everywhere, which golden tests and bug reports rely on.
class Bits {
 public:
  Bits(uint64_t seed, const std::string& stream) : engine_(Mix(seed ^ Fnv1a(stream))) {}

  uint64_t Next() { return engine_(); }
  /// k * 2^-(b-1) - 1 for a uniform b-bit k: uniform in [-1,1) on a grid of 2^b points, so a type
  /// with at least b significand bits holds every value exactly (no rounding up to 1).
  double Symmetric(int bits) {
    const uint64_t k = Next() >> (64 - bits);
    return std::ldexp(static_cast<double>(k), 1 - bits) - 1.0;
  }

 private:
  static uint64_t Fnv1a(const std::string& text) {
    uint64_t h = 14695981039346656037ull;
    for (unsigned char c : text) h = (h ^ c) * 1099511628211ull;
    return h;
  }
  // splitmix64's finaliser: nearby seeds (0, 1, 2) start far-apart engine states.
  static uint64_t Mix(uint64_t x) {
    x += 0x9e3779b97f4a7c15ull;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
    return x ^ (x >> 31);
  }

  std::mt19937_64 engine_;
};

uint32_t FloatBits(float f) {
  uint32_t u;
  std::memcpy(&u, &f, sizeof u);
  return u;
}

// Exact only for the values Symmetric(11) makes (zero, or normal with <= 11 significant bits),
// which is all it is used for: no rounding or subnormal handling needed.
uint16_t ToHalfBits(float f) {
  const uint32_t u = FloatBits(f);
  const uint16_t sign = static_cast<uint16_t>((u >> 16) & 0x8000u);
  if ((u & 0x7fffffffu) == 0) return sign;
  const int exponent = static_cast<int>((u >> 23) & 0xffu) - 127 + 15;
  return static_cast<uint16_t>(sign | (exponent << 10) | ((u >> 13) & 0x3ffu));
}

template <typename T, typename Make>
Tensor Fill(std::size_t count, const Shape& shape, Make make) {
  std::vector<T> values(count);
  for (auto& v : values) v = make();
  return Tensor::FromVector(std::move(values), shape);
}

template <typename T>
Tensor Integers(std::size_t count, const Shape& shape, Bits& bits) {
  return Fill<T>(count, shape, [&] { return static_cast<T>(bits.Next() % 10); });
}

// For types with no C++ element type in ortkit's table (float16, bfloat16, complex): a buffer of
// raw parts, owned by the tensor and viewed as `type`.
template <typename Part>
Tensor Wrap(ElementType type, std::vector<Part> parts, const Shape& shape) {
  auto owned = std::make_shared<std::vector<Part>>(std::move(parts));
  void* data = owned->data();
  const std::size_t bytes = owned->size() * sizeof(Part);
  return Tensor::Adopt(type, data, bytes, shape, std::move(owned));
}

template <typename Part>
Tensor Complex(ElementType type, std::size_t count, const Shape& shape, Bits& bits, int grid) {
  std::vector<Part> parts(count * 2);  // real, imaginary, real, ...
  for (auto& p : parts) p = static_cast<Part>(bits.Symmetric(grid));
  return Wrap(type, std::move(parts), shape);
}

}  // namespace

Tensor RandomTensor(ElementType type, const Shape& shape, uint64_t seed, const std::string& stream) {
  const auto count_or = ElementCount(shape);
  if (!count_or) {
    throw Error(ErrorCategory::kInput, "input '" + stream + "': shape " + ShapeToString(shape) +
                                           " is negative or too large for random values");
  }
  const auto count = static_cast<std::size_t>(*count_or);
  Bits bits(seed, stream);
  switch (type) {
    case ElementType::kFloat32: return Fill<float>(count, shape, [&] { return static_cast<float>(bits.Symmetric(24)); });
    case ElementType::kFloat64: return Fill<double>(count, shape, [&] { return bits.Symmetric(53); });
    case ElementType::kFloat16:
    case ElementType::kBFloat16: {
      const bool half = type == ElementType::kFloat16;
      std::vector<uint16_t> raw(count);
      for (auto& r : raw) {
        const auto f = static_cast<float>(bits.Symmetric(half ? 11 : 8));
        r = half ? ToHalfBits(f) : static_cast<uint16_t>(FloatBits(f) >> 16);  // bf16: exact, top half
      }
      return Wrap(type, std::move(raw), shape);
    }
    case ElementType::kComplex64: return Complex<float>(type, count, shape, bits, 24);
    case ElementType::kComplex128: return Complex<double>(type, count, shape, bits, 53);
    case ElementType::kInt8: return Integers<int8_t>(count, shape, bits);
    case ElementType::kUInt8: return Integers<uint8_t>(count, shape, bits);
    case ElementType::kInt16: return Integers<int16_t>(count, shape, bits);
    case ElementType::kUInt16: return Integers<uint16_t>(count, shape, bits);
    case ElementType::kInt32: return Integers<int32_t>(count, shape, bits);
    case ElementType::kUInt32: return Integers<uint32_t>(count, shape, bits);
    case ElementType::kInt64: return Integers<int64_t>(count, shape, bits);
    case ElementType::kUInt64: return Integers<uint64_t>(count, shape, bits);
    case ElementType::kBool: {
      std::vector<bool> values(count);
      for (std::size_t i = 0; i < count; ++i) values[i] = (bits.Next() >> 63) != 0;
      return Tensor::FromBools(values, shape);
    }
    case ElementType::kString: {
      std::vector<std::string> values(count);
      for (std::size_t i = 0; i < count; ++i) values[i] = "s" + std::to_string(i);
      return Tensor::FromStrings(std::move(values), shape);
    }
    default:
      throw Error(ErrorCategory::kInput,
                  "input '" + stream + "': ortkit can't make random " + std::string(ElementTypeName(type)) +
                      " values; give this input with --input " + stream + "=FILE");
  }
}

}  // namespace ortkit::workload
