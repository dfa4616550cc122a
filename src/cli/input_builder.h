// The inputs of one `ortkit run`: read from the files given, seeded random for the rest.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "ortkit/shape.h"
#include "ortkit/value.h"
#include "ortkit/value_spec.h"

namespace ortkit::cli {

/// What the user asked for: --input, --dim and --seed, already syntax-checked.
struct InputRequest {
  std::vector<std::pair<std::string, std::string>> files;  ///< input name, path; in flag order
  std::map<std::string, int64_t> dims;                     ///< free dimension symbol -> size
  uint64_t seed = 0;
};

/// One input as it will be fed, and where it came from.
struct BuiltInput {
  NamedValue value;
  ValueKind kind = ValueKind::kTensor;
  std::string type;      ///< as ValueTypeName ("float32", "sequence<float32>"); the declared type when absent
  Shape shape;           ///< tensors only
  int64_t elements = 0;  ///< tensor elements, sequence elements or map entries
  std::string source;    ///< "file:<path>", "random(<seed>)", or "none (optional)"
};

/// Builds every input of a model with `specs`: files first (.npy/.pb for tensors; .pb Sequence-,
/// Map- or OptionalProto for other kinds), then random values for the inputs not given. Random
/// tensors get free dimensions from request.dims by symbol, else from a file input with the same
/// symbol, else 1 (unnamed free dimensions: 1). Optional inputs not given are left out.
/// A file for a name that is not an input is still read and returned, so that Model::run reports
/// it with the model's input names. Throws Error(kInput) for a --dim symbol the model doesn't have,
/// Error(kIo) for unreadable files.
std::vector<BuiltInput> BuildInputs(const std::vector<ValueSpec>& specs, const InputRequest& request);

/// The values alone, in the same order, for Model::run.
NamedValues ToNamedValues(const std::vector<BuiltInput>& inputs);

/// Checks one --dim value; returns "" when it is NAME=VALUE with VALUE a non-negative integer,
/// else what is wrong (CLI11 prefixes the flag name).
std::string CheckDimFlag(const std::string& text);
/// Checks one --input value: "" for NAME=FILE, else what is wrong.
std::string CheckInputFlag(const std::string& text);

}  // namespace ortkit::cli
