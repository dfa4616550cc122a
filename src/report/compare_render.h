// Text and JSON renderers of `ortkit compare`'s report.
#pragma once

#include <ostream>

#include "compare/compare_run.h"
#include "compare/tensor_files.h"

namespace ortkit::report {

/// A table of the two sides (model, providers, optimisation, times), the seed and tolerance, the
/// inputs, one row per output (max abs and rel error, mismatches, NaN/Inf per side, pass/fail)
/// with notes under it, the files saved, and a closing "result" line.
void RenderCompareText(const compare::CompareReport& report, std::ostream& out);

/// One JSON object: a{}, b{}, seed, tolerance{rtol, atol}, inputs[], outputs[], saved[] (when
/// files were saved) and pass.
void RenderCompareJson(const compare::CompareReport& report, std::ostream& out);

/// `compare --tensors`: the two paths, the tolerance, one row per tensor as for outputs (notes
/// under it: shape, type, only in A/B), and the closing "result" line.
void RenderTensorCompareText(const compare::TensorFilesReport& report, std::ostream& out);

/// One JSON object: a, b, tolerance{rtol, atol}, tensors[] (each as an output of
/// RenderCompareJson) and pass.
void RenderTensorCompareJson(const compare::TensorFilesReport& report, std::ostream& out);

}  // namespace ortkit::report
