// What ortkit reads of the machine it runs on, and the time, for reports and per-machine caches.
#pragma once

#include <string>

namespace ortkit::core {

/// The CPU's model name from /proc/cpuinfo ("AMD EPYC 9R14 96-Core Processor"); "unknown" when
/// it has none.
std::string CpuModelName();

/// Now in UTC, ISO 8601 to the second: "2026-12-07T17:27:44Z".
std::string UtcTimestamp();

}  // namespace ortkit::core
