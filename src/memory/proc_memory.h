// Readers of this process's memory counters: /proc/self (statm, status, smaps_rollup) and the C
// allocator's own accounting (glibc mallinfo2). Linux only; every reader reports what it lacks.
#pragma once

#include <cstdint>
#include <optional>

namespace ortkit::memory {

/// The counters cheap enough to read after every iteration (about 1.5 us together, measured).
struct CheapCounters {
  int64_t rss = 0;        ///< resident set, bytes (statm resident)
  int64_t anon = 0;       ///< resident anonymous memory, bytes (statm resident - shared = RssAnon)
  int64_t heap = 0;       ///< bytes the C allocator has handed out and not had back (in use)
  int64_t footprint = 0;  ///< bytes the C allocator holds from the OS, in use or free
};

/// The costlier ones: /proc/self/status (~10 us) for the peak, and smaps_rollup, which walks every
/// page table of the process (0.4 to 1.5 ms with ORT and a model loaded, measured).
struct DetailedCounters {
  int64_t peak_rss = 0;                  ///< VmHWM: the highest resident set so far, bytes
  std::optional<int64_t> pss;            ///< proportional set size, bytes (smaps_rollup Pss)
  std::optional<int64_t> private_dirty;  ///< smaps_rollup Private_Dirty, bytes
};

/// Keeps /proc/self/statm open so that a cheap read is one pread. Not thread-safe; one per
/// measurement. Throws Error(kIo) from the constructor when /proc/self/statm can't be opened
/// (not Linux, or /proc not mounted).
class ProcMemory {
 public:
  ProcMemory();
  ~ProcMemory();
  ProcMemory(const ProcMemory&) = delete;
  ProcMemory& operator=(const ProcMemory&) = delete;

  CheapCounters ReadCheap() const;
  /// The peak from /proc/self/status, and with `smaps` PSS and private dirty from smaps_rollup
  /// (Linux 4.14+; left empty where it can't be read). Empty when status can't be read.
  std::optional<DetailedCounters> ReadDetailed(bool smaps = true) const;

  /// True when the C allocator reports its use (glibc's malloc). False under an allocator that
  /// replaces malloc (jemalloc, tcmalloc): heap and footprint then read 0 and only RSS is usable.
  static bool HeapCountersAvailable();

 private:
  int statm_fd_ = -1;
  int64_t page_size_ = 4096;
};

}  // namespace ortkit::memory
