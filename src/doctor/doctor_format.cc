// Figures for people (see doctor_format.h).
#include "doctor/doctor_format.h"

#include <fmt/format.h>

namespace ortkit::doctor {

std::string Ms(double ms) {
  if (ms >= 1000) return fmt::format("{:.2f} s", ms / 1000);
  if (ms >= 10) return fmt::format("{:.1f} ms", ms);
  return fmt::format("{:.2f} ms", ms);
}

std::string Mib(double bytes) { return fmt::format("{:.1f} MiB", bytes / (1024.0 * 1024.0)); }

}  // namespace ortkit::doctor
