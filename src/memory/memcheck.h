// `memcheck` as one call: measure a model on a schedule, analyse, optionally cycle sessions and
// compare variants, and return everything as data for the renderers.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "memory/analyzer.h"
#include "memory/measure.h"
#include "memory/model_workload.h"
#include "memory/recommendation.h"
#include "memory/schedule.h"
#include "memory/session_cycles.h"
#include "memory/variants.h"
#include "ortkit/session_config.h"
#include "workload/inputs.h"

namespace ortkit::memory {

struct MemcheckRequest {
  std::string model_path;
  SessionConfig config;    ///< --config with --provider applied
  ScheduleSpec schedule;
  /// Files, --value rules (guesses included), the seed, and sizes every iteration adds to the
  /// schedule's (probed ones): what a variant's fresh process needs to build the same inputs.
  workload::InputRequest inputs;
  /// The saved runs --inputs-from replays (schedule.rows are their sizes); empty: `inputs` builds them.
  std::vector<ReplayRun> replay;
  MeasureOptions measure;  ///< sample_every, budget; `progress` is set from `progress` below
  int64_t session_cycles = 0;  ///< 0: no session cycles
  int64_t cycle_warmup = -1;
  bool variants = false;       ///< run the what-to-change variants
  /// Only these variants (by name; the baseline always runs first); empty: all that apply.
  std::vector<std::string> variant_names;
  /// (stage, done, total): stage is "measure", "session cycles" or "variant <name>".
  std::function<void(const std::string&, int64_t, int64_t)> progress;
};

struct CyclesResult {
  Schedule schedule;
  Measurement measurement;
  Analysis analysis;
};

struct MemcheckReport {
  std::string model;
  std::vector<std::string> providers;
  SessionConfig config;
  Schedule schedule;
  Measurement measurement;
  Analysis analysis;
  /// What ORT's arena statistics said, or why there are none (filled in by the caller, which
  /// knows the ORT API version).
  std::string arena_stats;
  std::optional<CyclesResult> cycles;
  std::vector<Variant> variants;              ///< the variants run, baseline first
  std::vector<VariantResult> variant_results; ///< in the same order
  std::optional<Recommendation> recommendation;
  std::vector<std::string> notes;  ///< what was guessed about the inputs and probed about sizes

  /// True when the run or the session cycles found a leak (the CLI's exit status 1).
  bool leak() const noexcept;
};

/// Runs `variant` of `request` in some process and returns its summary. The CLI runs each in a
/// fresh process; tests may run them in-process with RunVariant.
using VariantRunner = std::function<VariantResult(const Variant&)>;

/// Loads request.model_path with request.config (Error(kLoad) etc. propagate), measures and
/// analyses the schedule, then the session cycles and the variants when asked. Throws
/// Error(kConfig) before measuring for an unknown name in variant_names.
MemcheckReport RunMemcheck(const MemcheckRequest& request, const InputFactory& inputs,
                           const VariantRunner& run_variant = {});

/// One variant measured and analysed in this process (what a variant's child process does).
VariantResult RunVariant(const MemcheckRequest& request, const Variant& variant, const InputFactory& inputs);

}  // namespace ortkit::memory
