// GPU memory in use, read through NVML when a GPU and its driver are present. NVML is opened with
// dlopen at run time: never a build dependency, and its absence is an answer, not an error.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

namespace ortkit::memory {

class GpuMemory {
 public:
  /// Tries libnvidia-ml.so.1; never throws. available() says whether it worked, why_not() why not.
  GpuMemory();
  ~GpuMemory();
  GpuMemory(const GpuMemory&) = delete;
  GpuMemory& operator=(const GpuMemory&) = delete;

  bool available() const noexcept;
  /// "no NVML (libnvidia-ml.so.1: cannot open ...)", "NVML sees no GPU", ... Empty when available.
  const std::string& why_not() const noexcept { return why_not_; }

  /// Bytes in use on all GPUs together (every process's, as NVML counts them); empty when not
  /// available or when NVML fails (~10 us a call: read with the detailed counters only).
  std::optional<int64_t> UsedBytes() const;

 private:
  struct Nvml;
  std::unique_ptr<Nvml> nvml_;
  std::string why_not_;
};

}  // namespace ortkit::memory
