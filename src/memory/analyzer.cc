// Analyze(): phases, steps, attribution and the verdict.
#include "memory/analyzer.h"

#include <algorithm>
#include <climits>
#include <cmath>

namespace ortkit::memory {
namespace {

double Percentile(std::vector<double> values, double p) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  const auto index = static_cast<std::size_t>(std::lround(p * static_cast<double>(values.size() - 1)));
  return values[index];
}

double MedianAbsoluteDeviation(std::vector<double> values) {
  if (values.empty()) return 0;
  const double median = Percentile(values, 0.5);
  for (double& v : values) v = std::fabs(v - median);
  return Percentile(values, 0.5);
}

// The sample that closes interval k (CutIntervals makes one interval per sample).
const Sample& SampleAfter(const Measurement& m, std::size_t k) { return m.samples[k]; }

const Sample& SampleAt(const Measurement& m, int64_t iteration) {
  for (const Sample& s : m.samples) {
    if (s.iteration == iteration) return s;
  }
  return m.samples.empty() ? m.after_load : m.samples.back();
}

// Each counter's median over the samples after `first` up to and including `last` iterations.
CheapCounters MedianCounters(const Measurement& m, int64_t first, int64_t last) {
  std::vector<double> rss, anon, heap, footprint;
  for (const Sample& s : m.samples) {
    if (s.iteration <= first || s.iteration > last) continue;
    rss.push_back(static_cast<double>(s.cheap.rss));
    anon.push_back(static_cast<double>(s.cheap.anon));
    heap.push_back(static_cast<double>(s.cheap.heap));
    footprint.push_back(static_cast<double>(s.cheap.footprint));
  }
  auto median = [](const std::vector<double>& v) { return static_cast<int64_t>(Percentile(v, 0.5)); };
  return CheapCounters{median(rss), median(anon), median(heap), median(footprint)};
}

Phase RunPhase(const char* name, const Measurement& m, const Sample& start, const Sample& end,
               const std::vector<double>& run_ms) {
  Phase p;
  p.name = name;
  p.first_iteration = start.iteration + 1;
  p.last_iteration = end.iteration;
  p.start = start.cheap;
  p.end = end.cheap;
  p.median = MedianCounters(m, start.iteration, end.iteration);
  p.end_detailed = end.detailed;
  p.end_gpu = end.gpu_used;
  const auto from = run_ms.begin() + std::min<std::ptrdiff_t>(start.iteration, run_ms.size());
  const auto to = run_ms.begin() + std::min<std::ptrdiff_t>(end.iteration, run_ms.size());
  const std::vector<double> times(from, to);
  p.ms_median = Percentile(times, 0.5);
  p.ms_p90 = Percentile(times, 0.9);
  return p;
}

int64_t Heap(const Sample& s) { return s.cheap.heap; }
// The heap the session's arena does not hold: arena chunks are malloc'd, so its growth shows in
// the heap; what remains once its TotalAllocated is taken out is memory ORT does not account for.
int64_t HeapBeyondArena(const Sample& s) { return s.cheap.heap - (s.arena ? s.arena->total_allocated : 0); }

// Resident memory moves in pages, and memory reserved earlier becomes resident when first
// written: its leak test asks for a straighter line and at least 16 pages of growth.
LeakCriteria ResidentCriteria(LeakCriteria criteria) {
  criteria.min_r_squared = std::max(criteria.min_r_squared, 0.9);
  criteria.min_growth_bytes = std::max<int64_t>(criteria.min_growth_bytes, 16 * 4096);
  return criteria;
}
int64_t Anon(const Sample& s) { return s.cheap.anon; }

bool EverySampleReadTheArena(const Measurement& m) {
  if (!m.after_load.arena || m.samples.empty()) return false;
  return std::all_of(m.samples.begin(), m.samples.end(), [](const Sample& s) { return s.arena.has_value(); });
}

}  // namespace

const char* ToString(Verdict verdict) noexcept {
  switch (verdict) {
    case Verdict::kStable: return "stable";
    case Verdict::kPlateau: return "plateau";
    case Verdict::kStepGrowth: return "step growth";
    case Verdict::kAllocatorGrowth: return "allocator growth";
    case Verdict::kLeak: return "leak";
  }
  return "?";
}

Analysis Analyze(const Measurement& m, const Schedule& schedule, const AnalyzerOptions& options) {
  Analysis a;
  const bool heap = m.sampling.heap_available;
  a.metric = heap ? "heap" : "anon";
  const Metric primary = heap ? Metric(Heap) : Metric(Anon);
  if (!heap) {
    a.notes.push_back("the C allocator's counters are unavailable (malloc is not glibc's): the verdict rests on "
                      "resident anonymous memory, at page granularity");
  }

  // Phases.
  const Sample& warm_end = SampleAt(m, schedule.warmup);
  const Sample& last = m.samples.empty() ? m.after_load : m.samples.back();
  Phase load;
  load.name = "load";
  load.start = m.before_load.cheap;
  load.end = m.after_load.cheap;
  load.median = load.end;
  load.end_detailed = m.after_load.detailed;
  load.end_gpu = m.after_load.gpu_used;
  load.ms_median = load.ms_p90 = m.load_ms;
  a.phases = {load, RunPhase("warm-up", m, m.after_load, warm_end, m.run_ms),
              RunPhase("steady", m, warm_end, last, m.run_ms)};

  // The leak tests, on the verdict's series and on resident anonymous memory. With the arena's
  // own counters, the heap's test leaves out what the arena holds: a leak must be growth the
  // arena does not account for.
  const std::vector<Interval> intervals = CutIntervals(m, schedule, primary);
  const LeakCriteria resident_criteria = ResidentCriteria(options.leak);
  const bool arena = heap && EverySampleReadTheArena(m);
  const std::vector<Interval> leak_intervals = arena ? CutIntervals(m, schedule, HeapBeyondArena) : intervals;
  a.leak = TestForLeak(leak_intervals, heap ? options.leak : resident_criteria);
  a.resident_leak = TestForLeak(CutIntervals(m, schedule, Anon), resident_criteria);

  // Steps: jumps above the noise of repeat intervals (and above the leak's own pace).
  std::vector<double> repeat_growth;
  for (const Interval& iv : intervals) {
    if (iv.cause == IntervalCause::kRepeat && iv.steady) repeat_growth.push_back(static_cast<double>(iv.growth));
  }
  const double noise = 1.4826 * MedianAbsoluteDeviation(repeat_growth);
  int64_t largest_fall = 0;
  for (const Interval& iv : intervals) largest_fall = std::max(largest_fall, -iv.growth);
  a.step_threshold = std::max({options.min_step_bytes, static_cast<int64_t>(10 * noise), largest_fall + 1});
  const double pace = a.leak.leak() ? a.leak.fit.slope : 0;
  // The lowest level from each sample to the end: a rise that memory later falls back from
  // (arena shrinkage, buffers freed) is transient, not a step.
  std::vector<int64_t> floor_after(intervals.size());
  int64_t lowest = INT64_MAX;
  for (std::size_t k = intervals.size(); k-- > 0;) {
    lowest = std::min(lowest, primary(SampleAfter(m, k)));
    floor_after[k] = lowest;
  }
  for (std::size_t k = 0; k < intervals.size(); ++k) {
    const Interval& iv = intervals[k];
    const double excess = static_cast<double>(iv.growth) - pace * static_cast<double>(iv.length());
    if (excess >= static_cast<double>(a.step_threshold)) {
      const int64_t before = primary(SampleAfter(m, k)) - iv.growth;
      if (2 * (floor_after[k] - before) >= iv.growth) {
        const auto& dims = schedule.iterations[static_cast<std::size_t>(iv.cause_iteration - 1)].dims;
        a.steps.push_back(Step{iv.cause_iteration, iv.last, iv.growth, DescribeDims(dims), iv.cause, iv.steady,
                               iv.arena_extensions.value_or(0), iv.arena_reserved.value_or(0)});
      } else {
        ++a.transient_rises;
      }
    }
    if (!iv.steady) {
      a.attribution.warmup += iv.growth;
    } else if (iv.cause == IntervalCause::kNewMax) {
      a.attribution.new_max += iv.growth;
    } else if (iv.cause == IntervalCause::kNewShape) {
      a.attribution.new_shape += iv.growth;
    } else {
      a.attribution.repeat += iv.growth;
    }
  }
  const Phase& steady = a.phases[2];
  const int64_t steady_anon = steady.end.anon - steady.start.anon;
  const int64_t steady_heap = steady.end.heap - steady.start.heap;
  if (heap) a.attribution.resident_beyond_heap = std::max<int64_t>(0, steady_anon - std::max<int64_t>(0, steady_heap));

  if (arena) {
    ArenaSummary summary;
    summary.after_load = *m.after_load.arena;
    summary.end = *last.arena;
    for (std::size_t k = 0; k < intervals.size(); ++k) {
      if (!intervals[k].steady) continue;
      summary.steady_extensions += intervals[k].arena_extensions.value_or(0);
      summary.steady_reserved += intervals[k].arena_reserved.value_or(0);
      if (intervals[k].cause == IntervalCause::kRepeat) summary.repeat_beyond_arena += leak_intervals[k].growth;
    }
    a.arena = summary;
  }

  // The verdict.
  const bool steady_steps = std::any_of(a.steps.begin(), a.steps.end(), [](const Step& s) { return s.steady; });
  if (a.leak.leak()) {
    a.verdict = Verdict::kLeak;
    a.leak_location = !heap ? "resident anonymous memory" : arena ? "C heap, beyond ORT's arena" : "C heap";
  } else if (heap && a.resident_leak.leak()) {
    // Resident growth the allocator could account for (what it took from the OS, plus the free
    // memory it already held, which becomes resident when first written) is fragmentation.
    const int64_t steady_footprint = steady.end.footprint - steady.start.footprint;
    const int64_t free_held = std::max<int64_t>(0, steady.start.footprint - steady.start.heap);
    if (steady_anon > std::max<int64_t>(0, steady_footprint) + free_held) {
      a.verdict = Verdict::kLeak;
      a.leak_location = "outside the C heap (mmap, thread stacks, another allocator)";
    } else {
      a.verdict = Verdict::kAllocatorGrowth;
    }
  } else if (steady_steps || a.attribution.new_max + a.attribution.new_shape >= a.step_threshold) {
    a.verdict = Verdict::kStepGrowth;
  } else if (a.attribution.warmup >= a.step_threshold) {
    a.verdict = Verdict::kPlateau;
  }
  if (!a.leak.enough_data) {
    a.notes.push_back("too few samples of already-seen shapes after the warm-up to test for a leak (" +
                      std::to_string(a.leak.points) + "); run more --runs");
  }
  return a;
}

}  // namespace ortkit::memory
