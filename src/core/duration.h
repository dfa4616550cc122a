// Durations as every ortkit flag that takes one writes them (--budget, --timeout, --duration):
// "90" or "90s", "10m", "1h", "2.5m", or parts together ("1m30s").
#pragma once

#include <string>

namespace ortkit::core {

/// Parses one or more NUMBER UNIT parts, units s, m or h ("90s", "10m", "1h30m", "2.5m"); a bare
/// number is seconds ("90"). Returns "" and sets `seconds` (> 0, at most a week), or says what
/// is wrong ("expected a duration such as 90s, 10m, 1h or 1m30s, got 'x'") and leaves it.
std::string ParseDuration(const std::string& text, double* seconds);

/// "1m30s", "45s", "1h05m", "0.8s": seconds as a duration is written.
std::string FormatDuration(double seconds);

}  // namespace ortkit::core
