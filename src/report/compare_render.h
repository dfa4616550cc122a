// Text and JSON renderers of `ortkit compare`'s report.
#pragma once

#include <ostream>

#include "compare/compare_run.h"

namespace ortkit::report {

/// A table of the two sides (model, providers, optimisation, times), the seed and tolerance, the
/// inputs, one row per output (max abs and rel error, mismatches, NaN/Inf per side, pass/fail)
/// with notes under it, the files saved, and a closing "result" line.
void RenderCompareText(const compare::CompareReport& report, std::ostream& out);

/// One JSON object: a{}, b{}, seed, tolerance{rtol, atol}, inputs[], outputs[], saved[] (when
/// files were saved) and pass.
void RenderCompareJson(const compare::CompareReport& report, std::ostream& out);

}  // namespace ortkit::report
