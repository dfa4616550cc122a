// The memory series of libortkit_trace.so (trace_memory.h): when to sample, what one costs, and
// how the series stays bounded.
#include "trace/trace_memory.h"

#include <fcntl.h>
#include <malloc.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <vector>

namespace ortkit_trace {
namespace {

using Clock = std::chrono::steady_clock;

struct MemorySample {
  uint64_t run;     ///< runs done (all sessions together) when read
  double ms;        ///< since the first sample's clock start
  int64_t rss;
  int64_t anon;     ///< resident - shared (RssAnon)
  int64_t heap;     ///< mallinfo2 uordblks + hblkhd
  int64_t footprint;  ///< mallinfo2 arena + hblkhd
  uint32_t events;  ///< MemoryNoteEvent calls so far
};

std::atomic<uint32_t> g_events{0};
std::atomic<int64_t> g_own_bytes{0};

class Series {
 public:
  // The fast path is two atomic additions and two loads (no lock, no clock): only a Run that
  // completes the run time and the run count a sample needs takes the lock.
  void OnRun(double run_us) {
    const uint64_t ns = static_cast<uint64_t>(run_us * 1000);
    const uint64_t run = runs_.fetch_add(1, std::memory_order_relaxed) + 1;
    const uint64_t since = ns_since_.fetch_add(ns, std::memory_order_relaxed) + ns;
    if (since < threshold_ns_.load(std::memory_order_relaxed) || run < next_run_.load(std::memory_order_relaxed)) return;
    std::unique_lock<std::mutex> lock(mu_, std::try_to_lock);
    if (!lock.owns_lock()) return;  // another thread is sampling now
    // Another thread may have sampled since the check above: keep the series ascending.
    if (ns_since_.load(std::memory_order_relaxed) < threshold_ns_.load(std::memory_order_relaxed) ||
        run < next_run_.load(std::memory_order_relaxed)) {
      return;
    }
    Take(run);
  }

  std::string Json(bool fatal) {
    std::unique_lock<std::mutex> lock(mu_, std::defer_lock);
    if (!fatal) {
      lock.lock();
    } else {
      for (int i = 0; i < 100 && !lock.try_lock(); ++i) usleep(10000);
      if (!lock.owns_lock()) return Empty();
    }
    const double run_us_total = static_cast<double>(ns_flushed_ + ns_since_.load(std::memory_order_relaxed)) / 1000;
    std::string j = "{\"budget\":" + Number(kMemoryBudget) + ",\"runs\":" + std::to_string(runs_.load()) +
                    ",\"run_ms\":" + Number(run_us_total / 1000) + ",\"sampling_ms\":" + Number(sampling_us_ / 1000) +
                    ",\"overhead\":" + Number(run_us_total > 0 ? sampling_us_ / run_us_total : 0) +
                    ",\"cost_us\":" + Number(cost_us_) + ",\"stride\":" + std::to_string(stride_) +
                    ",\"decimations\":" + std::to_string(decimations_) +
                    ",\"heap_available\":" + (heap_available_ ? "true" : "false") + ",\"samples\":[";
    for (size_t i = 0; i < samples_.size(); ++i) {
      const MemorySample& s = samples_[i];
      char buf[200];
      snprintf(buf, sizeof buf, "%s{\"run\":%llu,\"ms\":%.3f,\"rss\":%lld,\"anon\":%lld,\"heap\":%lld,\"footprint\":%lld,\"events\":%u}",
               i ? "," : "", static_cast<unsigned long long>(s.run), s.ms, static_cast<long long>(s.rss),
               static_cast<long long>(s.anon), static_cast<long long>(s.heap), static_cast<long long>(s.footprint),
               s.events);
      j += buf;
    }
    return j + "]}";
  }

 private:
  static std::string Empty() {
    return "{\"budget\":" + Number(kMemoryBudget) + ",\"runs\":0,\"run_ms\":0,\"sampling_ms\":0,\"overhead\":0,"
           "\"cost_us\":0,\"stride\":1,\"decimations\":0,\"heap_available\":false,\"samples\":[]}";
  }

  static std::string Number(double v) {
    char buf[32];
    snprintf(buf, sizeof buf, "%.6g", v);
    return buf;
  }

  void Take(uint64_t run) {
    if (statm_fd_ == -2) {  // once, outside the measured cost
      statm_fd_ = open("/proc/self/statm", O_RDONLY | O_CLOEXEC);
      samples_.reserve(kMaxMemorySamples);  // no reallocation while the program runs
    }
    const Clock::time_point now = Clock::now();
    MemorySample s{run, std::chrono::duration<double, std::milli>(now - start_).count(), 0, 0, 0, 0,
                   g_events.load(std::memory_order_relaxed)};
    char buf[128];
    const ssize_t n = statm_fd_ >= 0 ? pread(statm_fd_, buf, sizeof buf - 1, 0) : -1;
    if (n > 0) {
      buf[n] = '\0';
      char* end = nullptr;
      strtoll(buf, &end, 10);
      const int64_t resident = strtoll(end, &end, 10);
      const int64_t shared = strtoll(end, &end, 10);
      s.rss = resident * page_;
      s.anon = (resident - shared) * page_;
    }
    const struct mallinfo2 info = mallinfo2();
    s.heap = static_cast<int64_t>(info.uordblks + info.hblkhd);
    s.footprint = static_cast<int64_t>(info.arena + info.hblkhd);
    const int64_t own = g_own_bytes.load(std::memory_order_relaxed);
    s.heap -= own;
    s.rss -= own;
    s.anon -= own;
    if (samples_.empty()) heap_available_ = s.heap > 0;  // another malloc (jemalloc, tcmalloc) reports 0
    if (samples_.size() == kMaxMemorySamples) {
      // Keep every other sample (the first included) and sample half as often from now on.
      size_t kept = 0;
      for (size_t i = 0; i < samples_.size(); i += 2) samples_[kept++] = samples_[i];
      samples_.resize(kept);
      stride_ *= 2;
      ++decimations_;
    }
    samples_.push_back(s);
    const Clock::time_point done = Clock::now();
    // What this sample cost (the reads and the bookkeeping): the estimate is the median of the
    // last few, so that one sample stalled by the scheduler (hundreds of microseconds on a busy
    // machine) does not stop sampling; at least 1 us, so that a coarse clock never makes it free.
    const double cost = std::chrono::duration<double, std::micro>(done - now).count();
    sampling_us_ += cost;
    recent_costs_[cost_count_++ % kCosts] = cost;
    double sorted[kCosts];
    const size_t kept = std::min<size_t>(cost_count_, kCosts);
    std::copy(recent_costs_, recent_costs_ + kept, sorted);
    std::nth_element(sorted, sorted + kept / 2, sorted + kept);
    cost_us_ = std::max(1.0, sorted[kept / 2]);
    // The next sample: once the run time since this one pays for it at the budget, and at least
    // kMinSampleRunUs of run time and `stride_` runs from now.
    ns_flushed_ += ns_since_.exchange(0, std::memory_order_relaxed);
    threshold_ns_.store(static_cast<uint64_t>(1000 * std::max(cost_us_ / kMemoryBudget, kMinSampleRunUs)),
                        std::memory_order_relaxed);
    next_run_.store(run + stride_, std::memory_order_relaxed);
  }

  std::atomic<uint64_t> runs_{0};
  std::atomic<uint64_t> ns_since_{0};      // run time since the last sample, ns
  std::atomic<uint64_t> threshold_ns_{0};  // run time the next sample needs (0: the first run samples)
  std::atomic<uint64_t> next_run_{0};      // and the run it needs to reach
  std::mutex mu_;  // guards what follows
  const Clock::time_point start_ = Clock::now();
  const int64_t page_ = sysconf(_SC_PAGESIZE);
  int statm_fd_ = -2;  // -2: not opened yet
  uint64_t stride_ = 1;
  uint64_t decimations_ = 0;
  uint64_t ns_flushed_ = 0;  // run time before the last sample, ns
  double sampling_us_ = 0;
  double cost_us_ = 0;
  static constexpr size_t kCosts = 9;
  double recent_costs_[kCosts] = {};
  size_t cost_count_ = 0;
  bool heap_available_ = true;
  std::vector<MemorySample> samples_;
};

// Never destroyed: Run calls from the program's static destructors and the final report (a
// destructor of this library) may come after other statics are gone.
Series& TheSeries() {
  static Series* series = new Series;
  return *series;
}

}  // namespace

void MemoryOnRun(double run_us) { TheSeries().OnRun(run_us); }

void MemoryOwnBytes(int64_t bytes) { g_own_bytes.fetch_add(bytes, std::memory_order_relaxed); }

void MemoryNoteEvent() { g_events.fetch_add(1, std::memory_order_relaxed); }

std::string MemoryJson(bool fatal) { return TheSeries().Json(fatal); }

}  // namespace ortkit_trace
