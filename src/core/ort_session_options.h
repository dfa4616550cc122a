// SessionConfig -> Ort::SessionOptions, including providers and memory settings.
#pragma once

#include <string>
#include <vector>

#include <onnxruntime_cxx_api.h>

#include "ortkit/session_config.h"

namespace ortkit::core {

struct BuiltSessionOptions {
  Ort::SessionOptions options;
  /// The providers appended, in ORT's names and priority order, CPU last.
  std::vector<std::string> providers;
};

/// Validates `config` and builds the options; `model_label` becomes the session's log id.
/// Throws Error(kConfig) for invalid settings and for providers this ORT build lacks (listing
/// the ones it has) or that reject their options.
BuiltSessionOptions BuildSessionOptions(const SessionConfig& config, const std::string& model_label);

/// Run options for `config` (arena shrinkage after the run when asked for); a non-empty
/// `profile_prefix` turns ORT's profiler on for this run alone (ORT 1.25+), which writes
/// "<profile_prefix>_<timestamp>.json" when the run ends.
Ort::RunOptions BuildRunOptions(const SessionConfig& config, const std::string& profile_prefix = "");

/// Canonical names ("cpu", "webgpu") of the providers compiled into the loaded ORT library.
std::vector<std::string> AvailableCanonicalProviders();

}  // namespace ortkit::core
