// Shapes of concrete tensors and of model inputs/outputs (which may have symbolic dimensions).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ortkit {

/// A concrete tensor shape: every dimension is known.
using Shape = std::vector<int64_t>;

/// One dimension of a declared shape: a fixed size, a named free dimension ("batch"), or an
/// unnamed free dimension.
struct Dim {
  int64_t value = -1;  ///< >= 0 when fixed, -1 when free
  std::string symbol;  ///< the free dimension's name; empty when fixed or unnamed

  bool is_fixed() const noexcept { return value >= 0; }
  static Dim Fixed(int64_t v) { return Dim{v, {}}; }
  static Dim Free(std::string name = {}) { return Dim{-1, std::move(name)}; }
  bool operator==(const Dim& other) const noexcept {
    return value == other.value && symbol == other.symbol;
  }
};

using DeclaredShape = std::vector<Dim>;

/// "[1,3,224,224]".
std::string ShapeToString(const Shape& shape);
/// "[batch,3,?,224]": symbols by name, unnamed free dimensions as "?".
std::string ShapeToString(const DeclaredShape& shape);

/// Product of the dimensions; nullopt if one is negative or the product overflows int64.
std::optional<int64_t> ElementCount(const Shape& shape) noexcept;

}  // namespace ortkit
