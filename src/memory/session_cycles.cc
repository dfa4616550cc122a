// MeasureSessionCycles: the create/run/destroy loop.
#include "memory/session_cycles.h"

#include <algorithm>
#include <chrono>

#include "memory/sampler.h"
#include "ortkit/error.h"

namespace ortkit::memory {

Schedule CycleSchedule(const Dims& dims, const CycleOptions& options) {
  if (options.cycles < 10) {
    throw Error(ErrorCategory::kConfig,
                "--session-cycles must be at least 10, got " + std::to_string(options.cycles));
  }
  ScheduleSpec spec;
  for (const auto& [name, size] : dims) spec.dims.push_back(DimSpec{name, {size}});
  spec.iterations = options.cycles;
  spec.warmup = options.warmup >= 0 ? options.warmup : options.cycles / 2;
  Schedule schedule = BuildSchedule(spec);
  schedule.kind = "session cycles";
  return schedule;
}

Measurement MeasureSessionCycles(const std::function<std::unique_ptr<Workload>()>& create, const Dims& dims,
                                 const CycleOptions& options) {
  using Clock = std::chrono::steady_clock;
  const Schedule schedule = CycleSchedule(dims, options);
  const int64_t total = options.cycles;
  const Sampler sampler;
  Measurement m;
  // Sized before the first sample and filled in place (see Measure): no growth of our own.
  m.samples.resize(static_cast<std::size_t>(total));
  m.run_ms.resize(static_cast<std::size_t>(total));
  m.sampling.heap_available = ProcMemory::HeapCountersAvailable();
  m.sampling.gpu = sampler.GpuNote();
  m.before_load = sampler.Take(-1, Depth::kFull);
  m.after_load = m.before_load;
  m.after_load.iteration = 0;
  const int64_t progress_step = std::max<int64_t>(1, total / 100);
  for (int64_t done = 1; done <= total; ++done) {
    const auto start = Clock::now();
    {
      std::unique_ptr<Workload> workload = create();
      workload->Prepare(dims);
      workload->Run();
      workload->Release();
    }
    const auto index = static_cast<std::size_t>(done - 1);
    m.run_ms[index] = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
    // A cycle costs a session creation (milliseconds): a sample after each is cheap beside it.
    m.samples[index] = sampler.Take(done, done == schedule.warmup || done == total ? Depth::kFull : Depth::kCheap);
    if (options.progress && (done % progress_step == 0 || done == total)) options.progress(done, total);
  }
  m.sampling.samples = total;
  return m;
}

}  // namespace ortkit::memory
