// Activation ranges for quantize-static: the model's intermediate tensors exposed as outputs of a
// calibration copy, run in ONNX Runtime on every calibration set.
#pragma once

#include <map>
#include <string>
#include <vector>

#include <onnx/onnx_pb.h>

#include "graph/fixes/fix_options.h"
#include "workload/calibration_sets.h"

namespace ortkit::graph::fixes {

/// The range of one tensor over every calibration set.
struct TensorRange {
  float low = 0;   ///< min-max: the smallest value; percentile: the (100 - p)-th percentile
  float high = 0;  ///< min-max: the largest value; percentile: the p-th percentile
  float min = 0, max = 0;  ///< the extremes seen, whatever the method
  int64_t values = 0;      ///< elements seen, over all sets
};

struct Calibration {
  int sets = 0;
  std::map<std::string, TensorRange> ranges;  ///< the float32 tensors asked for
  /// Tensors asked for that are not float32 (or produced no values), with the reason.
  std::map<std::string, std::string> skipped;
};

/// Runs a copy of `model` that outputs every tensor of `tensors` (graph inputs are read from the
/// sets directly) on `sets` and measures each tensor's range by options.calibration_method:
/// min-max in one pass over the sets; percentile in two (the extremes, then a histogram of 4096
/// bins between them, so memory stays one run's tensors however many sets there are). `label`
/// names the model in errors. Throws Error(kLoad) when ORT refuses the copy, Error(kInput) naming
/// the set when a set does not fit the model.
Calibration Calibrate(const onnx::ModelProto& model, const std::vector<std::string>& tensors,
                      const std::vector<workload::CalibrationSet>& sets, const FixOptions& options,
                      const std::string& label);

/// The calibration sets of options.calibration_dir, read against the inputs ORT sees for `model`.
std::vector<workload::CalibrationSet> ReadCalibrationSetsFor(const onnx::ModelProto& model, const FixOptions& options,
                                                             const std::string& label);

}  // namespace ortkit::graph::fixes
