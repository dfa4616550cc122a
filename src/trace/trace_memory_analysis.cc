// AnalyzeTraceMemory: the trace's memory series as a memcheck Measurement and Schedule.
#include "trace/trace_memory_analysis.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "memory/analyzer.h"

namespace ortkit::trace {
namespace {

// Iterations are runs; past this many the schedule counts runs in units of several (it holds one
// entry per iteration).
constexpr int64_t kMaxIterations = 200000;

memory::Sample ToSample(const TraceMemorySample& s, int64_t iteration) {
  memory::Sample out;
  out.iteration = iteration;
  out.cheap = memory::CheapCounters{s.rss, s.anon, s.heap, s.footprint};
  return out;
}

}  // namespace

std::string FormatBytes(double bytes) {
  const double a = std::fabs(bytes);
  if (a >= 1024.0 * 1024 * 1024) return fmt::format("{:.2f} GiB", bytes / (1024.0 * 1024 * 1024));
  if (a >= 1024.0 * 1024) return fmt::format("{:.1f} MiB", bytes / (1024.0 * 1024));
  if (a >= 10240.0) return fmt::format("{:.1f} KiB", bytes / 1024.0);
  return fmt::format("{:.0f} B", bytes);
}

TraceMemoryAnalysis AnalyzeTraceMemory(const TraceMemory& memory) {
  TraceMemoryAnalysis a;
  a.samples = static_cast<int64_t>(memory.samples.size());
  if (memory.samples.size() < kMinMemorySamples) {
    a.why_not = fmt::format("{} sample{} over {} runs: too few to judge (at least {}; run the program longer)",
                            memory.samples.size(), memory.samples.size() == 1 ? "" : "s", memory.runs, kMinMemorySamples);
    return a;
  }
  const TraceMemorySample& base = memory.samples.front();
  a.first_run = base.run;
  const int64_t span = memory.samples.back().run - base.run;
  const int64_t unit = std::max<int64_t>(1, (span + kMaxIterations - 1) / kMaxIterations);

  memory::Measurement m;
  m.sampling.heap_available = memory.heap_available;
  m.before_load = ToSample(base, -1);
  m.after_load = ToSample(base, 0);
  memory::Schedule schedule;
  schedule.kind = "traced runs";
  schedule.distinct_shapes = 1;
  int64_t events = base.events;
  for (std::size_t i = 1; i < memory.samples.size(); ++i) {
    const TraceMemorySample& s = memory.samples[i];
    const int64_t iteration = (s.run - base.run + unit - 1) / unit;
    if (iteration <= (m.samples.empty() ? 0 : m.samples.back().iteration)) continue;
    m.samples.push_back(ToSample(s, iteration));
    schedule.iterations.resize(static_cast<std::size_t>(iteration));
    if (s.events != events) {
      // A session was created or a new shape ran in this interval: its growth is expected.
      schedule.iterations.back().new_shape = true;
      ++schedule.distinct_shapes;
      events = s.events;
    }
  }
  if (m.samples.size() + 1 < kMinMemorySamples) {
    a.why_not = fmt::format("{} distinct samples: too few to judge", m.samples.size() + 1);
    return a;
  }
  // The warm-up: the first tenth of the samples (at least one), ending exactly at a sample.
  const std::size_t warm = std::max<std::size_t>(1, m.samples.size() / 10);
  schedule.warmup = m.samples[warm - 1].iteration;
  a.warmup_runs = base.run + schedule.warmup * unit;

  const memory::Analysis analysis = memory::Analyze(m, schedule);
  a.analysed = true;
  a.verdict = memory::ToString(analysis.verdict);
  a.leak = analysis.verdict == memory::Verdict::kLeak;
  a.metric = analysis.metric;
  a.location = analysis.leak_location;
  // The leak test on the verdict's series, or on resident memory when that is what found a leak.
  const memory::LeakTest& test =
      a.leak && !analysis.leak.leak() && analysis.resident_leak.leak() ? analysis.resident_leak : analysis.leak;
  if (&test == &analysis.resident_leak) a.metric = "anon";
  a.slope_per_run = test.fit.slope / static_cast<double>(unit);
  a.ci_low = test.fit.ci_low / static_cast<double>(unit);
  a.ci_high = test.fit.ci_high / static_cast<double>(unit);
  a.r_squared = test.fit.r_squared;
  a.steady_growth = test.growth;
  a.notes = analysis.notes;
  if (unit > 1) a.notes.push_back(fmt::format("runs counted in units of {} for the analysis", unit));
  return a;
}

std::string DescribeMemory(const TraceMemoryAnalysis& a) {
  if (!a.analysed) return "not judged: " + a.why_not;
  const std::string series = a.metric == "heap" ? "C heap in use" : "resident anonymous memory";
  std::string text = a.verdict;
  if (a.leak) text += " (" + a.location + ")";
  text += fmt::format(": {} {}{} per run (95% interval {} to {}, R² {:.2f})", series, a.slope_per_run >= 0 ? "+" : "",
                      FormatBytes(a.slope_per_run), FormatBytes(a.ci_low), FormatBytes(a.ci_high), a.r_squared);
  return text;
}

}  // namespace ortkit::trace
