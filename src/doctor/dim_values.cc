// Reading doctor's --dim values.
#include "doctor/dim_values.h"

#include <algorithm>
#include <cctype>
#include <limits>

#include "ortkit/error.h"

namespace ortkit::doctor {
namespace {

[[noreturn]] void Bad(const std::string& text, const std::string& why) {
  throw Error(ErrorCategory::kConfig,
              "--dim '" + text + "': " + why + " (expected NAME=VALUES, e.g. batch=1,4 or seq=8..64:8)");
}

int64_t ParseSize(const std::string& text, const std::string& part) {
  if (part.empty() || part.size() > 12 ||
      !std::all_of(part.begin(), part.end(), [](unsigned char c) { return std::isdigit(c) != 0; })) {
    Bad(text, "'" + part + "' is not a size");
  }
  const int64_t value = std::stoll(part);
  if (value < 1) Bad(text, "sizes must be at least 1");
  return value;
}

}  // namespace

DimValues ParseDimValues(const std::string& text) {
  const auto eq = text.find('=');
  if (eq == std::string::npos || eq == 0) Bad(text, "no NAME=");
  DimValues dim;
  dim.name = text.substr(0, eq);
  dim.values = text.substr(eq + 1);
  if (dim.values.empty()) Bad(text, "no values after '='");
  dim.min = std::numeric_limits<int64_t>::max();
  dim.max = 0;
  std::size_t start = 0;
  while (start <= dim.values.size()) {
    const auto comma = dim.values.find(',', start);
    const std::string item = dim.values.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    const auto dots = item.find("..");
    if (dots == std::string::npos) {
      const int64_t v = ParseSize(text, item);
      dim.min = std::min(dim.min, v);
      dim.max = std::max(dim.max, v);
      ++dim.count;
    } else {
      const auto colon = item.find(':', dots);
      const int64_t low = ParseSize(text, item.substr(0, dots));
      const int64_t high =
          ParseSize(text, item.substr(dots + 2, colon == std::string::npos ? std::string::npos : colon - dots - 2));
      const int64_t step = colon == std::string::npos ? 1 : ParseSize(text, item.substr(colon + 1));
      if (high < low) Bad(text, "a range's end is below its start");
      dim.min = std::min(dim.min, low);
      dim.max = std::max(dim.max, high);
      dim.count += static_cast<std::size_t>((high - low) / step + 1);
    }
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return dim;
}

std::string SweepSpec(const DimValues& dim) {
  if (dim.min == dim.max) return dim.name + "=" + std::to_string(dim.min);
  return dim.name + "=" + std::to_string(dim.min) + ".." + std::to_string(dim.max);
}

std::string LargestSpec(const DimValues& dim) { return dim.name + "=" + std::to_string(dim.max); }

}  // namespace ortkit::doctor
