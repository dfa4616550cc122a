// libortkit_trace.so's memory series: resident memory (/proc/self/statm) and the C heap in use
// (glibc's mallinfo2), sampled after Run calls within a share of the time spent in Run, kept
// bounded (decimated when full), and written into the report for `ortkit trace` to analyse.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace ortkit_trace {

/// The share of the time spent in Run (all threads together) that sampling may cost.
inline constexpr double kMemoryBudget = 0.02;
/// The most samples kept; when full, every other one is dropped and the stride doubles.
inline constexpr std::size_t kMaxMemorySamples = 2048;
/// The time floor: at least this much run time (all threads together) between two samples.
inline constexpr double kMinSampleRunUs = 500;

/// Called after every successful Run or RunWithBinding with its duration. Samples when the run
/// time accumulated since the last sample pays for one at the budget (the median of the last
/// samples' measured costs / kMemoryBudget), and is at least kMinSampleRunUs, and `stride` runs
/// have passed. Thread-safe: lock-free unless a sample is due (then its own lock, never the
/// registry's).
void MemoryOnRun(double run_us);

/// Something that grows memory on purpose happened (a session was created, a session ran a new
/// input shape): the interval holding it is not judged by the leak test.
void MemoryNoteEvent();

/// The trace's own bookkeeping that grows with the runs (the latency reservoir) grew by `bytes`:
/// taken out of the heap and resident figures of later samples, so it is never a leak of the program.
void MemoryOwnBytes(int64_t bytes);

/// The report's "memory" object. Takes the series' own lock only (never the registry's); with
/// `fatal` (from a signal handler) it tries for a while and then writes an empty series rather
/// than hang on a lock the crashing thread holds.
std::string MemoryJson(bool fatal = false);

}  // namespace ortkit_trace
