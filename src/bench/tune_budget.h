// How long `ortkit tune` may measure: "90s", "10m", "1h", "1.5m", or a combination ("1m30s").
#pragma once

#include <string>

namespace ortkit::bench {

/// Parses a budget: one or more NUMBER UNIT parts, units s, m or h ("90s", "10m", "1h30m",
/// "2.5m"). Returns "" and sets `seconds` (> 0), or says what is wrong.
std::string ParseBudget(const std::string& text, double* seconds);

/// "1m30s", "45s", "1h05m", "0.8s": seconds as a budget is written.
std::string FormatSeconds(double seconds);

}  // namespace ortkit::bench
