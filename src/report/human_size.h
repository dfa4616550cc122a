// Numbers for people: byte sizes in binary units and counts with digit grouping.
#pragma once

#include <cstdint>
#include <string>

namespace ortkit::report {

/// "0 B", "1023 B", "1.5 KiB", "12.3 MiB", "1.0 GiB", ...: one decimal from KiB on (units of 1024).
std::string HumanBytes(uint64_t bytes);

/// "1,234,567": thousands separated by commas, whatever the locale.
std::string GroupDigits(uint64_t value);

}  // namespace ortkit::report
