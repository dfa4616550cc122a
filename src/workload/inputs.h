// A model's inputs, reproducibly, for every subcommand that runs one: read from the files given,
// filled by --value rules and the graph's guesses, seeded random values for the rest, with free
// dimensions sized by --dim (or by probing, see size_probe.h).
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "ortkit/shape.h"
#include "ortkit/value.h"
#include "ortkit/value_spec.h"
#include "workload/dim_flag.h"
#include "workload/value_rule.h"

namespace ortkit::workload {

/// Everything that decides one request's input values.
struct InputRequest {
  std::vector<std::pair<std::string, std::string>> files;  ///< input name, path; in flag order
  DimSizes dims;                                           ///< by symbol or INPUT:AXIS
  std::vector<ValueRule> values;                           ///< --value rules, then guesses
  uint64_t seed = 0;
  /// When not empty, `files` are this saved run (workload/saved_inputs.h's SavedRunLabel): they
  /// must give every input of the model, and only those (CheckSavedRunInputs).
  std::string saved_run;
};

/// One input value and where it came from.
struct SeededInput {
  NamedValue value;
  /// "file:<path>", "random(<seed>)", "value(@T)", "value(0..999)", or "none (optional)"
  std::string source;
};

/// Every free dimension of `specs` by key: its symbol, or "INPUT:AXIS" when unnamed. In order of
/// first appearance, each once.
std::vector<std::string> FreeDimKeys(const std::vector<ValueSpec>& specs);

/// The --input files of `request`, read, in request order (.npy/.pb for tensors; .pb Sequence-,
/// Map- or OptionalProto for other kinds). Error(kIo) for unreadable files.
std::vector<SeededInput> ReadFileInputs(const std::vector<ValueSpec>& specs, const InputRequest& request);

/// The free dimensions whose size the file inputs show (the first file wins), by key.
DimSizes SizesShownByFiles(const std::vector<ValueSpec>& specs, const std::vector<SeededInput>& from_files);

/// The size of every free dimension for `request`: request.dims first, then what the file inputs
/// show for the same dimension, else 1. Throws Error(kInput) for a --dim the model does not have
/// (listing those it has), or an INPUT:AXIS that is not an unnamed free dimension.
DimSizes ResolveSizes(const std::vector<ValueSpec>& specs, const InputRequest& request,
                      const std::vector<SeededInput>& from_files = {});

/// Checks request.values against `specs` before anything is built: each names an input of the
/// model that no file gives, @DIM names one of its free dimensions, and the rule suits the input's
/// type (ranges and sizes for numbers, constants for numbers and bools). Error(kInput) otherwise.
void CheckValueRules(const std::vector<ValueSpec>& specs, const InputRequest& request);

/// Builds every input of a model with `specs`: files first (ReadFileInputs), then, in `specs` order, the
/// rule's values or seeded random values for the inputs not given. Random sequences of tensors
/// hold 2 tensors of shape [1]. Optional inputs not given are Value::None(). A file for a name
/// that is not an input is still read and returned, so that Model::run reports it with the
/// model's input names, except for a saved run (request.saved_run), whose inputs must be exactly
/// the model's (Error(kConfig), workload/saved_inputs.h). Throws as ResolveSizes and
/// CheckValueRules do, Error(kInput) for kinds with no random values (maps, float8), Error(kIo) for
/// unreadable files.
std::vector<SeededInput> BuildSeededInputs(const std::vector<ValueSpec>& specs, const InputRequest& request);

/// The values alone: BuildSeededInputs(specs, {{}, dims, {}, seed}) without the sources, in
/// `specs` order, ready for Model::run. The same (specs, seed, dims) give the same values.
NamedValues SeededInputs(const std::vector<ValueSpec>& specs, uint64_t seed = 0, const DimSizes& dims = {});

/// The concrete shape of a tensor for `spec` with free dimensions `sizes` (missing: 1; a tensor
/// with no declared shape: [1]).
Shape ConcreteShape(const ValueSpec& spec, const DimSizes& sizes);

}  // namespace ortkit::workload
