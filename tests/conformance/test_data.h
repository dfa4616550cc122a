// Reading a test_data_set_* directory for a model: which input_N.pb / output_N.pb feeds which port.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "ortkit/value.h"
#include "ortkit/value_spec.h"

namespace ortkit::conformance {

/// The port that file number `index` belongs to: the port called `stored_name` when the file
/// stores a name that is one of `port_names`, otherwise port `index`; nullopt when neither exists.
/// (ONNX's own runner goes by position; old models list initializers as inputs, which ORT hides,
/// so the stored name is the better guide where there is one.)
std::optional<std::size_t> PortFor(std::size_t index, const std::string& stored_name,
                                   const std::vector<std::string>& port_names);

/// The `name` field of the TensorProto, SequenceProto, MapProto or OptionalProto (per `kind`)
/// in `path`; empty when unset or when the file does not parse as that message.
std::string StoredName(const std::string& path, ValueKind kind);

/// Inputs and expected outputs of one data set, named after the model's ports.
struct DataSet {
  NamedValues inputs;
  NamedValues outputs;
};

/// Reads every input_N.pb and output_N.pb of `dir` with ortkit's readers (ReadValueProto with the
/// port's kind). Throws ortkit::Error from the readers, or Error(kIo) when a file has no port or
/// two files claim one.
DataSet ReadDataSet(const std::string& dir, const std::vector<ValueSpec>& inputs,
                    const std::vector<ValueSpec>& outputs);

}  // namespace ortkit::conformance
