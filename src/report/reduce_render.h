// Text and JSON renderers of `ortkit reduce`'s summary.
#pragma once

#include <ostream>

#include "graph/reduce_report.h"

namespace ortkit::report {

/// The model and check, a table of the steps (phase, candidate, nodes, what the check said), and
/// the result: its node count against the original, nodes, inputs, outputs, and where it went.
void RenderReduceText(const graph::ReduceSummary& summary, std::ostream& out);

/// One JSON object: model, check, original_nodes, steps[], step_limit_reached, result{nodes,
/// node_count, inputs, outputs}, and written when the result was written.
void RenderReduceJson(const graph::ReduceSummary& summary, std::ostream& out);

}  // namespace ortkit::report
