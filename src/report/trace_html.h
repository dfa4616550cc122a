// `ortkit trace --html FILE`: the trace's outcome as one self-contained HTML page, in the style of
// doctor's report (its page skeleton, stylesheet, script and Chart.js; doctor_html.h).
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "trace/trace_render.h"

namespace ortkit::report {

/// Renders `outcome` as one HTML page that needs nothing else (everything inline, a
/// Content-Security-Policy that forbids any request). Sections, verdict first: the verdict,
/// leaks by call site, misuse with its three stacks, sessions, runs (count, latency percentiles,
/// input shapes), memory (memcheck's verdict on the series, its slope and interval, and a chart of
/// resident memory and the C heap over the runs). `document` (the --json document) is embedded,
/// escaped, in the page's JSON data island. All text is HTML-escaped.
std::string RenderTraceHtml(const trace::TraceOutcome& outcome, const nlohmann::json& document);

}  // namespace ortkit::report
