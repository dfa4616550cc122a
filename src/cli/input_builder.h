// The inputs of one `ortkit run`: read from the files given, seeded random for the rest.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "compare/seeded_inputs.h"
#include "ortkit/shape.h"
#include "ortkit/value.h"
#include "ortkit/value_spec.h"

namespace ortkit::cli {

/// What the user asked for: --input, --dim and --seed, already syntax-checked. The values are
/// built by compare::BuildSeededInputs, which `ortkit compare` shares.
using compare::InputRequest;

/// One input as it will be fed, and where it came from.
struct BuiltInput {
  NamedValue value;
  ValueKind kind = ValueKind::kTensor;
  std::string type;      ///< as ValueTypeName ("float32", "sequence<float32>"); the declared type when absent
  Shape shape;           ///< tensors only
  int64_t elements = 0;  ///< tensor elements, sequence elements or map entries
  std::string source;    ///< "file:<path>", "random(<seed>)", or "none (optional)"
};

/// compare::BuildSeededInputs(specs, request) (files first, then seeded random values; optional
/// inputs not given are None), each input described for the run report. Throws as it does.
std::vector<BuiltInput> BuildInputs(const std::vector<ValueSpec>& specs, const InputRequest& request);

/// The values alone, in the same order, for Model::run.
NamedValues ToNamedValues(const std::vector<BuiltInput>& inputs);

/// Checks one --dim value; returns "" when it is NAME=VALUE with VALUE a non-negative integer,
/// else what is wrong (CLI11 prefixes the flag name).
std::string CheckDimFlag(const std::string& text);
/// Checks one --input value: "" for NAME=FILE, else what is wrong.
std::string CheckInputFlag(const std::string& text);

/// Adds the --input NAME=FILE and --dim NAME=SIZE values (already checked by the two functions
/// above) to `request`; a later --dim for the same symbol wins, as later flags usually do.
void AddInputFlags(const std::vector<std::string>& inputs, const std::vector<std::string>& dims, InputRequest* request);

}  // namespace ortkit::cli
