// Renderers of `ortkit fix`'s report: aligned text for people, JSON for tools.
#pragma once

#include <ostream>

#include "graph/fix_report.h"

namespace ortkit::report {

/// What changed (counts per pass, then up to kMaxDetailLines lines of changes per pass), the
/// verification figures per output, and the latency before and after when measured.
void RenderFixText(const graph::FixReport& report, std::ostream& out);

/// One JSON object with every change listed (no limit), numbers as numbers.
void RenderFixJson(const graph::FixReport& report, std::ostream& out);

/// How many change lines per pass the text report shows before "... and N more".
inline constexpr std::size_t kMaxDetailLines = 20;

}  // namespace ortkit::report
