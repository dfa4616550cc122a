// Renderers of `ortkit profile`: a profile's summary and the difference of two, as text, JSON,
// CSV and Markdown.
#pragma once

#include <cstddef>
#include <ostream>

#include "profile/profile_diff.h"
#include "profile/run_profile.h"
#include "report/bench_render.h"

namespace ortkit::report {

/// Runs and session times; per op type, per node (the `top` slowest; 0: all) and per provider:
/// executions and kernel time over the steady runs, per steady run, its share of the run, and
/// the first run's time; the Memcpy and CPU-fallback nodes; notes. JSON and CSV hold every row
/// whatever `top` says.
void RenderProfile(const profile::ProfileRun& run, std::size_t top, Format format, std::ostream& out);

/// Steady run and kernel time of A and B, then op types and nodes (the `top` largest changes;
/// 0: all) with A, B, the change and its percentage.
void RenderProfileDiff(const profile::ProfileDiff& diff, std::size_t top, Format format, std::ostream& out);

}  // namespace ortkit::report
