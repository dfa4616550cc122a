// Renderers of `ortkit profile`: a profile's summary and the difference of two, as text, JSON,
// CSV and Markdown.
#pragma once

#include <cstddef>
#include <ostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "profile/profile_diff.h"
#include "profile/roofline.h"
#include "profile/run_profile.h"
#include "report/bench_render.h"

namespace ortkit::report {

/// Runs and session times; per op type, per node (the `top` slowest; 0: all) and per provider:
/// executions and kernel time over the steady runs, per steady run, its share of the run, and
/// the first run's time; the Memcpy and CPU-fallback nodes; notes. JSON and CSV hold every row
/// whatever `top` says. With `roofline`, its section follows (RenderRoofline; JSON: "roofline");
/// CSV has no roofline columns and ignores it (the CLI refuses the pair).
void RenderProfile(const profile::ProfileRun& run, std::size_t top, Format format, std::ostream& out,
                   const profile::Roofline* roofline = nullptr);

/// The roofline section in text or Markdown: the ceilings and ridge point, op types sorted by the
/// run time they would give back at their ceiling, the `top` nodes with a point (0: all), the
/// nodes without one with the reason, notes and the assumptions (RooflineAssumptions).
void RenderRoofline(const profile::Roofline& roofline, std::size_t top, Format format, std::ostream& out);

/// The roofline as the "roofline" object of `ortkit profile --json`: ceilings (null without),
/// ops, nodes (each with its point or null and the reason), notes, assumptions.
nlohmann::ordered_json RooflineJson(const profile::Roofline& roofline);

/// What the figures assume, one sentence each: the FLOP convention, bytes, the threads and what
/// moves the ceilings, the join by name.
std::vector<std::string> RooflineAssumptions(const profile::Roofline& roofline);

/// Steady run and kernel time of A and B, then op types and nodes (the `top` largest changes;
/// 0: all) with A, B, the change and its percentage.
void RenderProfileDiff(const profile::ProfileDiff& diff, std::size_t top, Format format, std::ostream& out);

}  // namespace ortkit::report
