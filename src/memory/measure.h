// The measurement loop: load, then run a schedule, timing each run and sampling memory after it
// at a rate chosen to keep the sampling under a share of the run time.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "memory/proc_memory.h"
#include "memory/schedule.h"
#include "memory/workload.h"

namespace ortkit::memory {

/// Memory after a given number of iterations.
struct Sample {
  int64_t iteration = 0;  ///< iterations done when read: -1 before load, 0 right after it
  CheapCounters cheap;
  /// The peak at load and phase ends; PSS and private dirty too right after load, at the end,
  /// and every `detailed_every` iterations.
  std::optional<DetailedCounters> detailed;
  std::optional<int64_t> gpu_used;  ///< with PSS, when NVML is present
  /// The session's arena counters (ORT's C API 23+), read right after the others, when it has them.
  std::optional<ArenaStats> arena;
};

/// How the sampling was done, and what it cost.
struct SamplingInfo {
  int64_t cheap_every = 1;     ///< cheap counters after every Nth iteration (and every new largest shape)
  int64_t detailed_every = 0;  ///< PSS (smaps_rollup) every Nth iteration; 0: after load and at the end only
  double cheap_cost_us = 0;    ///< measured cost of one cheap read (the arena's counters included)
  double arena_cost_us = 0;    ///< of which reading the session's arena counters (0: not read)
  double detailed_cost_us = 0; ///< measured cost of one full detailed read (status, smaps_rollup, GPU)
  double budget = 0.02;        ///< the share of run time sampling was allowed
  int64_t samples = 0;         ///< samples taken after iterations
  /// Time spent sampling between the runs (measured, not estimated), and its share of the runs'
  /// total time. Above `budget` only for runs of a few microseconds, where 30 samples after the
  /// warm-up already cost more. The reads before the first and after the last run are not in it.
  double sampling_ms = 0;
  double overhead = 0;
  bool heap_available = true;  ///< glibc's counters work (see ProcMemory::HeapCountersAvailable)
  std::string gpu;             ///< "NVML: 1 GPU" or why there is no GPU reading
};

struct Measurement {
  Sample before_load;
  Sample after_load;
  std::vector<Sample> samples;  ///< after iterations, ascending; the last is after the last iteration
  std::vector<double> run_ms;   ///< per iteration, in order (malloc_trim included when asked)
  double load_ms = 0;
  double loop_ms = 0;  ///< wall time from the first iteration to the last, sampling between runs included
  /// This thread's CPU time over the same loop (user and system): what the loop itself cost, free
  /// of other processes' load (ORT's runs count fully only with one intra-op thread).
  double loop_cpu_ms = 0;
  SamplingInfo sampling;
};

struct MeasureOptions {
  /// 0: choose the cheap-sample stride from the measured costs so that sampling stays under
  /// `overhead_budget` of run time, but keep at least 30 samples after the warm-up; N > 0:
  /// every Nth iteration. Iterations with a new largest shape are always sampled.
  int64_t sample_every = 0;
  double overhead_budget = 0.02;
  /// Call malloc_trim(0) after every run (a variant: gives freed heap pages back to the OS).
  bool malloc_trim_after_run = false;
  /// False: no sampling at all, only timing (to measure what sampling costs).
  bool sample = true;
  /// Called now and then with (iterations done, total) for a progress display.
  std::function<void(int64_t, int64_t)> progress;
};

/// Loads through `load` (timed, sampled before and after), then runs every iteration of
/// `schedule`: Prepare, Run (timed), Release, sample. Errors from the workload propagate.
Measurement Measure(const std::function<std::unique_ptr<Workload>()>& load, const Schedule& schedule,
                    const MeasureOptions& options = {});

}  // namespace ortkit::memory
