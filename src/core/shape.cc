// Shape formatting and element counts.
#include "ortkit/shape.h"

#include <limits>

namespace ortkit {

std::string ShapeToString(const Shape& shape) {
  std::string out = "[";
  for (std::size_t i = 0; i < shape.size(); ++i) {
    if (i) out += ',';
    out += std::to_string(shape[i]);
  }
  return out + "]";
}

std::string ShapeToString(const DeclaredShape& shape) {
  std::string out = "[";
  for (std::size_t i = 0; i < shape.size(); ++i) {
    if (i) out += ',';
    const Dim& d = shape[i];
    if (d.is_fixed()) {
      out += std::to_string(d.value);
    } else {
      out += d.symbol.empty() ? "?" : d.symbol;
    }
  }
  return out + "]";
}

std::optional<int64_t> ElementCount(const Shape& shape) noexcept {
  bool has_zero = false;
  for (int64_t d : shape) {
    if (d < 0) return std::nullopt;
    has_zero = has_zero || d == 0;
  }
  // A zero dimension makes the tensor empty however large the others are.
  if (has_zero) return 0;
  int64_t count = 1;
  for (int64_t d : shape) {
    if (count > std::numeric_limits<int64_t>::max() / d) return std::nullopt;
    count *= d;
  }
  return count;
}

}  // namespace ortkit
