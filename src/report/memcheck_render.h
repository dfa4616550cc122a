// Renderers of `ortkit memcheck`: the report as text for people and as JSON, and the
// per-iteration series as CSV (for plotting).
#pragma once

#include <ostream>

#include "memory/analyzer.h"
#include "memory/measure.h"
#include "memory/memcheck.h"
#include "memory/schedule.h"

namespace ortkit::report {

/// Model and settings, schedule and sampling, the verdict with its reason, the phases (memory
/// levels and changes, latency), where the growth went, the steps, the leak test; then the
/// session cycles, the variant table and the recommendation when present.
void RenderMemcheckText(const memory::MemcheckReport& report, std::ostream& out);

/// The same content as one JSON object (bytes as integers, times in ms); see the README for the
/// fields.
void RenderMemcheckJson(const memory::MemcheckReport& report, std::ostream& out);

/// One row per iteration: iteration, phase, dims, new_shape, new_max, run_ms, and the counters
/// where that iteration was sampled (empty cells where not): rss, anon, heap, footprint, pss,
/// private_dirty, peak_rss, gpu_used (bytes). Rows -1 (before load) and 0 (after load) come first.
void RenderMemcheckCsv(const memory::Schedule& schedule, const memory::Measurement& measurement,
                       std::ostream& out);

/// "+1.5 MiB", "-300.0 KiB", "0 B": a signed HumanBytes.
std::string SignedBytes(int64_t bytes);

/// The verdict and its reason in one sentence ("leak: 4112 bytes per iteration on shapes seen
/// before (95% CI ...)").
std::string VerdictLine(const memory::Analysis& analysis);

}  // namespace ortkit::report
