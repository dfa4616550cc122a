// Measure(): the loop, the cost calibration and the choice of sampling strides.
#include "memory/measure.h"

#include <malloc.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <ctime>

#include "memory/sampler.h"

namespace ortkit::memory {
namespace {

using Clock = std::chrono::steady_clock;

double MsSince(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// CPU time of the calling thread, in milliseconds (a system call: read twice per loop only).
double ThreadCpuMs() {
  timespec ts{};
  ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}

// Iterations sampled unconditionally at the start: they also time the runs for the strides.
constexpr int64_t kCalibrationIterations = 3;
// Run times the strides follow (the first run, always slow, is left out).
constexpr int64_t kRecentRuns = 32;
// Fewest cheap samples wanted after the warm-up.
constexpr int64_t kMinSteadySamples = 30;

// The stride that keeps a read of `cost_us` under `share` of iterations of `run_us`.
int64_t Stride(double cost_us, double run_us, double share) {
  if (run_us <= 0 || share <= 0) return 1;
  return std::max<int64_t>(1, static_cast<int64_t>(std::ceil(cost_us / (share * run_us))));
}

}  // namespace

Measurement Measure(const std::function<std::unique_ptr<Workload>()>& load, const Schedule& schedule,
                    const MeasureOptions& options) {
  const auto total = static_cast<int64_t>(schedule.iterations.size());
  Measurement m;
  m.sampling.budget = options.overhead_budget;
  // Sized (so allocated and written) before the first sample, and filled in place: the series
  // must not grow the memory it measures, neither the heap (reallocation) nor resident pages
  // (first writes to reserved capacity).
  m.samples.resize(static_cast<std::size_t>(total));
  m.run_ms.resize(static_cast<std::size_t>(total));
  std::size_t taken = 0;
  std::optional<Sampler> sampler;
  if (options.sample) {
    sampler.emplace();
    m.sampling.heap_available = ProcMemory::HeapCountersAvailable();
    m.sampling.gpu = sampler->GpuNote();
    m.before_load = sampler->Take(-1, Depth::kPeak);
  }

  const auto load_start = Clock::now();
  std::unique_ptr<Workload> workload = load();
  m.load_ms = MsSince(load_start);
  if (sampler) {
    const auto start = Clock::now();
    m.after_load = sampler->Take(0, Depth::kFull);  // timed: it prices the full reads to come
    m.after_load.arena = workload->Arena();
    m.sampling.detailed_cost_us = MsSince(start) * 1000;
    m.sampling.cheap_cost_us = sampler->CheapCostUs();
    // Each cheap sample also reads the arena's counters when the session has them: its cost
    // counts in the stride, so that the budget holds with it.
    if (m.after_load.arena) {
      m.sampling.arena_cost_us = MedianCallUs([&workload] { (void)workload->Arena(); });
      m.sampling.cheap_cost_us += m.sampling.arena_cost_us;
    }
  }

  int64_t cheap_every = options.sample_every > 0 ? options.sample_every : 1;
  int64_t detailed_every = 0;
  int64_t last_cheap = 0;
  int64_t last_detailed = 0;
  // The leak test needs points: for runs so short that the budget would leave fewer than
  // kMinSteadySamples in the steady phase, the budget gives way (and the overhead says so).
  const int64_t max_stride = std::max<int64_t>(1, (total - schedule.warmup) / kMinSteadySamples);
  const int64_t progress_step = std::max<int64_t>(1, total / 100);
  std::array<double, kRecentRuns> recent{};
  const auto loop_start = Clock::now();
  const double loop_cpu_start = ThreadCpuMs();
  for (int64_t i = 0; i < total; ++i) {
    const Iteration& it = schedule.iterations[static_cast<std::size_t>(i)];
    workload->Prepare(it.dims);
    const auto start = Clock::now();
    workload->Run();
    if (options.malloc_trim_after_run) ::malloc_trim(0);
    m.run_ms[static_cast<std::size_t>(i)] = MsSince(start);
    workload->Release();

    const int64_t done = i + 1;
    if (sampler) {
      const bool full = detailed_every > 0 && done - last_detailed >= detailed_every;
      const bool peak = done == schedule.warmup;  // the warm-up's peak, for the phase table
      if (full || peak || done == total || done <= kCalibrationIterations || it.new_max ||
          done - last_cheap >= cheap_every) {
        const auto sample_start = Clock::now();
        Sample& sample = m.samples[taken++];
        sample = sampler->Take(done, full ? Depth::kFull : peak ? Depth::kPeak : Depth::kCheap);
        // After the process counters: the small map ORT hands back is freed before the next read.
        sample.arena = workload->Arena();
        last_cheap = done;
        if (full) last_detailed = done;
        // The strides follow the recent run time: the first runs are slow, and shapes change it.
        if (done >= kCalibrationIterations) {
          // In a fixed buffer: an allocation here would land between the runs being measured.
          const int64_t n = std::min(kRecentRuns, done - 1);
          std::copy(m.run_ms.begin() + (done - n), m.run_ms.begin() + done, recent.begin());
          std::nth_element(recent.begin(), recent.begin() + n / 2, recent.begin() + n);
          const double run_us = recent[static_cast<std::size_t>(n / 2)] * 1000;
          // A third of the budget for the cheap reads, a sixth for the full ones: the reads cost
          // more than their own time (the kernel's page-table walk, caches they evict; measured
          // by bench/memcheck_overhead_bench.cc), and samples are forced at new largest shapes.
          if (options.sample_every == 0) {
            cheap_every = std::min(Stride(m.sampling.cheap_cost_us, run_us, options.overhead_budget / 3), max_stride);
          }
          detailed_every = Stride(m.sampling.detailed_cost_us, run_us, options.overhead_budget / 6);
        }
        m.sampling.sampling_ms += MsSince(sample_start);
      }
    }
    if (options.progress && (done % progress_step == 0 || done == total)) options.progress(done, total);
  }
  m.loop_ms = MsSince(loop_start);
  m.loop_cpu_ms = ThreadCpuMs() - loop_cpu_start;
  m.samples.resize(taken);
  if (sampler && taken > 0) {
    // After the last run, outside the loop: the full counters of the final state.
    const Sample last = sampler->Take(total, Depth::kFull);
    m.samples.back().detailed = last.detailed;
    m.samples.back().gpu_used = last.gpu_used;
    m.samples.back().arena = workload->Arena();
  }
  m.sampling.cheap_every = cheap_every;
  m.sampling.detailed_every = detailed_every;
  m.sampling.samples = static_cast<int64_t>(taken);
  double run_total_ms = 0;
  for (double ms : m.run_ms) run_total_ms += ms;
  if (run_total_ms > 0) m.sampling.overhead = m.sampling.sampling_ms / run_total_ms;
  workload.reset();
  return m;
}

}  // namespace ortkit::memory
