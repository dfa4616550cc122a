// Times and shares for people (see doctor_figures.h).
#include "report/doctor_figures.h"

#include <cmath>

#include <fmt/format.h>

namespace ortkit::report {

std::string FormatMs(double ms) {
  if (ms >= 1000.0) return fmt::format("{:.3g} s", ms / 1000.0);
  if (ms >= 100.0) return fmt::format("{:.0f} ms", ms);
  if (ms >= 10.0) return fmt::format("{:.1f} ms", ms);
  if (ms >= 1.0) return fmt::format("{:.2f} ms", ms);
  return fmt::format("{:.3f} ms", ms);
}

std::string FormatSeconds(double seconds) {
  if (seconds < 60.0) return fmt::format("{:.1f} s", seconds);
  const long whole = std::lround(seconds);
  return fmt::format("{} min {} s", whole / 60, whole % 60);
}

std::string FormatShare(double share) {
  const double percent = share * 100.0;
  return percent < 1.0 ? fmt::format("{:.1f}%", percent) : fmt::format("{:.0f}%", percent);
}

}  // namespace ortkit::report
