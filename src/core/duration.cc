// The duration grammar of every flag that takes a time: see duration.h.
#include "core/duration.h"

#include <cmath>
#include <cstdlib>

#include <fmt/format.h>

namespace ortkit::core {

std::string ParseDuration(const std::string& text, double* seconds) {
  const std::string expected = "expected a duration such as 90s, 10m, 1h or 1m30s, got '" + text + "'";
  if (text.empty()) return expected;
  // A bare number is seconds: the text as if it ended in 's'.
  const bool bare = text.find_first_not_of("0123456789.") == std::string::npos;
  const std::string parts = bare ? text + "s" : text;
  double total = 0;
  std::size_t i = 0;
  while (i < parts.size()) {
    const std::size_t start = i;
    while (i < parts.size() && ((parts[i] >= '0' && parts[i] <= '9') || parts[i] == '.')) ++i;
    if (i == start || i == parts.size()) return expected;  // no number, or a number without a unit
    const std::string number = parts.substr(start, i - start);
    char* end = nullptr;
    const double value = std::strtod(number.c_str(), &end);
    if (end != number.c_str() + number.size() || !std::isfinite(value)) return expected;
    switch (parts[i]) {
      case 's': total += value; break;
      case 'm': total += value * 60; break;
      case 'h': total += value * 3600; break;
      default: return expected;
    }
    ++i;
  }
  if (!(total > 0)) return "the duration must be above zero, got '" + text + "'";
  if (total > 7 * 24 * 3600.0) return "the duration must be at most a week (168h), got '" + text + "'";
  *seconds = total;
  return {};
}

std::string FormatDuration(double seconds) {
  if (seconds < 10) return fmt::format("{:.1f}s", seconds);
  const long total = std::lround(seconds);
  if (total < 60) return fmt::format("{}s", total);
  if (total < 3600) return total % 60 ? fmt::format("{}m{:02}s", total / 60, total % 60) : fmt::format("{}m", total / 60);
  return fmt::format("{}h{:02}m", total / 3600, (total % 3600) / 60);
}

}  // namespace ortkit::core
