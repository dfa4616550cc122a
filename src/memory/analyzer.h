// From a measurement to a verdict: stable, plateau, step growth on new shapes, or leak; with the
// phases, the steps (when, how much, which shape) and where the growth went.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "memory/intervals.h"
#include "memory/leak_test.h"
#include "memory/measure.h"
#include "memory/schedule.h"

namespace ortkit::memory {

enum class Verdict {
  kStable,      ///< no growth worth reporting
  kPlateau,     ///< grew during the warm-up, then flat
  kStepGrowth,  ///< grew after the warm-up in lasting steps: at new (largest) shapes, arena / memory pattern
  /// Resident memory grows steadily while the heap in use does not, within what the C allocator
  /// holds: it keeps freed pages (fragmentation). Not a leak; malloc_trim or arena settings help.
  kAllocatorGrowth,
  kLeak,        ///< sustained linear growth on shapes already seen
};

/// "stable", "plateau", "step growth", "allocator growth", "leak".
const char* ToString(Verdict verdict) noexcept;

/// Memory and latency over one phase: "load", "warm-up" or "steady".
struct Phase {
  std::string name;
  int64_t first_iteration = 0;  ///< 1-based; 0 for load
  int64_t last_iteration = 0;
  CheapCounters start;  ///< at the phase's start (before load for "load")
  CheapCounters end;
  /// Each counter's median over the samples inside the phase (load: `end`): the phase's level.
  CheapCounters median;
  std::optional<DetailedCounters> end_detailed;
  std::optional<int64_t> end_gpu;
  double ms_median = 0;  ///< per run (load: the load time)
  double ms_p90 = 0;
};

/// A lasting jump in the verdict's series, larger than the step threshold.
struct Step {
  int64_t iteration = 0;        ///< 1-based iteration it is attributed to (see Interval::cause_iteration)
  int64_t sampled_after = 0;    ///< the sample that showed it (iterations done)
  int64_t bytes = 0;
  std::string shape;            ///< DescribeDims of that iteration
  IntervalCause cause = IntervalCause::kRepeat;
  bool steady = false;
  /// When the session's arena was read: the chunks it took from the system over the step and the
  /// bytes it then held more. A step with extensions is the arena's own growth.
  int64_t arena_extensions = 0;
  int64_t arena_bytes = 0;
};

/// Where the verdict series grew after load, in bytes.
struct Attribution {
  int64_t warmup = 0;     ///< during the warm-up, whatever the cause
  int64_t new_max = 0;    ///< steady phase, intervals with a new largest shape (arena)
  int64_t new_shape = 0;  ///< steady phase, intervals with a new shape only (memory-pattern plans)
  int64_t repeat = 0;     ///< steady phase, shapes seen before (a leak)
  /// Steady growth of resident anonymous memory beyond the heap's: pages the C allocator keeps
  /// after they were freed, or memory outside it. Never negative.
  int64_t resident_beyond_heap = 0;
};

/// The session's CPU arena over the run, from its own counters (Model::arena_stats).
struct ArenaSummary {
  ArenaStats after_load;
  ArenaStats end;
  int64_t steady_extensions = 0;  ///< NumArenaExtensions over the steady phase
  int64_t steady_reserved = 0;    ///< TotalAllocated's change over the steady phase, bytes
  /// Steady growth of the verdict's series on shapes already seen that the arena's TotalAllocated
  /// does not account for (what the leak test judges when the arena is read).
  int64_t repeat_beyond_arena = 0;
};

struct AnalyzerOptions {
  LeakCriteria leak;
  /// Rises below max(this, 10 x the noise of repeat intervals, the largest fall of the series) are
  /// not steps: a series that falls by X now and then shows rises of X as a matter of course.
  int64_t min_step_bytes = 64 * 1024;
};

struct Analysis {
  Verdict verdict = Verdict::kStable;
  /// The series the verdict rests on: "heap" (bytes in use from the C allocator) when glibc's
  /// counters work, else "anon" (resident anonymous memory).
  std::string metric;
  std::vector<Phase> phases;   ///< load, warm-up, steady
  std::vector<Step> steps;      ///< rises that stay: memory never falls back below half of them
  int64_t transient_rises = 0;  ///< rises above the threshold that memory later fell back from
  Attribution attribution;
  LeakTest leak;               ///< on `metric`
  LeakTest resident_leak;      ///< the same test on resident anonymous memory
  /// Present when every sample read the session's arena; then the leak test runs on the heap
  /// minus the arena's TotalAllocated ("heap beyond the arena"), so that the arena's own growth
  /// is never taken for a leak.
  std::optional<ArenaSummary> arena;
  /// For a leak: "C heap", "allocator (heap in use is flat; resident memory grows)" or
  /// "outside the C heap"; empty otherwise.
  std::string leak_location;
  int64_t step_threshold = 0;  ///< bytes
  std::vector<std::string> notes;  ///< facts the reader needs (what was not available, why)
};

Analysis Analyze(const Measurement& m, const Schedule& schedule, const AnalyzerOptions& options = {});

}  // namespace ortkit::memory
