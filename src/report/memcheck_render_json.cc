// `ortkit memcheck --json`: the report as one JSON object.
#include <algorithm>
#include <vector>

#include <nlohmann/json.hpp>

#include "report/memcheck_render.h"

namespace ortkit::report {
namespace {

using nlohmann::json;

json Counters(const memory::CheapCounters& c) {
  return {{"rss", c.rss}, {"anon", c.anon}, {"heap", c.heap}, {"footprint", c.footprint}};
}

json Fit(const memory::LeakTest& t) {
  return {{"slope_bytes_per_iteration", t.fit.slope},
          {"ci95", {t.fit.ci_low, t.fit.ci_high}},
          {"r_squared", t.fit.r_squared},
          {"confidence", t.fit.confidence},
          {"samples", t.points},
          {"iterations", t.iterations},
          {"growth", t.growth},
          {"second_half_share", t.second_half_share},
          {"significant", t.significant},
          {"linear", t.linear},
          {"sustained", t.sustained},
          {"large_enough", t.large_enough},
          {"leak", t.leak()}};
}

json ArenaJson(const ArenaStats& a) {
  return {{"in_use", a.in_use},
          {"total_allocated", a.total_allocated},
          {"max_in_use", a.max_in_use},
          {"num_allocs", a.num_allocs},
          {"num_reserves", a.num_reserves},
          {"num_arena_extensions", a.num_arena_extensions},
          {"num_arena_shrinkages", a.num_arena_shrinkages},
          {"requested_in_use", a.requested_in_use ? json(*a.requested_in_use) : json(nullptr)}};
}

json AnalysisJson(const memory::Analysis& a) {
  json phases = json::array();
  for (const memory::Phase& p : a.phases) {
    json j = {{"name", p.name},          {"first_iteration", p.first_iteration}, {"last_iteration", p.last_iteration},
              {"start", Counters(p.start)}, {"end", Counters(p.end)},           {"median", Counters(p.median)},
              {"p50_ms", p.ms_median},   {"p90_ms", p.ms_p90}};
    if (p.end_detailed) {
      const memory::DetailedCounters& d = *p.end_detailed;
      j["end_detailed"] = {{"peak_rss", d.peak_rss},
                           {"pss", d.pss ? json(*d.pss) : json(nullptr)},
                           {"private_dirty", d.private_dirty ? json(*d.private_dirty) : json(nullptr)}};
    }
    if (p.end_gpu) j["end_gpu_used"] = *p.end_gpu;
    phases.push_back(std::move(j));
  }
  json steps = json::array();
  for (const memory::Step& s : a.steps) {
    steps.push_back({{"iteration", s.iteration}, {"sampled_after", s.sampled_after}, {"bytes", s.bytes},
                     {"shape", s.shape}, {"cause", ToString(s.cause)}, {"steady", s.steady},
                     {"arena_extensions", s.arena_extensions}, {"arena_bytes", s.arena_bytes}});
  }
  json arena = nullptr;
  if (a.arena) {
    arena = {{"after_load", ArenaJson(a.arena->after_load)},
             {"end", ArenaJson(a.arena->end)},
             {"steady_extensions", a.arena->steady_extensions},
             {"steady_reserved", a.arena->steady_reserved},
             {"repeat_beyond_arena", a.arena->repeat_beyond_arena}};
  }
  const memory::Attribution& g = a.attribution;
  return {{"verdict", ToString(a.verdict)},
          {"summary", VerdictLine(a)},
          {"metric", a.metric},
          {"leak_location", a.leak_location},
          {"phases", phases},
          {"growth", {{"warmup", g.warmup}, {"new_max", g.new_max}, {"new_shape", g.new_shape},
                      {"repeat", g.repeat}, {"resident_beyond_heap", g.resident_beyond_heap}}},
          {"step_threshold", a.step_threshold},
          {"steps", steps},
          {"transient_rises", a.transient_rises},
          {"arena", arena},
          {"leak_test_series", a.arena ? "heap_beyond_arena" : a.metric},
          {"leak_test", Fit(a.leak)},
          {"resident_leak_test", Fit(a.resident_leak)},
          {"notes", a.notes}};
}

// The most points "series" carries; a chart of memory per iteration needs no more.
constexpr std::size_t kMaxSeriesPoints = 2000;

json SeriesPoint(const memory::Sample& s, bool heap_available) {
  json point = {{"iteration", s.iteration},
                {"rss", s.cheap.rss},
                {"anon", s.cheap.anon},
                {"heap", heap_available ? json(s.cheap.heap) : json(nullptr)}};
  if (s.arena) {  // the session's arena, where it was read
    point["arena_in_use"] = s.arena->in_use;
    point["arena_total_allocated"] = s.arena->total_allocated;
    point["arena_extensions"] = s.arena->num_arena_extensions;
  }
  return point;
}

// Memory after load (iteration 0) and after each sampled iteration. Long runs keep every k-th
// sample (k chosen to stay within kMaxSeriesPoints) plus the last one and each sample right
// after a step, so the steps the analysis reports still show on the chart.
json Series(const memory::MemcheckReport& r) {
  const memory::Measurement& m = r.measurement;
  const bool heap = m.sampling.heap_available;
  json series = json::array();
  series.push_back(SeriesPoint(m.after_load, heap));
  const std::size_t n = m.samples.size();
  const std::size_t stride = n <= kMaxSeriesPoints - 1 ? 1 : (n + kMaxSeriesPoints - 2) / (kMaxSeriesPoints - 1);
  std::vector<int64_t> step_iterations;
  for (const memory::Step& s : r.analysis.steps) step_iterations.push_back(s.sampled_after);
  for (std::size_t i = 0; i < n; ++i) {
    const bool at_step = std::find(step_iterations.begin(), step_iterations.end(), m.samples[i].iteration) !=
                         step_iterations.end();
    if (i % stride == 0 || i + 1 == n || at_step) series.push_back(SeriesPoint(m.samples[i], heap));
  }
  return series;
}

}  // namespace

void RenderMemcheckJson(const memory::MemcheckReport& r, std::ostream& out) {
  const memory::SamplingInfo& s = r.measurement.sampling;
  json j;
  j["model"] = r.model;
  j["providers"] = r.providers;
  j["config"] = json::parse(r.config.ToJson());
  j["schedule"] = {{"kind", r.schedule.kind},
                   {"iterations", r.schedule.iterations.size()},
                   {"warmup", r.schedule.warmup},
                   {"distinct_shapes", r.schedule.distinct_shapes}};
  j["sampling"] = {{"samples", s.samples},
                   {"cheap_every", s.cheap_every},
                   {"detailed_every", s.detailed_every},
                   {"cheap_cost_us", s.cheap_cost_us},
                   {"arena_cost_us", s.arena_cost_us},
                   {"detailed_cost_us", s.detailed_cost_us},
                   {"budget", s.budget},
                   {"sampling_ms", s.sampling_ms},
                   {"overhead", s.overhead},
                   {"heap_available", s.heap_available}};
  j["load_ms"] = r.measurement.load_ms;
  j["loop_ms"] = r.measurement.loop_ms;
  j["arena_stats"] = r.arena_stats;
  j["notes"] = r.notes;
  j["gpu"] = s.gpu;
  j["leak"] = r.leak();
  j["analysis"] = AnalysisJson(r.analysis);
  j["series"] = Series(r);
  if (r.cycles) {
    j["session_cycles"] = {{"cycles", r.cycles->schedule.iterations.size()},
                           {"warmup", r.cycles->schedule.warmup},
                           {"analysis", AnalysisJson(r.cycles->analysis)}};
  }
  if (!r.variant_results.empty()) {
    json variants = json::array();
    for (std::size_t i = 0; i < r.variant_results.size(); ++i) {
      json v = json::parse(memory::VariantResultToJson(r.variant_results[i]));
      if (i < r.variants.size()) v["change"] = r.variants[i].change;
      variants.push_back(std::move(v));
    }
    j["variants"] = variants;
  }
  if (r.recommendation) {
    const memory::Recommendation& rec = *r.recommendation;
    j["recommendation"] = {{"variant", rec.variant},
                           {"headline", rec.headline},
                           {"trade_off", rec.trade_off},
                           {"steady_saving", rec.steady_saving},
                           {"peak_saving", rec.peak_saving},
                           {"latency_change", rec.latency_change},
                           {"code_changes", rec.code_changes},
                           {"config", json::parse(rec.config.ToJson())}};
  }
  out << j.dump(2) << "\n";
}

}  // namespace ortkit::report
