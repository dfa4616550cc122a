// A memory series cut into the intervals between consecutive samples, each labelled with what the
// schedule did in it: brought a new largest shape, a new shape, or only shapes already seen.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "memory/measure.h"
#include "memory/schedule.h"

namespace ortkit::memory {

enum class IntervalCause {
  kNewMax,    ///< an iteration in it ran a shape larger than any before (arena growth expected)
  kNewShape,  ///< a shape not seen before, not the largest (memory-pattern plans expected)
  kRepeat,    ///< only shapes already run: a leak is the only reason to grow here
};

/// "new largest shape", "new shape", "shapes seen before".
const char* ToString(IntervalCause cause) noexcept;

struct Interval {
  int64_t first = 0;  ///< iterations done at the sample before (0: right after load)
  int64_t last = 0;   ///< iterations done at the sample that closes it
  int64_t growth = 0; ///< bytes, last sample minus the one before
  IntervalCause cause = IntervalCause::kRepeat;
  bool steady = false;     ///< after the warm-up
  int64_t cause_iteration = 0;  ///< 1-based iteration of the first new (largest) shape in it, else `last`
  /// The session's arena over the interval, when both samples read it: chunks taken from the
  /// system (NumArenaExtensions) and the bytes it holds from it (TotalAllocated), as differences.
  std::optional<int64_t> arena_extensions;
  std::optional<int64_t> arena_reserved;
  int64_t length() const noexcept { return last - first; }
};

/// Which figure of a sample a series follows.
using Metric = std::function<int64_t(const Sample&)>;

/// The intervals between after_load and each sample of `m`, for `metric`.
std::vector<Interval> CutIntervals(const Measurement& m, const Schedule& schedule, const Metric& metric);

}  // namespace ortkit::memory
