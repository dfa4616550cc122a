// The settings a tuned configuration holds beyond ORT's defaults, each a unit that tune's ablation
// and memory guard can take away again (set back to ORT's default) to see whether it pays.
#pragma once

#include <string>
#include <vector>

#include "ortkit/session_config.h"

namespace ortkit::bench {

/// One setting of a configuration, as a unit that can be removed.
struct TuneSetting {
  /// What WithoutSetting takes: "provider", "option:webgpu:preferredLayout", "intra_threads",
  /// "inter_threads", "spinning", "opt", "execution_mode", "arena", "mem_pattern", "arena_extend",
  /// "arena_shrink", "entry:<ORT config key>" or "saved_model".
  std::string key;
  std::string label;  ///< as DescribeChanges writes it: "intra_threads=2", "model=saved ONNX"
};

/// Every setting of `config` that differs from ORT's defaults, in DescribeChanges order. A saved
/// pre-optimised model (`saved_model` non-empty, e.g. "ONNX") is one unit with the disabled
/// optimisation it needs, so that opt=disabled is never removed from under it (or kept without it).
std::vector<TuneSetting> SettingsOf(const SessionConfig& config, const std::string& saved_model = {});

/// `config` with the setting `key` (TuneSetting::key) back at ORT's default: a provider with its
/// options, the arena with its extend strategy and shrinking, "saved_model" as optimisation level
/// "all" (the caller puts the original model path back). Throws Error(kConfig) for an unknown key.
SessionConfig WithoutSetting(SessionConfig config, const std::string& key);

}  // namespace ortkit::bench
