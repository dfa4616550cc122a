// Renderers of `ortkit compress`'s report: one aligned table for people, JSON for tools.
#pragma once

#include <ostream>

#include "compress/compress_report.h"

namespace ortkit::report {

/// The gate and how latency was measured, one table (a row per variant made: size, p50/p99 at one
/// intra-op thread and at the default, peak RSS, cold start, each with its ratio to the original;
/// min cosine, worst top-1 disagreement, gate), Pareto marks and what they are over, the variants
/// skipped and why, the gate failures, the best variant and whether it was written, notes.
void RenderCompressText(const compress::CompressReport& report, std::ostream& out);

/// One JSON object with every figure (per output accuracy included), numbers as numbers; NaN
/// (a cosine over non-finite outputs) as null.
void RenderCompressJson(const compress::CompressReport& report, std::ostream& out);

}  // namespace ortkit::report
