// Figures for people in doctor's verdicts and actions.
#pragma once

#include <string>

namespace ortkit::doctor {

/// "0.48 ms", "12.3 ms", "1.25 s": a duration for people.
std::string Ms(double ms);
/// "43.8 MiB": bytes for people.
std::string Mib(double bytes);

}  // namespace ortkit::doctor
