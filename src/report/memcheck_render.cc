// `ortkit memcheck` as text: one section per concern, tables through TextTable.
#include "report/memcheck_render.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cstdlib>

#include "report/human_size.h"
#include "report/text_table.h"

namespace ortkit::report {
namespace {

using memory::Analysis;
using memory::LeakTest;
using memory::MemcheckReport;
using memory::Phase;
using memory::Verdict;

std::string Bytes(int64_t bytes) { return bytes < 0 ? "-" + HumanBytes(static_cast<uint64_t>(-bytes)) : HumanBytes(static_cast<uint64_t>(bytes)); }

std::string Ms(double ms) { return fmt::format("{:.3f}", ms); }

std::string SeriesName(const std::string& metric) {
  return metric == "heap" ? "heap in use" : "resident anonymous memory";
}

// What the leak test judged: with the arena read, the heap it does not hold.
std::string LeakSeriesName(const Analysis& a) {
  return a.arena ? "heap beyond the arena" : SeriesName(a.metric);
}

// A step's cause; with the arena read, one it extended for is the arena's own growth.
std::string StepCause(const memory::Step& s, const std::string& extend_strategy) {
  if (s.arena_extensions > 0) {
    std::string text = fmt::format("arena extension (+{} chunk", HumanBytes(static_cast<uint64_t>(std::max<int64_t>(0, s.arena_bytes))));
    if (s.arena_extensions > 1) text = fmt::format("arena extensions ({} chunks, +{}", s.arena_extensions,
                                                   HumanBytes(static_cast<uint64_t>(std::max<int64_t>(0, s.arena_bytes))));
    if (extend_strategy == "next_power_of_two") text += "; the next_power_of_two strategy rounds up";
    return text + ")";
  }
  return s.cause == memory::IntervalCause::kRepeat ? "not tied to a new shape" : ToString(s.cause);
}

std::string Iterations(const Phase& p) {
  if (p.name == "load") return "-";
  return fmt::format("{}-{}", p.first_iteration, p.last_iteration);
}

void RenderHeader(const MemcheckReport& r, std::ostream& out) {
  const memory::SamplingInfo& s = r.measurement.sampling;
  const std::string providers = fmt::format("{}", fmt::join(r.providers, ", "));
  out << "model      " << r.model << "\n";
  out << "providers  " << providers << "\n";
  out << "schedule   " << r.schedule.kind << ": " << r.schedule.iterations.size() << " iterations ("
      << r.schedule.warmup << " warm-up), " << r.schedule.distinct_shapes << " distinct shape"
      << (r.schedule.distinct_shapes == 1 ? "" : "s") << "\n";
  out << fmt::format("sampling   {} samples: cheap counters every {} iteration(s) ({:.1f} us each{}), PSS ", s.samples,
                     s.cheap_every, s.cheap_cost_us,
                     s.arena_cost_us > 0 ? fmt::format(", the arena's {:.1f} us included", s.arena_cost_us) : "")
      << (s.detailed_every > 0 && s.detailed_every < static_cast<int64_t>(r.schedule.iterations.size())
              ? fmt::format("every {} and ", s.detailed_every)
              : std::string())
      << fmt::format("after load and at the end ({:.0f} us each); {:.1f} ms between runs, {:.1f}% of run time "
                     "(budget {:.0f}%)\n",
                     s.detailed_cost_us, s.sampling_ms, 100 * s.overhead, 100 * s.budget);
  if (const auto& arena = r.analysis.arena) {
    const ArenaStats& e = arena->end;
    out << fmt::format("arena      holds {} at the end (in use {}, at most {}); after the warm-up {} in {} extension{}, "
                       "{} shrinkage{} in all (ORT's own counters)\n",
                       Bytes(e.total_allocated), Bytes(e.in_use), Bytes(e.max_in_use), SignedBytes(arena->steady_reserved),
                       arena->steady_extensions, arena->steady_extensions == 1 ? "" : "s", e.num_arena_shrinkages,
                       e.num_arena_shrinkages == 1 ? "" : "s");
  } else {
    out << "arena      " << r.arena_stats << "\n";
  }
  for (const auto& note : r.notes) out << "workload   " << note << "\n";
  out << "gpu        " << s.gpu << "\n";
}

void RenderPhases(const Analysis& a, std::ostream& out) {
  out << "\nphases\n";
  TextTable t({"phase", "iterations", "heap in use", "change", "resident anon", "change", "rss", "pss",
               "private dirty", "peak rss", "p50 ms", "p90 ms"},
              {false, false, true, true, true, true, true, true, true, true, true, true});
  for (const Phase& p : a.phases) {
    const auto& d = p.end_detailed;
    t.AddRow({p.name, Iterations(p), Bytes(p.end.heap), SignedBytes(p.end.heap - p.start.heap), Bytes(p.end.anon),
              SignedBytes(p.end.anon - p.start.anon), Bytes(p.end.rss), d && d->pss ? Bytes(*d->pss) : "-",
              d && d->private_dirty ? Bytes(*d->private_dirty) : "-", d ? Bytes(d->peak_rss) : "-", Ms(p.ms_median),
              p.name == "load" ? "-" : Ms(p.ms_p90)});
  }
  t.Render(out, 2);
}

void RenderGrowth(const Analysis& a, std::ostream& out) {
  const memory::Attribution& g = a.attribution;
  out << "\ngrowth after load (" << SeriesName(a.metric) << ")\n";
  TextTable t({"where", "bytes"}, {false, true});
  t.AddRow({"warm-up (first runs)", SignedBytes(g.warmup)});
  t.AddRow({"steady, new largest shapes (arena)", SignedBytes(g.new_max)});
  t.AddRow({"steady, new shapes (memory-pattern plans)", SignedBytes(g.new_shape)});
  if (a.arena) {
    t.AddRow({"steady, shapes seen before", SignedBytes(g.repeat)});
    t.AddRow({"  of which beyond the arena (a leak grows here)", SignedBytes(a.arena->repeat_beyond_arena)});
    t.AddRow({"steady, the arena's own (TotalAllocated)", SignedBytes(a.arena->steady_reserved)});
  } else {
    t.AddRow({"steady, shapes seen before (a leak grows here)", SignedBytes(g.repeat)});
  }
  t.AddRow({"steady, resident beyond the heap (allocator, mmap)", SignedBytes(g.resident_beyond_heap)});
  t.Render(out, 2);
}

void RenderSteps(const Analysis& a, const std::string& extend_strategy, std::ostream& out) {
  out << "\nsteps (" << SeriesName(a.metric) << ", lasting rises of at least " << HumanBytes(static_cast<uint64_t>(a.step_threshold))
      << ")\n";
  if (a.steps.empty()) {
    out << "  none\n";
  } else {
    TextTable t({"iteration", "shape", "bytes", "cause", "phase"}, {true, false, true, false, false});
    for (const memory::Step& s : a.steps) {
      t.AddRow({std::to_string(s.iteration), s.shape.empty() ? "-" : s.shape, SignedBytes(s.bytes),
                StepCause(s, extend_strategy), s.steady ? "steady" : "warm-up"});
    }
    t.Render(out, 2);
  }
  if (a.transient_rises > 0) {
    out << "  and " << a.transient_rises << " rise(s) that memory later fell back from (freed again)\n";
  }
}

std::string LeakTestLine(const LeakTest& t) {
  if (!t.enough_data) return fmt::format("too few samples ({})", t.points);
  const std::string fit = fmt::format("{:.1f} bytes/iteration (95% CI {:.1f} .. {:.1f}), R\u00b2 {:.2f}, confidence {:.1f}%",
                                      t.fit.slope, t.fit.ci_low, t.fit.ci_high, t.fit.r_squared, 100 * t.fit.confidence);
  if (t.leak()) return fit + "; leak";
  std::string why;
  if (!t.significant) why = "the interval includes 0";
  else if (!t.linear) why = "not linear enough";
  else if (!t.sustained) why = "it slows down, the second half grew less";
  else if (!t.large_enough) why = "less growth than the minimum";
  return fit + "; no leak: " + why;
}

void RenderLeakTests(const Analysis& a, std::ostream& out) {
  out << "\nleak test (steady phase, shapes seen before: " << a.leak.iterations << " iterations, "
      << a.leak.points << " samples)\n";
  out << "  " << LeakSeriesName(a) << ": " << LeakTestLine(a.leak) << "\n";
  if (a.metric == "heap") out << "  resident anonymous memory: " << LeakTestLine(a.resident_leak) << "\n";
  for (const std::string& note : a.notes) out << "  note: " << note << "\n";
}

void RenderCycles(const memory::CyclesResult& c, std::ostream& out) {
  const Analysis& a = c.analysis;
  out << "\nsession cycles (" << c.schedule.iterations.size() << " create/run/destroy cycles, " << c.schedule.warmup
      << " of warm-up)\n";
  out << "  verdict    " << VerdictLine(a) << "\n";
  out << "  retained   " << LeakTestLine(a.leak) << " (per cycle)\n";
  if (a.metric == "heap") out << "  resident   " << LeakTestLine(a.resident_leak) << " (per cycle)\n";
  out << "  cycle      " << Ms(a.phases.back().ms_median) << " ms median\n";
}

void RenderVariants(const MemcheckReport& r, std::ostream& out) {
  out << "\nvariants (the same schedule, each in a fresh process)\n";
  TextTable t({"variant", "change", "verdict", "steady anon", "steady heap", "peak rss", "p50 ms", "p90 ms"},
              {false, false, false, true, true, true, true, true});
  for (std::size_t i = 0; i < r.variant_results.size(); ++i) {
    const memory::VariantResult& v = r.variant_results[i];
    const std::string change = i < r.variants.size() ? r.variants[i].change : "";
    if (!v.ok()) {
      t.AddRow({v.name, change, "failed: " + v.error});
      continue;
    }
    t.AddRow({v.name, change, ToString(v.verdict), Bytes(v.steady_anon), Bytes(v.steady_heap), Bytes(v.peak_rss),
              Ms(v.p50_ms), Ms(v.p90_ms)});
  }
  t.Render(out, 2);
  if (!r.recommendation) return;
  const memory::Recommendation& rec = *r.recommendation;
  out << "\nrecommendation\n  " << rec.headline << "\n";
  if (!rec.trade_off.empty()) out << "  trade-off: " << rec.trade_off << "\n";
  for (const std::string& change : rec.code_changes) out << "  in your code: " << change << "\n";
}

}  // namespace

std::string SignedBytes(int64_t bytes) {
  if (bytes == 0) return "0 B";
  return (bytes > 0 ? "+" : "-") + HumanBytes(static_cast<uint64_t>(std::llabs(bytes)));
}

std::string VerdictLine(const Analysis& a) {
  const memory::Attribution& g = a.attribution;
  switch (a.verdict) {
    case Verdict::kStable:
      return "stable: no lasting growth of " + HumanBytes(static_cast<uint64_t>(a.step_threshold)) + " or more after load";
    case Verdict::kPlateau:
      return "plateau: grew " + SignedBytes(g.warmup) + " during the warm-up, then flat";
    case Verdict::kStepGrowth: {
      std::size_t tied = 0, untied = 0;
      for (const memory::Step& s : a.steps) {
        if (!s.steady) continue;
        (s.cause == memory::IntervalCause::kRepeat ? untied : tied) += 1;
      }
      std::string line = "step growth: " + SignedBytes(g.new_max + g.new_shape + g.repeat) + " after the warm-up, " +
                         std::to_string(tied) + " step(s) at new shapes (arena, memory-pattern plans: not a leak)";
      if (untied > 0) line += ", " + std::to_string(untied) + " not tied to a new shape";
      return line;
    }
    case Verdict::kAllocatorGrowth:
      return fmt::format("allocator growth: resident memory grows {:.0f} bytes/iteration while the heap in use does "
                         "not: the C allocator keeps freed pages (not a leak; see malloc-trim)",
                         a.resident_leak.fit.slope);
    case Verdict::kLeak: {
      const LeakTest& t = a.leak.leak() ? a.leak : a.resident_leak;
      return fmt::format("leak ({}): {:.0f} bytes per iteration on shapes seen before (95% CI {:.0f} .. {:.0f}, "
                         "R\u00b2 {:.2f})",
                         a.leak_location, t.fit.slope, t.fit.ci_low, t.fit.ci_high, t.fit.r_squared);
    }
  }
  return "";
}

void RenderMemcheckText(const MemcheckReport& r, std::ostream& out) {
  RenderHeader(r, out);
  out << "\nverdict    " << VerdictLine(r.analysis) << "\n";
  RenderPhases(r.analysis, out);
  RenderGrowth(r.analysis, out);
  RenderSteps(r.analysis, ToString(r.config.memory.arena_extend_strategy), out);
  RenderLeakTests(r.analysis, out);
  if (r.cycles) RenderCycles(*r.cycles, out);
  if (!r.variant_results.empty()) RenderVariants(r, out);
}

}  // namespace ortkit::report
