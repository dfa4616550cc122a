// The axes `ortkit tune` searches, and applying a choice to a benchmark spec.
#include "bench/tune_space.h"

#include <algorithm>

#include "bench/setting.h"
#include "core/provider_options.h"
#include "ortkit/error.h"

namespace ortkit::bench {
namespace {

constexpr const char* kOptionPrefix = "option:";

TuneChoice One(std::string key, std::string value) { return TuneChoice{{TuneStep{std::move(key), std::move(value)}}}; }

TuneAxis Axis(std::string name, std::vector<TuneChoice> choices) {
  return TuneAxis{std::move(name), {}, std::move(choices), {}};
}

// 1..cores, thinned to powers of two (and cores itself) above 4 so that big machines stay cheap.
std::vector<int> ThreadCounts(int cores) {
  std::vector<int> counts;
  for (int n = 1; n <= cores; n = n < 4 ? n + 1 : n * 2) counts.push_back(n);
  if (counts.empty() || counts.back() != cores) counts.push_back(std::max(1, cores));
  return counts;
}

TuneAxis ProviderOptionAxis(const std::string& provider) {
  TuneAxis axis{provider + "_options", provider, {}, {}};
  if (const auto* keys = core::KnownProviderOptions(provider)) {
    for (const auto& key : *keys) {
      for (const auto& value : key.tune_values) {
        axis.choices.push_back(One(kOptionPrefix + provider + ":" + key.key, value));
      }
    }
  }
  return axis;
}

// Choices with a setting the library refused go; an axis left with one choice or none has
// nothing to compare and is skipped, quoting the refusal.
void DropRefused(const std::map<std::string, std::string>& refused, std::vector<TuneAxis>& axes) {
  if (refused.empty()) return;
  for (TuneAxis& axis : axes) {
    std::string why;
    auto& choices = axis.choices;
    choices.erase(std::remove_if(choices.begin(), choices.end(),
                                 [&](const TuneChoice& choice) {
                                   for (const TuneStep& step : choice.steps) {
                                     auto it = refused.find(step.key + "=" + step.value);
                                     if (it == refused.end()) continue;
                                     if (why.empty()) why = it->first + ": " + it->second;
                                     return true;
                                   }
                                   return false;
                                 }),
                  choices.end());
    if (!why.empty() && choices.size() < 2 && axis.skipped.empty()) {
      axis.skipped = "this ONNX Runtime refuses it (" + why + ")";
    }
  }
}

}  // namespace

std::string PrimaryProvider(const SessionConfig& config) {
  if (config.providers.empty()) return "cpu";
  return CanonicalProviderName(config.providers.front().name).value_or(config.providers.front().name);
}

std::vector<TuneAxis> BuildAxes(const SearchSpace& space) {
  std::vector<TuneAxis> axes;
  TuneAxis providers = Axis("provider", {});
  for (const auto& p : space.providers) {
    TuneChoice choice = One("provider", p);
    if (auto it = space.provider_options.find(p); it != space.provider_options.end()) {
      for (const auto& [key, value] : it->second) choice.steps.push_back(TuneStep{kOptionPrefix + p + ":" + key, value});
    }
    providers.choices.push_back(std::move(choice));
  }
  if (providers.choices.size() < 2) providers.skipped = "only one provider to try (" + (space.providers.empty() ? std::string("cpu") : space.providers.front()) + ")";
  axes.push_back(providers);

  for (const auto& p : space.providers) {
    TuneAxis axis = ProviderOptionAxis(p);
    if (!axis.choices.empty()) axes.push_back(std::move(axis));
  }
  for (const auto& [p, why] : space.unavailable) {
    axes.push_back(TuneAxis{p, p, {}, why});
  }

  TuneAxis threads = Axis("intra_threads", {});
  for (int n : ThreadCounts(space.cores)) threads.choices.push_back(One("intra_threads", std::to_string(n)));
  axes.push_back(threads);
  axes.push_back(Axis("spinning", {One("spinning", "off"), One("spinning", "on")}));
  // ORT 1.30's thread-pool keys: a spin of a set duration (0.5 and 2 ms, the header's common
  // values) instead of a fixed iteration count, sparser pauses while spinning, and finer blocks.
  axes.push_back(Axis("spin_duration", {One("spin_duration_us", "default"), One("spin_duration_us", "500"),
                                        One("spin_duration_us", "2000")}));
  axes.push_back(Axis("spin_backoff", {One("spin_backoff_max", "default"), One("spin_backoff_max", "4"),
                                       One("spin_backoff_max", "8")}));
  axes.push_back(Axis("dynamic_block_base", {One("dynamic_block_base", "default"), One("dynamic_block_base", "4")}));
  TuneAxis opt = Axis("opt", {});
  for (OptimizationLevel level : OptimizationLevels()) opt.choices.push_back(One("opt", ToString(level)));
  axes.push_back(opt);
  TuneAxis mode = Axis("execution_mode", {One("execution_mode", "sequential"), One("execution_mode", "parallel")});
  if (space.cores >= 2) {
    mode.choices.push_back(TuneChoice{{{"execution_mode", "parallel"}, {"inter_threads", "2"}}});
  }
  axes.push_back(mode);
  axes.push_back(Axis("arena", {One("arena", "off"), One("arena", "on")}));
  axes.push_back(Axis("mem_pattern", {One("mem_pattern", "off"), One("mem_pattern", "on")}));
  axes.push_back(Axis("arena_extend", {One("arena_extend", "same_as_requested"), One("arena_extend", "next_power_of_two")}));
  if (space.saved_model) axes.push_back(Axis("saved_model", {}));
  DropRefused(space.refused, axes);
  for (const auto& name : space.only_axes) {
    if (std::none_of(axes.begin(), axes.end(), [&](const TuneAxis& a) { return a.name == name; })) {
      std::string names;
      for (const auto& a : axes) names += (names.empty() ? "" : ", ") + a.name;
      throw Error(ErrorCategory::kConfig, "unknown axis '" + name + "' (axes here: " + names + ")");
    }
  }
  if (!space.only_axes.empty()) {
    for (auto& axis : axes) {
      const bool wanted = std::find(space.only_axes.begin(), space.only_axes.end(), axis.name) != space.only_axes.end();
      if (!wanted && axis.skipped.empty()) axis.skipped = "left out (--axes)";
    }
  }
  return axes;
}

bool ApplyChoice(const TuneChoice& choice, BenchSpec& spec) {
  for (const auto& step : choice.steps) {
    if (step.key.rfind(kOptionPrefix, 0) == 0) {
      const std::string rest = step.key.substr(std::char_traits<char>::length(kOptionPrefix));
      const std::string provider = rest.substr(0, rest.find(':'));
      const std::string key = rest.substr(rest.find(':') + 1);
      if (PrimaryProvider(spec.config) != provider) return false;
      if (const std::string why = core::CheckProviderOption(provider, key, step.value); !why.empty()) {
        throw Error(ErrorCategory::kConfig, why);
      }
      spec.config.providers.front().options[key] = step.value;
    } else if (step.key == "model") {
      spec.model_path = step.value;
    } else if (step.key == "provider") {
      // A new provider starts from its default options; settings not tied to a provider stay.
      if (PrimaryProvider(spec.config) != step.value) ApplySetting(spec, step.key, step.value);
    } else {
      if (step.key == "arena" && step.value == "off") {
        // Without the arena, its extend strategy and shrinking must be at their defaults.
        spec.config.memory.arena_extend_strategy = ArenaExtendStrategy::kNextPowerOfTwo;
        spec.config.memory.arena_shrink_after_run = false;
      }
      if (step.key == "arena_extend" && !spec.config.memory.cpu_arena) return false;
      // Spin settings shape a spin that does not happen with spinning off.
      const bool spin_key = step.key == "spin_duration_us" || step.key == "spin_backoff_max";
      if (spin_key && step.value != "default" && spec.config.allow_spinning == false) return false;
      ApplySetting(spec, step.key, step.value);
    }
  }
  return true;
}

std::string ChoiceLabel(const TuneChoice& choice) {
  std::string label;
  for (const auto& step : choice.steps) {
    std::string key = step.key;
    if (key.rfind(kOptionPrefix, 0) == 0) {
      key = key.substr(std::char_traits<char>::length(kOptionPrefix));
      key[key.find(':')] = '.';
    }
    label += (label.empty() ? "" : ",") + key + "=" + step.value;
  }
  return label;
}

std::string DescribeChanges(const SessionConfig& config, const std::string& saved_model) {
  const SessionConfig defaults;
  std::vector<std::string> parts;
  for (const auto& provider : config.providers) {
    const std::string name = CanonicalProviderName(provider.name).value_or(provider.name);
    parts.push_back("provider=" + name);
    for (const auto& [key, value] : provider.options) parts.push_back(name + "." + key + "=" + value);
  }
  if (config.intra_op_threads != defaults.intra_op_threads) parts.push_back("intra_threads=" + std::to_string(config.intra_op_threads));
  if (config.inter_op_threads != defaults.inter_op_threads) parts.push_back("inter_threads=" + std::to_string(config.inter_op_threads));
  if (config.allow_spinning) parts.push_back(std::string("spinning=") + (*config.allow_spinning ? "on" : "off"));
  if (config.optimization_level != defaults.optimization_level) parts.push_back(std::string("opt=") + ToString(config.optimization_level));
  if (config.execution_mode != defaults.execution_mode) parts.push_back(std::string("execution_mode=") + ToString(config.execution_mode));
  if (config.memory.cpu_arena != defaults.memory.cpu_arena) parts.push_back(config.memory.cpu_arena ? "arena=on" : "arena=off");
  if (config.memory.memory_pattern != defaults.memory.memory_pattern) parts.push_back(config.memory.memory_pattern ? "mem_pattern=on" : "mem_pattern=off");
  if (config.memory.arena_extend_strategy != defaults.memory.arena_extend_strategy) {
    parts.push_back(std::string("arena_extend=") + ToString(config.memory.arena_extend_strategy));
  }
  if (config.memory.arena_shrink_after_run) parts.push_back("arena_shrink=on");
  for (const auto& [key, value] : config.config_entries) {
    // tune's own names for the keys it sets (setting.h), ORT's for any other.
    std::string name = key;
    for (const auto& [setting, ort_key] : {std::pair{"spin_duration_us", kSpinDurationKey},
                                           std::pair{"spin_backoff_max", kSpinBackoffKey},
                                           std::pair{"dynamic_block_base", kDynamicBlockKey}}) {
      if (key == ort_key) name = setting;
    }
    parts.push_back(name + "=" + value);
  }
  if (!saved_model.empty()) parts.push_back("model=" + saved_model);
  if (parts.empty()) return "ORT defaults";
  std::string text;
  for (const auto& part : parts) text += (text.empty() ? "" : " ") + part;
  return text;
}

}  // namespace ortkit::bench
