// "What to change": the settings memcheck re-runs the same schedule under, each in a fresh
// process so that one variant's arena, caches and freed pages can't colour the next; and the
// summary each run hands back.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "memory/analyzer.h"
#include "memory/measure.h"
#include "memory/schedule.h"
#include "ortkit/session_config.h"

namespace ortkit::memory {

enum class VariantKind {
  kBaseline,         ///< the settings as given
  kArenaOff,         ///< memory.cpu_arena = false
  kPatternOff,       ///< memory.memory_pattern = false
  kSameAsRequested,  ///< memory.arena_extend_strategy = kSameAsRequested
  kShrink,           ///< memory.arena_shrink_after_run (memory.enable_memory_arena_shrinkage)
  kMallocTrim,       ///< malloc_trim(0) after every run: code, not a session setting
  kShrinkAndTrim,    ///< both of the above
  kBucketing,        ///< varying dims padded up to multiples of 16: pre-processing, not a setting
};

struct Variant {
  VariantKind kind = VariantKind::kBaseline;
  std::string name;    ///< the --variant spelling: "baseline", "arena-off", ...
  std::string change;  ///< what it changes, for people: "cpu_arena=false", "malloc_trim(0) after each run"
  bool session_setting = true;  ///< expressible in a deployment profile (SessionConfig)
};

/// Every variant, baseline first; bucketing only when the schedule's shapes vary.
std::vector<Variant> VariantsFor(const Schedule& schedule);
/// The variant named `name` ("arena-off"...); nullopt for an unknown name.
std::optional<Variant> FindVariant(const std::string& name);
/// "baseline, arena-off, ...": the names FindVariant knows.
std::string VariantNames();

/// The variant's change applied to a run's settings.
void ApplyVariant(const Variant& variant, SessionConfig* config, ScheduleSpec* schedule, MeasureOptions* measure);

/// What one variant's run hands back (from its own process, as JSON).
struct VariantResult {
  std::string name;
  std::string error;  ///< non-empty when the run failed; then only `name` is meaningful
  Verdict verdict = Verdict::kStable;
  std::string leak_location;
  double leak_bytes_per_iteration = 0;  ///< the leak test's slope, when the verdict is a leak
  int64_t steady_anon = 0;  ///< median resident anonymous memory over the steady phase, bytes
  int64_t steady_heap = 0;  ///< median C-heap in use over the steady phase, bytes
  int64_t peak_rss = 0;     ///< VmHWM at the end (the whole process: load included), bytes
  double p50_ms = 0;        ///< steady-phase run latency
  double p90_ms = 0;
  bool ok() const noexcept { return error.empty(); }
};

/// The summary of a finished run.
VariantResult SummarizeVariant(const std::string& name, const Measurement& m, const Analysis& a);

/// JSON for the parent process; FromJson throws Error(kRun) for anything it can't read.
std::string VariantResultToJson(const VariantResult& result);
VariantResult VariantResultFromJson(const std::string& json);

}  // namespace ortkit::memory
