// One sample of this process's memory at a chosen depth: the cheap counters always, the peak, PSS
// and the GPU when asked. Shared by the measurement loop and the session cycles.
#pragma once

#include <functional>
#include <string>

#include "memory/gpu_memory.h"
#include "memory/measure.h"
#include "memory/proc_memory.h"

namespace ortkit::memory {

/// How much of a sample to read.
enum class Depth {
  kCheap,  ///< statm and mallinfo2 (~1.5 us)
  kPeak,   ///< and VmHWM from status (~10 us)
  kFull,   ///< and smaps_rollup and the GPU (0.4 to 1.5 ms with ORT and a model loaded)
};

/// The median of 9 timed calls of `call`, in microseconds (a shared machine can stall any one).
double MedianCallUs(const std::function<void()>& call);

class Sampler {
 public:
  Sample Take(int64_t iteration, Depth depth) const;
  /// The median cost of a cheap read in microseconds (a shared machine can stall any one read).
  double CheapCostUs() const;
  /// "NVML: ..." or why there is no GPU reading.
  std::string GpuNote() const;

 private:
  ProcMemory proc_;
  GpuMemory gpu_;
};

}  // namespace ortkit::memory
