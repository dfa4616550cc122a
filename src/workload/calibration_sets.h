// Calibration input sets (`--calibration DIR`): one subdirectory per set, one tensor file per
// graph input, as ONNX's own test data is laid out (test_data_set_0/input_0.pb, ...).
//
//   DIR/<set>/<input name>.npy | <input name>.pb | input_<i>.pb
//
// A .pb file names its input by the TensorProto's name when it has one; otherwise the file's
// stem is the input's name, or input_<i> the model's i-th input. output_*.pb files (the expected
// outputs ONNX's test sets carry) are skipped.
#pragma once

#include <string>
#include <vector>

#include "ortkit/value.h"
#include "ortkit/value_spec.h"

namespace ortkit::workload {

struct CalibrationSet {
  std::string name;     ///< the subdirectory's name
  NamedValues inputs;   ///< in the model's input order
};

/// Reads every set of `dir` in name order against a model with inputs `specs` (each set must give
/// every input; the values' types and shapes are checked when the model runs them). Throws
/// Error(kIo) "--calibration DIR: ..." for a missing or unreadable directory or file, and
/// Error(kConfig) naming the set and file for a file that matches no input (listing the inputs),
/// a set that lacks an input, a directory with tensor files but no set subdirectories, or one
/// with no sets at all.
std::vector<CalibrationSet> ReadCalibrationSets(const std::string& dir, const std::vector<ValueSpec>& specs);

}  // namespace ortkit::workload
