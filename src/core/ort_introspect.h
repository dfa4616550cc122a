// Reading a session's declared inputs, outputs and metadata into owned ortkit structs.
#pragma once

#include <vector>

#include <onnxruntime_cxx_api.h>

#include "ortkit/model_metadata.h"
#include "ortkit/value_spec.h"

namespace ortkit::core {

/// The session's inputs (without overridable initializers) and outputs, every name copied out
/// of ORT's allocation at once.
std::vector<ValueSpec> ReadInputSpecs(const Ort::Session& session);
std::vector<ValueSpec> ReadOutputSpecs(const Ort::Session& session);

/// All metadata as owned strings; every string ORT allocates is freed before returning.
ModelMetadata ReadMetadata(const Ort::Session& session);

/// A ValueSpec for `type_info` (exposed for tests and for values produced at run time).
ValueSpec SpecFromTypeInfo(std::string name, const Ort::ConstTypeInfo& type_info);

}  // namespace ortkit::core
