// Named settings of a benchmark, each applied to a BenchSpec.
#include "bench/setting.h"

#include <functional>

#include "ortkit/error.h"

namespace ortkit::bench {
namespace {

using Apply = std::function<void(BenchSpec&, const std::string&)>;

struct Setting {
  SettingKey key;
  std::function<bool(const std::string&)> valid;
  Apply apply;
};

bool IsOnOff(const std::string& v) { return v == "on" || v == "off"; }

bool IsCount(const std::string& v, int min, int max, int* out = nullptr) {
  if (v.empty() || v.size() > 7) return false;
  int n = 0;
  for (char c : v) {
    if (c < '0' || c > '9') return false;
    n = n * 10 + (c - '0');
  }
  if (n < min || n > max) return false;
  if (out) *out = n;
  return true;
}

int Count(const std::string& v) {
  int n = 0;
  IsCount(v, 0, 9999, &n);
  return n;
}

template <typename Enum>
bool ParseEnum(const std::string& v, std::initializer_list<Enum> all, Enum* out) {
  for (Enum e : all) {
    if (v == ToString(e)) {
      *out = e;
      return true;
    }
  }
  return false;
}

constexpr std::initializer_list<ExecutionMode> kModes = {ExecutionMode::kSequential, ExecutionMode::kParallel};
constexpr std::initializer_list<ArenaExtendStrategy> kStrategies = {ArenaExtendStrategy::kNextPowerOfTwo,
                                                                     ArenaExtendStrategy::kSameAsRequested};

// A setting stored as a session config entry (SessionConfig::config_entries).
Setting ConfigEntry(const char* name, const char* ort_key, const char* values, int min, int max) {
  return Setting{{name, values},
                 [min, max](const std::string& v) { return v == "default" || IsCount(v, min, max); },
                 [ort_key](BenchSpec& s, const std::string& v) {
                   if (v == "default") {
                     s.config.config_entries.erase(ort_key);
                   } else {
                     s.config.config_entries[ort_key] = v;
                   }
                 }};
}

// The table: every key, how its values are checked, and what it changes.
const std::vector<Setting>& Settings() {
  static const std::vector<Setting> settings = {
      {{"provider", "cpu, webgpu, or another provider name"},
       [](const std::string& v) { return CanonicalProviderName(v).has_value(); },
       [](BenchSpec& s, const std::string& v) {
         const std::string name = *CanonicalProviderName(v);
         s.config.providers.clear();
         if (name != "cpu") s.config.providers.push_back(ProviderConfig{name, {}});
       }},
      {{"intra_threads", "0..1024 (0: ORT decides)"}, [](const std::string& v) { return IsCount(v, 0, 1024); },
       [](BenchSpec& s, const std::string& v) { s.config.intra_op_threads = Count(v); }},
      {{"inter_threads", "0..1024 (0: ORT decides)"}, [](const std::string& v) { return IsCount(v, 0, 1024); },
       [](BenchSpec& s, const std::string& v) { s.config.inter_op_threads = Count(v); }},
      {{"spinning", "on or off"}, IsOnOff, [](BenchSpec& s, const std::string& v) { s.config.allow_spinning = v == "on"; }},
      // ORT's thread-pool keys (1.30): how long idle intra-op threads spin, how sparsely, and how
      // finely a parallel loop is cut. "default" removes the key, leaving ORT's behaviour.
      ConfigEntry("spin_duration_us", kSpinDurationKey, "0..1000000 (microseconds) or default", 0, 1000000),
      ConfigEntry("spin_backoff_max", kSpinBackoffKey, "1..64 or default", 1, 64),
      ConfigEntry("dynamic_block_base", kDynamicBlockKey, "1..1024 or default", 1, 1024),
      {{"opt", "disabled, basic, extended, layout or all"},
       [](const std::string& v) { return ParseOptimizationLevel(v).has_value(); },
       [](BenchSpec& s, const std::string& v) { s.config.optimization_level = *ParseOptimizationLevel(v); }},
      {{"execution_mode", "sequential or parallel"},
       [](const std::string& v) { ExecutionMode m; return ParseEnum(v, kModes, &m); },
       [](BenchSpec& s, const std::string& v) { ParseEnum(v, kModes, &s.config.execution_mode); }},
      {{"arena", "on or off"}, IsOnOff, [](BenchSpec& s, const std::string& v) { s.config.memory.cpu_arena = v == "on"; }},
      {{"arena_extend", "next_power_of_two or same_as_requested"},
       [](const std::string& v) { ArenaExtendStrategy a; return ParseEnum(v, kStrategies, &a); },
       [](BenchSpec& s, const std::string& v) { ParseEnum(v, kStrategies, &s.config.memory.arena_extend_strategy); }},
      {{"arena_shrink", "on or off"}, IsOnOff,
       [](BenchSpec& s, const std::string& v) { s.config.memory.arena_shrink_after_run = v == "on"; }},
      {{"mem_pattern", "on or off"}, IsOnOff,
       [](BenchSpec& s, const std::string& v) { s.config.memory.memory_pattern = v == "on"; }},
      {{"io_binding", "on or off"}, IsOnOff, [](BenchSpec& s, const std::string& v) { s.io_binding = v == "on"; }},
      {{"threads", "1..1024"}, [](const std::string& v) { return IsCount(v, 1, 1024); },
       [](BenchSpec& s, const std::string& v) { s.threads = Count(v); }},
      {{"sessions", "1..1024"}, [](const std::string& v) { return IsCount(v, 1, 1024); },
       [](BenchSpec& s, const std::string& v) { s.sessions = Count(v); }},
  };
  return settings;
}

const Setting* Find(const std::string& key) {
  for (const auto& s : Settings()) {
    if (s.key.key == key) return &s;
  }
  return nullptr;
}

}  // namespace

const std::vector<SettingKey>& SettingKeys() {
  static const std::vector<SettingKey> keys = [] {
    std::vector<SettingKey> out;
    for (const auto& s : Settings()) out.push_back(s.key);
    return out;
  }();
  return keys;
}

std::string CheckSetting(const std::string& key, const std::string& value) {
  const Setting* setting = Find(key);
  if (!setting) {
    std::string known;
    for (const auto& k : SettingKeys()) known += (known.empty() ? "" : ", ") + k.key;
    return "unknown key '" + key + "' (known: " + known + ")";
  }
  if (!setting->valid(value)) return key + " takes " + setting->key.values + ", got '" + value + "'";
  return {};
}

void ApplySetting(BenchSpec& spec, const std::string& key, const std::string& value) {
  if (const std::string why = CheckSetting(key, value); !why.empty()) throw Error(ErrorCategory::kConfig, why);
  Find(key)->apply(spec, value);
}

}  // namespace ortkit::bench
