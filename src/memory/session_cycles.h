// Session cycles: create, run once and destroy a session many times in one process, sampling
// after each destruction. What stays behind per cycle is the leak class of wrappers that keep
// ORT-allocated names or metadata, and of runtimes with per-session leaks.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>

#include "memory/measure.h"
#include "memory/schedule.h"
#include "memory/workload.h"

namespace ortkit::memory {

struct CycleOptions {
  int64_t cycles = 1000;
  /// Cycles of warm-up; -1: half of them. ONNX Runtime's telemetry (on by default) queues an
  /// event per session and frees the queue when it flushes, on a timer: the heap climbs ~7 KB a
  /// session for 100 to 500 sessions before the sawtooth settles (measured on 1.30; with
  /// telemetry disabled it is flat after 50). Short runs show that climb as a slope: use 1000
  /// cycles or more.
  int64_t warmup = -1;
  std::function<void(int64_t, int64_t)> progress;  ///< (cycles done, total)
};

/// A schedule for the analyzer: `cycles` iterations of the same dims, with its warm-up.
/// Throws Error(kConfig) for fewer than 10 cycles or a warm-up leaving fewer than 5.
Schedule CycleSchedule(const Dims& dims, const CycleOptions& options);

/// Runs the cycles: each one calls `create` (a fresh session), Prepare(dims), Run, Release, then
/// destroys it and samples the cheap counters (detailed ones at the phase ends). In the result,
/// an "iteration" is a cycle, run_ms is the whole cycle, and the load phase is empty.
Measurement MeasureSessionCycles(const std::function<std::unique_ptr<Workload>()>& create, const Dims& dims,
                                 const CycleOptions& options);

}  // namespace ortkit::memory
