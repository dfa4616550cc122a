// A model's inputs, reproducibly: read from the files given, seeded random values for the rest.
// Shared by `ortkit run`, `ortkit compare` and the verification of `ortkit fix`.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "compare/random_tensor.h"
#include "ortkit/shape.h"
#include "ortkit/value.h"
#include "ortkit/value_spec.h"

namespace ortkit::compare {

/// Which inputs come from files, the sizes of free dimensions, and the seed for the rest.
struct InputRequest {
  std::vector<std::pair<std::string, std::string>> files;  ///< input name, path; in flag order
  std::map<std::string, int64_t> dims;                     ///< free dimension symbol -> size
  uint64_t seed = 0;
};

/// One input value and where it came from.
struct SeededInput {
  NamedValue value;
  std::string source;  ///< "file:<path>", "random(<seed>)", or "none (optional)"
};

/// Builds every input of a model with `specs`: files first, in request order (.npy/.pb for
/// tensors; .pb Sequence-, Map- or OptionalProto for other kinds), then, in `specs` order, random
/// values for the inputs not given. Random tensors get free dimensions from request.dims by symbol,
/// else from a file input with the same symbol, else 1 (unnamed free dimensions: 1; a tensor with
/// no declared shape: [1]). Random sequences of tensors hold 2 tensors of shape [1]. Optional
/// inputs not given are Value::None(). A file for a name that is not an input is still read and
/// returned, so that Model::run reports it with the model's input names.
/// Throws Error(kInput) for a dims symbol the model doesn't have (listing those it has) and for
/// kinds with no random values (maps, float8), Error(kIo) for unreadable files.
std::vector<SeededInput> BuildSeededInputs(const std::vector<ValueSpec>& specs, const InputRequest& request);

/// The values alone: BuildSeededInputs(specs, {{}, dims, seed}) without the sources, in `specs`
/// order, ready for Model::run. The same (specs, seed, dims) give the same values everywhere.
NamedValues SeededInputs(const std::vector<ValueSpec>& specs, uint64_t seed = 0,
                         const std::map<std::string, int64_t>& dims = {});

/// The concrete shape a random tensor for `spec` gets with free dimension `sizes` (missing: 1).
Shape ConcreteShape(const ValueSpec& spec, const std::map<std::string, int64_t>& sizes);

}  // namespace ortkit::compare
