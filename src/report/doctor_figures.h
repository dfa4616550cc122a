// Times and shares for people in the doctor HTML report.
#pragma once

#include <string>

namespace ortkit::report {

/// "0.472 ms", "4.72 ms", "47.2 ms", "1.23 s": three significant figures.
std::string FormatMs(double ms);
/// "12.3 s" or "2 min 5 s".
std::string FormatSeconds(double seconds);
/// "45%" (or "0.4%" below 1%).
std::string FormatShare(double share);

}  // namespace ortkit::report
