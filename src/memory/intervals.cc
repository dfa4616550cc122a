// CutIntervals: pair consecutive samples and look up what the schedule ran between them.
#include "memory/intervals.h"

namespace ortkit::memory {

const char* ToString(IntervalCause cause) noexcept {
  switch (cause) {
    case IntervalCause::kNewMax: return "new largest shape";
    case IntervalCause::kNewShape: return "new shape";
    case IntervalCause::kRepeat: return "shapes seen before";
  }
  return "?";
}

std::vector<Interval> CutIntervals(const Measurement& m, const Schedule& schedule, const Metric& metric) {
  std::vector<Interval> out;
  out.reserve(m.samples.size());
  const Sample* before = &m.after_load;
  for (const Sample& s : m.samples) {
    Interval iv;
    iv.first = before->iteration;
    iv.last = s.iteration;
    iv.growth = metric(s) - metric(*before);
    if (s.arena && before->arena) {
      iv.arena_extensions = s.arena->num_arena_extensions - before->arena->num_arena_extensions;
      iv.arena_reserved = s.arena->total_allocated - before->arena->total_allocated;
    }
    iv.steady = iv.first >= schedule.warmup;
    iv.cause_iteration = iv.last;
    for (int64_t i = iv.first; i < iv.last && i < static_cast<int64_t>(schedule.iterations.size()); ++i) {
      const Iteration& it = schedule.iterations[static_cast<std::size_t>(i)];
      if (it.new_max) {
        iv.cause = IntervalCause::kNewMax;
        iv.cause_iteration = i + 1;
        break;  // the largest-shape cause wins over any new shape before it
      }
      if (it.new_shape && iv.cause == IntervalCause::kRepeat) {
        iv.cause = IntervalCause::kNewShape;
        iv.cause_iteration = i + 1;
      }
    }
    out.push_back(iv);
    before = &s;
  }
  return out;
}

}  // namespace ortkit::memory
