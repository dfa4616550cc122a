// Named settings of a benchmark ("intra_threads=2", "arena=off", "provider=webgpu"): what
// --matrix varies, and what `ortkit tune` will search over.
#pragma once

#include <string>
#include <vector>

#include "bench/bench_spec.h"

namespace ortkit::bench {

/// ORT session config keys behind the thread-pool settings (spin_duration_us, spin_backoff_max,
/// dynamic_block_base).
inline constexpr const char* kSpinDurationKey = "session.intra_op.spin_duration_us";
inline constexpr const char* kSpinBackoffKey = "session.intra_op.spin_backoff_max";
inline constexpr const char* kDynamicBlockKey = "session.dynamic_block_base";

/// One setting key and, in words, the values it takes (for --help and messages).
struct SettingKey {
  std::string key;
  std::string values;
};

/// Every key, in the order --help lists them.
const std::vector<SettingKey>& SettingKeys();

/// "" when `value` is valid for `key`, else why not ("arena takes on or off, got 'maybe'");
/// an unknown key says which keys there are.
std::string CheckSetting(const std::string& key, const std::string& value);

/// Sets `key` to `value` in `spec` (its session config or its concurrency and IO binding).
/// Throws Error(kConfig) with CheckSetting's text when the pair is invalid.
void ApplySetting(BenchSpec& spec, const std::string& key, const std::string& value);

}  // namespace ortkit::bench
