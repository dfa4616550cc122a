// Renderers of `ortkit check` results: text for people, JSON for scripts, SARIF 2.1.0 for code
// scanning tools; and the rule list of `--list-rules`.
#pragma once

#include <ostream>
#include <vector>

#include "graph/checks/rule.h"
#include "ortkit/findings.h"

namespace ortkit::report {

/// A header (model, whether ORT loads it, counts), then the findings grouped by severity (errors,
/// warnings, info), each with id, name, location, message, why and fix (with the `ortkit fix`
/// command when a pass applies), wrapped at 100 columns.
void RenderCheckText(const CheckReport& report, std::ostream& out);

/// One JSON object: model, loads_in_ort (true, false or null when not tried), rules_run,
/// summary {errors, warnings, info}, findings[] with every Finding field.
void RenderCheckJson(const CheckReport& report, std::ostream& out);

/// A SARIF 2.1.0 log with one run: tool.driver lists `rules` (every rule, so ruleIndex is stable;
/// ids of findings missing from `rules` are added), one artifact (the model), and one result per
/// finding with ruleId, ruleIndex, level (error, warning, note), message, the model as
/// physicalLocation and the node or tensor as logicalLocation; why, fix and fix pass go in
/// properties and in the message text.
void RenderCheckSarif(const CheckReport& report, const std::vector<graph::RuleInfo>& rules, std::ostream& out);

/// `--list-rules`: a table of id, name, whether it needs ONNX Runtime, and summary.
void RenderRuleListText(const std::vector<graph::RuleInfo>& rules, std::ostream& out);
/// The same as a JSON array of {id, name, needs_ort, summary}.
void RenderRuleListJson(const std::vector<graph::RuleInfo>& rules, std::ostream& out);

}  // namespace ortkit::report
