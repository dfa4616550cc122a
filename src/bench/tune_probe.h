// Which of tune's settings this ONNX Runtime library accepts: each is tried on a one-node model
// before the search, so that an axis the library refuses is reported as skipped, with ORT's
// words, instead of failing trial after trial (or being assumed to exist).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "bench/tune_space.h"

namespace ortkit::bench {

/// The settings in `axes` that ORT's defaults do not already hold (session-level keys only:
/// opt, spin_duration_us, spin_backoff_max, dynamic_block_base), each tried alone on ORT's
/// defaults. Returns the refused ones, "key=value" → ORT's message; an empty map when all load.
std::map<std::string, std::string> ProbeRefusedSettings(const std::vector<TuneAxis>& axes);

}  // namespace ortkit::bench
