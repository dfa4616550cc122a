// Checks a run's inputs against the model's declared inputs before ONNX Runtime sees them, so
// the error names the input and says what was expected and what was given.
#pragma once

#include <string>
#include <vector>

#include "ortkit/value.h"
#include "ortkit/value_spec.h"

namespace ortkit::core {

/// Throws Error(kInput) for: an unknown name (with the closest declared name), a name given
/// twice, a missing required input, a value of the wrong kind, a wrong element type, a wrong
/// rank, a violated fixed dimension, a negative or overflowing shape, and a buffer whose size
/// disagrees with its shape. `model_name` is used only in the messages about names.
void ValidateInputs(const std::string& model_name, const std::vector<ValueSpec>& specs,
                    const NamedValues& inputs);

/// Checks one tensor against one spec (the per-input part of ValidateInputs).
void ValidateTensor(const ValueSpec& spec, const Tensor& tensor);

/// Checks that every name in `requested` is an output; empty means all outputs.
void ValidateOutputNames(const std::string& model_name, const std::vector<ValueSpec>& outputs,
                         const std::vector<std::string>& requested);

}  // namespace ortkit::core
