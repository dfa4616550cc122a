// The pre-optimised model `ortkit tune --objective cold_start` tries: ORT optimises the graph once
// and saves it (ONNX format, and ORT format where this build can), so that a deployment can load
// it with optimisation disabled.
#pragma once

#include <string>
#include <vector>

#include "ortkit/session_config.h"

namespace ortkit::bench {

struct SavedModel {
  std::string format;  ///< "ONNX" or "ORT"
  std::string path;    ///< the file, when saving worked
  std::string error;   ///< why it could not be saved (e.g. this ORT build can't write ORT format)
};

/// Creates one session on `model_path` with `config` at optimisation level "all" (the point is to
/// pay for every optimisation once, offline) plus SessionConfig::optimized_model_path in `dir` for
/// each format (ORT format via the config entry session.save_model_format=ORT), and
/// checks the file was written. Never throws for a format that fails: its error says why.
std::vector<SavedModel> SaveOptimizedModels(const std::string& model_path, const SessionConfig& config,
                                            const std::string& dir);

/// The extension a saved model of `format` gets: ".onnx" or ".ort".
const char* SavedModelExtension(const std::string& format) noexcept;

}  // namespace ortkit::bench
