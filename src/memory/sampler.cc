// Sampler: the readers of proc_memory.h and gpu_memory.h behind one call.
#include "memory/sampler.h"

#include <algorithm>
#include <chrono>
#include <vector>

namespace ortkit::memory {

Sample Sampler::Take(int64_t iteration, Depth depth) const {
  Sample s;
  s.iteration = iteration;
  s.cheap = proc_.ReadCheap();
  if (depth != Depth::kCheap) s.detailed = proc_.ReadDetailed(depth == Depth::kFull);
  if (depth == Depth::kFull) s.gpu_used = gpu_.UsedBytes();
  return s;
}

double MedianCallUs(const std::function<void()>& call) {
  std::vector<double> costs;
  for (int i = 0; i < 9; ++i) {
    const auto start = std::chrono::steady_clock::now();
    call();
    costs.push_back(std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start).count());
  }
  std::nth_element(costs.begin(), costs.begin() + costs.size() / 2, costs.end());
  return costs[costs.size() / 2];
}

double Sampler::CheapCostUs() const {
  return MedianCallUs([this] { (void)proc_.ReadCheap(); });
}

std::string Sampler::GpuNote() const {
  return gpu_.available() ? "NVML: GPU memory read with the detailed counters" : gpu_.why_not();
}

}  // namespace ortkit::memory
