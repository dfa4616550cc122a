// What `ortkit tune` searches: axes of choices (threads, spinning, optimisation level, execution
// mode, memory settings, provider and provider options, a saved pre-optimised model), each a few
// changes applied to the best configuration found so far.
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "bench/bench_spec.h"

namespace ortkit::bench {

/// One change: a setting.h key ("intra_threads"), a provider option ("option:webgpu:preferredLayout")
/// or the model file ("model", the path of a saved pre-optimised model).
struct TuneStep {
  std::string key;
  std::string value;
};

/// The changes one candidate makes to the current best, e.g. execution_mode=parallel + inter_threads=2.
struct TuneChoice {
  std::vector<TuneStep> steps;
};

/// One axis of the search: its choices, or why it is not searched.
struct TuneAxis {
  std::string name;      ///< "intra_threads", "webgpu_options", "saved_model"
  std::string provider;  ///< for provider-option axes: the provider they need; else ""
  std::vector<TuneChoice> choices;
  std::string skipped;   ///< non-empty: not searched, and why
};

/// What the search may use.
struct SearchSpace {
  std::vector<std::string> providers;  ///< canonical names the provider axis tries, "cpu" included
  /// Providers asked for (or compiled in) that cannot run here, with why: their axes are skipped.
  std::vector<std::pair<std::string, std::string>> unavailable;
  /// Options a provider starts with when the search tries it (--provider-option), by provider.
  std::map<std::string, std::map<std::string, std::string>> provider_options;
  int cores = 1;            ///< intra-op thread counts tried: 1..cores (powers of two above 4)
  bool saved_model = false;  ///< add the "saved_model" axis (cold start); its choices come later
  /// When not empty: search only these axes (by name); the others are reported as left out.
  std::vector<std::string> only_axes;
  /// Settings the ORT library refused when probed ("opt=layout" -> ORT's words,
  /// ProbeRefusedSettings): their choices are dropped, and an axis left with none is skipped.
  std::map<std::string, std::string> refused;
};

/// The axes in search order: provider, <provider>_options, intra_threads, spinning,
/// spin_duration, spin_backoff, dynamic_block_base, opt, execution_mode, arena, mem_pattern,
/// arena_extend, then saved_model when asked for; providers
/// that can't run here come as skipped axes named after them. Throws Error(kConfig) naming the
/// axes there are when `space.only_axes` names another.
std::vector<TuneAxis> BuildAxes(const SearchSpace& space);

/// The provider a config runs on first: "cpu" when it names none.
std::string PrimaryProvider(const SessionConfig& config);

/// Applies `choice` to `spec`. Returns false when it does not apply (a provider option of a
/// provider the config does not use); throws Error(kConfig) for an invalid step.
bool ApplyChoice(const TuneChoice& choice, BenchSpec& spec);

/// "intra_threads=1,spinning=off": a choice as people read it.
std::string ChoiceLabel(const TuneChoice& choice);

/// How `config` differs from ORT's defaults, as "provider=webgpu intra_threads=2 ..."; "ORT defaults"
/// when it does not. `saved_model` (e.g. "saved ONNX") is added as "model=<saved_model>".
std::string DescribeChanges(const SessionConfig& config, const std::string& saved_model = {});

}  // namespace ortkit::bench
