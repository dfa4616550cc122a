// Listing a configuration's settings and taking one away.
#include "bench/tune_ablation.h"

#include <utility>

#include "bench/setting.h"
#include "ortkit/error.h"

namespace ortkit::bench {
namespace {

constexpr const char* kOptionPrefix = "option:";
constexpr const char* kEntryPrefix = "entry:";

bool StartsWith(const std::string& text, const char* prefix) { return text.rfind(prefix, 0) == 0; }

// tune's own name for an ORT config key it sets (setting.h), ORT's for any other.
std::string EntryName(const std::string& key) {
  for (const auto& [setting, ort_key] : {std::pair{"spin_duration_us", kSpinDurationKey},
                                         std::pair{"spin_backoff_max", kSpinBackoffKey},
                                         std::pair{"dynamic_block_base", kDynamicBlockKey}}) {
    if (key == ort_key) return setting;
  }
  return key;
}

}  // namespace

std::vector<TuneSetting> SettingsOf(const SessionConfig& config, const std::string& saved_model) {
  const SessionConfig defaults;
  std::vector<TuneSetting> settings;
  auto add = [&](std::string key, std::string label) { settings.push_back(TuneSetting{std::move(key), std::move(label)}); };
  if (!config.providers.empty()) {
    const std::string name = CanonicalProviderName(config.providers.front().name).value_or(config.providers.front().name);
    add("provider", "provider=" + name);
    for (const auto& [key, value] : config.providers.front().options) {
      add(kOptionPrefix + name + ":" + key, name + "." + key + "=" + value);
    }
  }
  if (config.intra_op_threads != defaults.intra_op_threads) add("intra_threads", "intra_threads=" + std::to_string(config.intra_op_threads));
  if (config.inter_op_threads != defaults.inter_op_threads) add("inter_threads", "inter_threads=" + std::to_string(config.inter_op_threads));
  if (config.allow_spinning) add("spinning", std::string("spinning=") + (*config.allow_spinning ? "on" : "off"));
  // A saved model needs its disabled optimisation: the two go together, as one unit, below.
  if (config.optimization_level != defaults.optimization_level && saved_model.empty()) {
    add("opt", std::string("opt=") + ToString(config.optimization_level));
  }
  if (config.execution_mode != defaults.execution_mode) add("execution_mode", std::string("execution_mode=") + ToString(config.execution_mode));
  if (config.memory.cpu_arena != defaults.memory.cpu_arena) add("arena", config.memory.cpu_arena ? "arena=on" : "arena=off");
  if (config.memory.memory_pattern != defaults.memory.memory_pattern) {
    add("mem_pattern", config.memory.memory_pattern ? "mem_pattern=on" : "mem_pattern=off");
  }
  if (config.memory.arena_extend_strategy != defaults.memory.arena_extend_strategy) {
    add("arena_extend", std::string("arena_extend=") + ToString(config.memory.arena_extend_strategy));
  }
  if (config.memory.arena_shrink_after_run) add("arena_shrink", "arena_shrink=on");
  for (const auto& [key, value] : config.config_entries) add(kEntryPrefix + key, EntryName(key) + "=" + value);
  if (!saved_model.empty()) add("saved_model", "model=saved " + saved_model);
  return settings;
}

SessionConfig WithoutSetting(SessionConfig config, const std::string& key) {
  const SessionConfig defaults;
  if (key == "provider") {
    config.providers.clear();
  } else if (StartsWith(key, kOptionPrefix)) {
    const std::string option = key.substr(key.find(':', std::char_traits<char>::length(kOptionPrefix)) + 1);
    if (!config.providers.empty()) config.providers.front().options.erase(option);
  } else if (key == "intra_threads") {
    config.intra_op_threads = defaults.intra_op_threads;
  } else if (key == "inter_threads") {
    config.inter_op_threads = defaults.inter_op_threads;
  } else if (key == "spinning") {
    config.allow_spinning.reset();
  } else if (key == "opt" || key == "saved_model") {
    config.optimization_level = defaults.optimization_level;
  } else if (key == "execution_mode") {
    config.execution_mode = defaults.execution_mode;
  } else if (key == "arena") {
    config.memory.cpu_arena = defaults.memory.cpu_arena;
  } else if (key == "mem_pattern") {
    config.memory.memory_pattern = defaults.memory.memory_pattern;
  } else if (key == "arena_extend") {
    config.memory.arena_extend_strategy = defaults.memory.arena_extend_strategy;
  } else if (key == "arena_shrink") {
    config.memory.arena_shrink_after_run = defaults.memory.arena_shrink_after_run;
  } else if (StartsWith(key, kEntryPrefix)) {
    config.config_entries.erase(key.substr(std::char_traits<char>::length(kEntryPrefix)));
  } else {
    throw Error(ErrorCategory::kConfig, "tune: no setting '" + key + "' to remove");
  }
  return config;
}

}  // namespace ortkit::bench
