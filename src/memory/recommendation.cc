// Recommend(): pick, explain, and build the deployment profile.
#include "memory/recommendation.h"

#include <cmath>
#include <cstdio>

namespace ortkit::memory {
namespace {

std::string Mib(int64_t bytes) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f MiB", static_cast<double>(bytes) / (1024.0 * 1024.0));
  return buf;
}

// "1.5 MiB lower" / "0.3 MiB higher": savings can be negative.
std::string Lower(int64_t saving) { return Mib(saving >= 0 ? saving : -saving) + (saving >= 0 ? " lower" : " higher"); }

std::string Percent(double share) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%+.0f%%", 100 * share);
  return buf;
}

std::string LeakFirst(const Analysis& a) {
  if (a.verdict != Verdict::kLeak) return {};
  const double slope = a.leak.leak() ? a.leak.fit.slope : a.resident_leak.fit.slope;
  char buf[160];
  std::snprintf(buf, sizeof buf, "Fix the leak first (%.0f bytes per iteration, %s): no setting stops a leak. ",
                slope, a.leak_location.c_str());
  return buf;
}

}  // namespace

std::string TradeOffOf(VariantKind kind) {
  switch (kind) {
    case VariantKind::kBaseline: return "";
    case VariantKind::kArenaOff:
      return "every run allocates and frees through the C allocator: slower runs, and glibc may keep the freed pages";
    case VariantKind::kPatternOff:
      return "no pre-planned buffers per shape: more allocations within each run";
    case VariantKind::kSameAsRequested:
      return "the arena grows by exactly what is asked instead of doubling: a lower high-water mark, more (smaller) "
             "extensions while shapes grow";
    case VariantKind::kShrink:
      return "free arena chunks go back after every run: the next large run allocates them again, and glibc may keep "
             "the freed pages resident (see shrink+trim)";
    case VariantKind::kMallocTrim:
      return "malloc_trim(0) after each run hands freed heap pages back to the OS: a walk of the heap per run, and a "
             "change to the serving code (not a session setting)";
    case VariantKind::kShrinkAndTrim:
      return "arena chunks freed after every run and their pages handed back: the lowest resident memory, paid for "
             "with re-allocation and a heap walk per run";
    case VariantKind::kBucketing:
      return "inputs padded up to multiples of 16 (and masked): fewer distinct shapes, so fewer plans and arena "
             "steps, but more compute per run; a change to pre-processing";
  }
  return "";
}

Recommendation Recommend(const Analysis& analysis, const std::vector<Variant>& variants,
                         const std::vector<VariantResult>& results, const SessionConfig& baseline_config,
                         const RecommendationPolicy& policy) {
  Recommendation rec;
  rec.config = baseline_config;
  const std::string leak_first = LeakFirst(analysis);
  if (results.empty() || !results.front().ok()) {
    rec.headline = leak_first + "Keep the settings: the baseline run failed" +
                   (results.empty() ? std::string() : " (" + results.front().error + ")") + ", so nothing compares.";
    return rec;
  }
  const VariantResult& base = results.front();
  const double floor = std::max(policy.min_saving_share * static_cast<double>(base.steady_anon),
                                static_cast<double>(policy.min_saving_bytes));
  std::size_t best = 0;        // index of the chosen variant (0: none)
  std::size_t largest = 0;     // the largest saving at any latency, for the "none" case
  for (std::size_t i = 1; i < results.size() && i < variants.size(); ++i) {
    const VariantResult& r = results[i];
    if (!r.ok() || (r.verdict == Verdict::kLeak && base.verdict != Verdict::kLeak)) continue;
    const int64_t saving = base.steady_anon - r.steady_anon;
    const double latency = base.p50_ms > 0 ? r.p50_ms / base.p50_ms - 1 : 0;
    if (saving > 0 && (largest == 0 || saving > base.steady_anon - results[largest].steady_anon)) largest = i;
    if (static_cast<double>(saving) < floor || latency > policy.max_latency_cost) continue;
    if (best == 0 || saving > base.steady_anon - results[best].steady_anon) best = i;
  }
  if (best == 0) {
    char buf[200] = "";
    if (largest != 0) {
      const VariantResult& r = results[largest];
      std::snprintf(buf, sizeof buf, " (the largest saving, %s with %s, costs %s latency)",
                    Mib(base.steady_anon - r.steady_anon).c_str(), r.name.c_str(),
                    Percent(base.p50_ms > 0 ? r.p50_ms / base.p50_ms - 1 : 0).c_str());
    }
    rec.headline = leak_first + "Keep the settings: no variant saves " +
                   std::to_string(static_cast<int>(std::lround(100 * policy.min_saving_share))) +
                   "% of steady memory within " + Percent(policy.max_latency_cost) + " latency" + buf + ".";
    return rec;
  }
  const Variant& chosen = variants[best];
  const VariantResult& r = results[best];
  rec.variant = chosen.name;
  rec.steady_saving = base.steady_anon - r.steady_anon;
  rec.peak_saving = base.peak_rss - r.peak_rss;
  rec.latency_change = base.p50_ms > 0 ? r.p50_ms / base.p50_ms - 1 : 0;
  ScheduleSpec unused_schedule;
  MeasureOptions measure;
  ApplyVariant(chosen, &rec.config, &unused_schedule, &measure);
  if (measure.malloc_trim_after_run) {
    rec.code_changes.push_back("call malloc_trim(0) (glibc, <malloc.h>) after each run");
  }
  if (unused_schedule.bucket > 0) {
    rec.code_changes.push_back("pad each varying dimension up to a multiple of 16 before running (and mask the padding)");
  }
  rec.headline = leak_first + "Use " + chosen.name + " (" + chosen.change + "): steady memory " +
                 Lower(rec.steady_saving) + ", peak " + Lower(rec.peak_saving) + ", latency " +
                 Percent(rec.latency_change) + ".";
  rec.trade_off = TradeOffOf(chosen.kind);
  return rec;
}

}  // namespace ortkit::memory
