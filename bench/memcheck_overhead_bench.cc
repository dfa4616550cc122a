// memcheck's two figures for the README: what its sampling costs (the same schedule with and
// without sampling, alternated, medians) and its detection limit (the smallest per-iteration leak
// it calls a leak within 300 iterations, in every one of several runs; and how often a run without
// a leak is called one). Usage: ortkit_memcheck_overhead_bench [overhead|detection|all] [REPS]
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "workload/inputs.h"
#include "memory/analyzer.h"
#include "memory/leaky_custom_op.h"
#include "memory/measure.h"
#include "memory/model_workload.h"
#include "testing/test_models.h"

namespace {

using namespace ortkit;
using namespace ortkit::memory;

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

NamedValues Seeded(const Model& model, const Dims& dims) { return workload::SeededInputs(model.inputs(), 0, dims); }

// One intra-op thread: on a shared 2-core machine, pool scheduling noise would swamp the figures.
std::function<std::unique_ptr<Workload>()> ModelLoader(const std::string& bytes, bool keep_inputs) {
  return [bytes, keep_inputs] {
    SessionConfig config;
    config.intra_op_threads = 1;
    return std::make_unique<ModelWorkload>(Model::FromBytes(bytes.data(), bytes.size(), config), Seeded, keep_inputs);
  };
}

Schedule MakeSchedule(const std::vector<std::string>& dims, int64_t iterations) {
  ScheduleSpec spec;
  for (const auto& d : dims) spec.dims.push_back(ParseDimSpec(d));
  spec.iterations = iterations;
  return BuildSchedule(spec);
}

struct OverheadCase {
  const char* name;
  std::string bytes;
  std::vector<std::string> dims;
  int64_t iterations;
};

void Overhead(int reps) {
  const std::vector<OverheadCase> cases = {
      {"add [1,3]", testing::AddModel(), {"batch=1"}, 20000},
      {"transformer [1,64,64]", testing::TransformerEncoderModel(), {"batch=1", "seq=64"}, 2000},
      {"convnet [1,3,64,64]", testing::ConvNetModel(), {"batch=1"}, 600},
      {"convnet batch=1..16", testing::ConvNetModel(), {"batch=1..16"}, 160},
  };
  std::printf("%-22s %8s %12s %12s %9s %12s %12s %9s %8s %8s\n", "case", "iters", "cpu us/it", "sampled", "overhead",
              "run p50 us", "sampled", "change", "samples", "own");
  for (const OverheadCase& c : cases) {
    const Schedule schedule = MakeSchedule(c.dims, c.iterations);
    std::vector<double> plain_loop, sampled_loop, plain_p50, sampled_p50;
    int64_t samples = 0;
    double estimated = 0;
    for (int r = 0; r < 2 * reps; ++r) {
      MeasureOptions options;
      options.sample = r % 2 == 1;  // alternate, so that drifts in machine load hit both sides
      const Measurement m = Measure(ModelLoader(c.bytes, !schedule.varies()), schedule, options);
      // CPU time of the loop's thread: the machine is shared, and other processes' load would
      // swamp a wall-clock difference of a few percent.
      const double loop_us = m.loop_cpu_ms * 1000 / static_cast<double>(c.iterations);
      std::vector<double> runs(m.run_ms.begin(), m.run_ms.end());
      (options.sample ? sampled_loop : plain_loop).push_back(loop_us);
      (options.sample ? sampled_p50 : plain_p50).push_back(Median(runs) * 1000);
      if (options.sample) {
        samples = m.sampling.samples;
        estimated = m.sampling.overhead;
      }
    }
    const double plain = Median(plain_loop), sampled = Median(sampled_loop);
    const double p50 = Median(plain_p50), p50_sampled = Median(sampled_p50);
    std::printf("%-22s %8lld %12.2f %12.2f %8.2f%% %12.2f %12.2f %8.2f%% %8lld %7.2f%%\n", c.name,
                static_cast<long long>(c.iterations), plain, sampled, 100 * (sampled / plain - 1), p50, p50_sampled,
                100 * (p50_sampled / p50 - 1), static_cast<long long>(samples), 100 * estimated);
    std::fflush(stdout);
  }
}

// A caller's wrapper around a real model that leaks `bytes` every `every` runs (written, as a
// forgotten buffer would be): the leak class memcheck must find on a model with real heap
// traffic, at rates below one malloc chunk (32 bytes) per run too.
class LeakingWrapper : public Workload {
 public:
  LeakingWrapper(std::unique_ptr<Workload> inner, std::size_t bytes, int every)
      : inner_(std::move(inner)), bytes_(bytes), every_(every) {}
  void Prepare(const Dims& dims) override { inner_->Prepare(dims); }
  void Run() override {
    inner_->Run();
    if (bytes_ == 0 || ++runs_ % every_ != 0) return;
    void* block = std::malloc(bytes_);  // deliberately never freed: the planted leak
    // Written page by page (through volatile, so that the stores stay): resident, as a used buffer is.
    for (std::size_t i = 0; block && i < bytes_; i += 4096) static_cast<volatile char*>(block)[i] = 1;
    last_ = block;
  }
  void Release() override { inner_->Release(); }

 private:
  std::unique_ptr<Workload> inner_;
  std::size_t bytes_;
  int every_;
  int64_t runs_ = 0;
  void* volatile last_ = nullptr;
};

struct Flags {
  int heap = 0;      // runs whose verdict was a leak
  int resident = 0;  // runs called a leak from resident memory alone (as without glibc's counters)
  double slope = 0;  // the heap slope of the last run
};

Flags Detect(const std::function<std::unique_ptr<Workload>()>& load, const Schedule& schedule, int reps) {
  Flags f;
  for (int r = 0; r < reps; ++r) {
    Measurement m = Measure(load, schedule);
    const Analysis a = Analyze(m, schedule);
    f.heap += a.verdict == Verdict::kLeak;
    f.slope = a.leak.fit.slope;
    m.sampling.heap_available = false;
    f.resident += Analyze(m, schedule).verdict == Verdict::kLeak;
  }
  return f;
}

void Detection(int reps) {
  const Schedule schedule = MakeSchedule({}, 300);
  const Schedule conv_schedule = MakeSchedule({"batch=1"}, 300);
  const std::string conv = testing::ConvNetModel();
  std::printf("\nplanted leak in a custom op (LeakyCopy), 300 iterations, %d runs each\n", reps);
  std::printf("%12s %12s %12s %16s\n", "bytes/call", "called leak", "heap slope", "from RSS alone");
  for (std::size_t k : {0, 1, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384, 65536}) {
    const Flags f = Detect([k] { return std::make_unique<testing::LeakyCopyWorkload>(k); }, schedule, reps);
    std::printf("%12zu %10d/%d %12.1f %14d/%d\n", k, f.heap, reps, f.slope, f.resident, reps);
    std::fflush(stdout);
  }
  std::printf("\nconvnet [1,3,64,64] in a wrapper that leaks B bytes every N runs, 300 iterations, %d runs each\n", reps);
  std::printf("%8s %6s %12s %12s %12s %16s\n", "B", "N", "heap B/it", "called leak", "heap slope", "from RSS alone");
  const std::vector<std::pair<std::size_t, int>> rates = {{0, 1},   {24, 8},   {24, 4},    {24, 3},    {24, 2},
                                                          {24, 1},  {256, 1},  {1024, 1},  {4096, 1},  {8192, 1},
                                                          {16384, 1}, {65536, 1}};
  for (const auto& [bytes, every] : rates) {
    const Flags f = Detect(
        [&conv, bytes = bytes, every = every] {
          return std::make_unique<LeakingWrapper>(ModelLoader(conv, true)(), bytes, every);
        },
        conv_schedule, reps);
    // glibc's smallest chunk is 32 bytes; larger ones are the request + 8, rounded up to 16.
    const double chunk = bytes == 0 ? 0 : std::max<double>(32, (bytes + 8 + 15) / 16 * 16);
    std::printf("%8zu %6d %12.1f %10d/%d %12.1f %14d/%d\n", bytes, every, chunk / every, f.heap, reps, f.slope, f.resident,
                reps);
    std::fflush(stdout);
  }
}

}  // namespace

int main(int argc, char** argv) {
  const std::string what = argc > 1 ? argv[1] : "all";
  const int reps = argc > 2 ? std::max(1, std::atoi(argv[2])) : 5;
  if (what == "overhead" || what == "all") Overhead(reps);
  if (what == "detection" || what == "all") Detection(reps);
  return 0;
}
