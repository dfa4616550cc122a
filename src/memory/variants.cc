// The variant table, how each variant changes a run, and the child's summary as JSON.
#include "memory/variants.h"

#include <nlohmann/json.hpp>

#include "ortkit/error.h"

namespace ortkit::memory {
namespace {

const std::vector<Variant>& AllVariants() {
  static const std::vector<Variant> kAll = {
      {VariantKind::kBaseline, "baseline", "the settings as given", true},
      {VariantKind::kArenaOff, "arena-off", "cpu_arena=false", true},
      {VariantKind::kPatternOff, "pattern-off", "memory_pattern=false", true},
      {VariantKind::kSameAsRequested, "same-as-requested", "arena_extend_strategy=same_as_requested", true},
      {VariantKind::kShrink, "shrink", "arena_shrink_after_run=true", true},
      {VariantKind::kMallocTrim, "malloc-trim", "malloc_trim(0) after each run", false},
      {VariantKind::kShrinkAndTrim, "shrink+trim", "arena_shrink_after_run=true and malloc_trim(0)", false},
      {VariantKind::kBucketing, "bucket16", "varying dims padded up to multiples of 16", false},
  };
  return kAll;
}

Verdict VerdictNamed(const std::string& text) {
  for (Verdict v : {Verdict::kStable, Verdict::kPlateau, Verdict::kStepGrowth, Verdict::kAllocatorGrowth, Verdict::kLeak}) {
    if (text == ToString(v)) return v;
  }
  throw Error(ErrorCategory::kRun, "variant result: unknown verdict '" + text + "'");
}

}  // namespace

std::vector<Variant> VariantsFor(const Schedule& schedule) {
  std::vector<Variant> out;
  for (const Variant& v : AllVariants()) {
    // Bucketing pads generated inputs; saved ones are replayed as saved.
    if (v.kind != VariantKind::kBucketing || (schedule.varies() && !schedule.saved_runs)) out.push_back(v);
  }
  return out;
}

std::optional<Variant> FindVariant(const std::string& name) {
  for (const Variant& v : AllVariants()) {
    if (v.name == name) return v;
  }
  return std::nullopt;
}

std::string VariantNames() {
  std::string out;
  for (const Variant& v : AllVariants()) out += (out.empty() ? "" : ", ") + v.name;
  return out;
}

void ApplyVariant(const Variant& variant, SessionConfig* config, ScheduleSpec* schedule, MeasureOptions* measure) {
  switch (variant.kind) {
    case VariantKind::kBaseline: break;
    case VariantKind::kArenaOff: config->memory.cpu_arena = false; break;
    case VariantKind::kPatternOff: config->memory.memory_pattern = false; break;
    case VariantKind::kSameAsRequested:
      config->memory.cpu_arena = true;  // the strategy is the arena's: it needs one
      config->memory.arena_extend_strategy = ArenaExtendStrategy::kSameAsRequested;
      break;
    case VariantKind::kShrink: config->memory.arena_shrink_after_run = true; break;
    case VariantKind::kMallocTrim: measure->malloc_trim_after_run = true; break;
    case VariantKind::kShrinkAndTrim:
      config->memory.arena_shrink_after_run = true;
      measure->malloc_trim_after_run = true;
      break;
    case VariantKind::kBucketing: schedule->bucket = 16; break;
  }
}

VariantResult SummarizeVariant(const std::string& name, const Measurement& m, const Analysis& a) {
  VariantResult r;
  r.name = name;
  r.verdict = a.verdict;
  r.leak_location = a.leak_location;
  if (a.verdict == Verdict::kLeak) {
    r.leak_bytes_per_iteration = a.leak.leak() ? a.leak.fit.slope : a.resident_leak.fit.slope;
  }
  const Phase& steady = a.phases.back();
  r.steady_anon = steady.median.anon;
  r.steady_heap = steady.median.heap;
  if (!m.samples.empty() && m.samples.back().detailed) r.peak_rss = m.samples.back().detailed->peak_rss;
  r.p50_ms = steady.ms_median;
  r.p90_ms = steady.ms_p90;
  return r;
}

std::string VariantResultToJson(const VariantResult& r) {
  nlohmann::json j;
  j["name"] = r.name;
  if (!r.ok()) {
    j["error"] = r.error;
    return j.dump();
  }
  j["verdict"] = ToString(r.verdict);
  j["leak_location"] = r.leak_location;
  j["leak_bytes_per_iteration"] = r.leak_bytes_per_iteration;
  j["steady_anon"] = r.steady_anon;
  j["steady_heap"] = r.steady_heap;
  j["peak_rss"] = r.peak_rss;
  j["p50_ms"] = r.p50_ms;
  j["p90_ms"] = r.p90_ms;
  return j.dump();
}

VariantResult VariantResultFromJson(const std::string& text) {
  try {
    const nlohmann::json j = nlohmann::json::parse(text);
    VariantResult r;
    r.name = j.at("name").get<std::string>();
    if (j.contains("error")) {
      r.error = j.at("error").get<std::string>();
      return r;
    }
    r.verdict = VerdictNamed(j.at("verdict").get<std::string>());
    r.leak_location = j.at("leak_location").get<std::string>();
    r.leak_bytes_per_iteration = j.at("leak_bytes_per_iteration").get<double>();
    r.steady_anon = j.at("steady_anon").get<int64_t>();
    r.steady_heap = j.at("steady_heap").get<int64_t>();
    r.peak_rss = j.at("peak_rss").get<int64_t>();
    r.p50_ms = j.at("p50_ms").get<double>();
    r.p90_ms = j.at("p90_ms").get<double>();
    return r;
  } catch (const nlohmann::json::exception& e) {
    throw Error(ErrorCategory::kRun, std::string("variant result is not readable: ") + e.what());
  }
}

}  // namespace ortkit::memory
