// Offline optimisation by ONNX Runtime: the model as ORT rewrites it at a given level, saved as
// ONNX or in ORT format. Used by the ort-optimize pass and for --format ort.
#pragma once

#include <string>
#include <vector>

#include "graph/fixes/fix_options.h"
#include "ortkit/session_config.h"

namespace ortkit::graph {

/// Creates a CPU session (one thread) for the ONNX model `model_bytes` at `level` and returns the
/// bytes of the model ORT saves (SessionConfig::optimized_model_path), in `format`. `label` names
/// the model in errors. Throws Error(kLoad) with ORT's text when ORT refuses the model, Error(kIo)
/// when the temporary file can't be created or read back. The session registers
/// `custom_op_libraries` first.
std::string OptimizeWithOrt(const std::string& model_bytes, OptimizationLevel level, ModelFormat format,
                            const std::string& label, const std::vector<std::string>& custom_op_libraries = {});

}  // namespace ortkit::graph
