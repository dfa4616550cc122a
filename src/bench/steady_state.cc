// The steady state: phases of timed requests from a pool of threads and sessions.
#include "bench/steady_state.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <thread>

#include "bench/request_runner.h"
#include "bench/shape_plan.h"

namespace ortkit::bench {
namespace {

using Clock = std::chrono::steady_clock;

// Lets every worker finish its warm-up before any starts timing; C++17 has no std::barrier.
class Barrier {
 public:
  explicit Barrier(std::size_t count) : waiting_(count) {}
  void ArriveAndWait() {
    std::unique_lock<std::mutex> lock(mutex_);
    if (--waiting_ == 0) {
      released_.notify_all();
      return;
    }
    released_.wait(lock, [this] { return waiting_ == 0; });
  }

 private:
  std::mutex mutex_;
  std::condition_variable released_;
  std::size_t waiting_;
};

struct WorkerLog {
  std::vector<double> samples_ms;
  Clock::time_point first_start = Clock::time_point::max();
  Clock::time_point last_end = Clock::time_point::min();
};

// One phase's shared state: the request counters, the stop flag and the first error.
struct Phase {
  Phase(const std::vector<std::size_t>& order, const std::vector<ShapeInputs>& shape_inputs)
      : sequence(order), inputs(shape_inputs) {}

  const std::vector<std::size_t>& sequence;
  const std::vector<ShapeInputs>& inputs;
  int64_t warmup_requests = 0;
  std::atomic<int64_t> next_warmup{0};
  std::atomic<int64_t> next{0};
  std::atomic<bool> stop{false};
  std::mutex error_mutex;
  std::exception_ptr error;

  const NamedValues& Request(int64_t k) const {
    return inputs[sequence[static_cast<std::size_t>(k) % sequence.size()]].values;
  }
  void Fail(std::exception_ptr e) {
    std::lock_guard<std::mutex> lock(error_mutex);
    if (!error) error = std::move(e);
    stop = true;
  }
};

class PhaseRunner {
 public:
  PhaseRunner(const BenchSpec& spec, const SteadyProgress& progress, std::size_t index, std::size_t count)
      : spec_(spec), progress_(progress), index_(index), count_(count) {}

  void Worker(std::size_t w, RequestRunner& runner, Phase& phase, Barrier& barrier, WorkerLog& log) const {
    try {
      for (int64_t k; !phase.stop && (k = phase.next_warmup.fetch_add(1)) < phase.warmup_requests;) {
        runner.Run(phase.Request(k));
      }
    } catch (...) {
      phase.Fail(std::current_exception());
    }
    barrier.ArriveAndWait();
    if (phase.stop) return;
    try {
      const Clock::time_point start = Clock::now();
      Clock::time_point now = start, last_report = start;
      log.samples_ms.reserve(spec_.iterations > 0 ? static_cast<std::size_t>(spec_.iterations) + 1 : 1u << 16);
      for (int64_t k = phase.next.fetch_add(1); !phase.stop && Continue(k, now - start); k = phase.next.fetch_add(1)) {
        const NamedValues& request = phase.Request(k);
        const Clock::time_point before = Clock::now();
        runner.Run(request);
        now = Clock::now();
        log.samples_ms.push_back(std::chrono::duration<double, std::milli>(now - before).count());
        log.first_start = std::min(log.first_start, before);
        log.last_end = now;
        // Only the first worker reports, at most every 100 ms, so reporting costs nothing measurable.
        if (w == 0 && progress_ && now - last_report > std::chrono::milliseconds(100)) {
          last_report = now;
          progress_(index_, count_, Fraction(k, now - start));
        }
      }
    } catch (...) {
      phase.Fail(std::current_exception());
    }
  }

 private:
  // With both limits set, a phase runs until both are reached; an unset limit is never "more".
  bool Continue(int64_t k, Clock::duration elapsed) const {
    const bool more_iterations = spec_.iterations > 0 && k < spec_.iterations;
    const bool more_time = spec_.duration_s > 0 && std::chrono::duration<double>(elapsed).count() < spec_.duration_s;
    return more_iterations || more_time;
  }

  double Fraction(int64_t k, Clock::duration elapsed) const {
    const double by_count = spec_.iterations > 0 ? static_cast<double>(k + 1) / static_cast<double>(spec_.iterations) : 1;
    const double by_time = spec_.duration_s > 0 ? std::chrono::duration<double>(elapsed).count() / spec_.duration_s : 1;
    return std::min(1.0, std::min(by_count, by_time));  // a phase ends when both are reached
  }

  const BenchSpec& spec_;
  const SteadyProgress& progress_;
  std::size_t index_, count_;
};

PhaseResult Summarise(std::string name, std::vector<WorkerLog>& logs) {
  PhaseResult result;
  result.name = std::move(name);
  std::vector<double> all;
  Clock::time_point first = Clock::time_point::max(), last = Clock::time_point::min();
  for (auto& log : logs) {
    all.insert(all.end(), log.samples_ms.begin(), log.samples_ms.end());
    if (log.samples_ms.empty()) continue;
    first = std::min(first, log.first_start);
    last = std::max(last, log.last_end);
  }
  result.requests = static_cast<int64_t>(all.size());
  result.histogram = MakeHistogram(all);
  result.latency = Summarize(std::move(all));
  if (result.requests > 0) {
    result.wall_s = std::chrono::duration<double>(last - first).count();
    result.throughput_per_s = result.wall_s > 0 ? static_cast<double>(result.requests) / result.wall_s : 0;
  }
  return result;
}

}  // namespace

SteadyResult RunSteadyState(const BenchSpec& spec, ColdStartRun cold, const SteadyProgress& progress) {
  std::vector<Model> pool{cold.model};
  for (int s = 1; s < spec.sessions; ++s) pool.push_back(Model::Load(spec.model_path, spec.config));
  const auto workers = static_cast<std::size_t>(spec.workers());
  std::vector<RequestRunner> runners;
  runners.reserve(workers);
  for (std::size_t w = 0; w < workers; ++w) runners.emplace_back(pool[w % pool.size()], spec.io_binding);

  std::vector<std::pair<std::string, std::vector<std::size_t>>> plans;
  for (std::size_t i = 0; i < cold.inputs.size(); ++i) plans.push_back({cold.inputs[i].label, {i}});
  if (cold.inputs.size() > 1) plans.push_back({kMixPhase, MixSequence(spec.shapes, spec.seed)});

  SteadyResult result;
  for (std::size_t p = 0; p < plans.size(); ++p) {
    Phase phase(plans[p].second, cold.inputs);
    // At least as many untimed requests as the phase has distinct shapes, whatever --warmup says.
    const std::size_t shapes_used = plans[p].second.size() == 1 ? 1 : cold.inputs.size();
    phase.warmup_requests = std::max<int64_t>(spec.warmup, static_cast<int64_t>(shapes_used));
    Barrier barrier(workers);
    std::vector<WorkerLog> logs(workers);
    const PhaseRunner runner(spec, progress, p, plans.size());
    std::vector<std::thread> threads;
    for (std::size_t w = 1; w < workers; ++w) {
      threads.emplace_back([&, w] { runner.Worker(w, runners[w], phase, barrier, logs[w]); });
    }
    runner.Worker(0, runners[0], phase, barrier, logs[0]);  // the calling thread is worker 0
    for (auto& t : threads) t.join();
    if (phase.error) std::rethrow_exception(phase.error);
    PhaseResult summary = Summarise(plans[p].first, logs);
    if (plans[p].second.size() == 1) summary.inputs = cold.inputs[p].shapes;
    result.phases.push_back(std::move(summary));
  }
  result.cold = std::move(cold.sample);
  return result;
}

}  // namespace ortkit::bench
