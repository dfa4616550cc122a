// The inputs of one `ortkit run`: read from the files given, seeded random for the rest.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "workload/inputs.h"
#include "ortkit/shape.h"
#include "ortkit/value.h"
#include "ortkit/value_spec.h"

namespace ortkit::cli {

/// What the user asked for: --input, --dim and --seed, already syntax-checked. The values are
/// built by workload::BuildSeededInputs, which `ortkit compare` shares.
using workload::InputRequest;

/// One input as it will be fed, and where it came from.
struct BuiltInput {
  NamedValue value;
  ValueKind kind = ValueKind::kTensor;
  std::string type;      ///< as ValueTypeName ("float32", "sequence<float32>"); the declared type when absent
  Shape shape;           ///< tensors only
  int64_t elements = 0;  ///< tensor elements, sequence elements or map entries
  std::string source;    ///< "file:<path>", "random(<seed>)", "value(@T)", or "none (optional)"
};

/// workload::BuildSeededInputs(specs, request) (files first, then seeded random values; optional
/// inputs not given are None), each input described for the run report. Throws as it does.
std::vector<BuiltInput> BuildInputs(const std::vector<ValueSpec>& specs, const InputRequest& request);

/// The values alone, in the same order, for Model::run.
NamedValues ToNamedValues(const std::vector<BuiltInput>& inputs);

}  // namespace ortkit::cli
