// `ortkit run`'s work: load a model, build its inputs, run it once, summarise (and save) outputs.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "cli/input_builder.h"
#include "cli/run_report.h"

namespace ortkit::cli {

/// Everything `ortkit run` takes from its command line.
struct RunRequest {
  std::string model_path;
  std::string config_path;  ///< --config: a SessionConfig JSON file; empty: defaults
  std::string provider;     ///< --provider: replaces the config's providers; empty: keep them
  std::vector<std::string> custom_op_libraries;  ///< --custom-op-library, added to the config's
  InputRequest inputs;
  std::string save_dir;     ///< --save-outputs; empty: don't save
  bool force = false;       ///< --force: replace saved outputs that exist
};

/// Loads, runs once and returns the report. Inputs the request leaves to ortkit follow the graph's
/// guesses; free dimensions given no size are probed (workload::FindSizesThatRun) when some were
/// left out, and the report says so. Only Model::Load and the last Model::run are timed. Throws
/// ortkit::Error from the library (config, load, input, run, io) unchanged.
RunReport RunOnce(const RunRequest& request);

}  // namespace ortkit::cli
