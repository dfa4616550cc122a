// The parts of rule ORTKIT011 (hygiene), split by what they look at: names (hygiene.cc) and
// dataflow and payloads (hygiene_dataflow.cc).
#pragma once

#include <vector>

#include "graph/checks/rule.h"

namespace ortkit::graph::hygiene {

/// Tensors defined twice, duplicated initializer names, duplicated and empty node names in graph `g`.
void CheckNames(const RuleInfo& info, const CheckContext& context, int g, std::vector<Finding>& findings);

/// Unused initializers, nodes with no path to an output and Identity chains in graph `g`.
void CheckDataflow(const RuleInfo& info, const CheckContext& context, int g, std::vector<Finding>& findings);

/// Initializers with identical payloads under different names, across the whole model.
void CheckDuplicatePayloads(const RuleInfo& info, const CheckContext& context, std::vector<Finding>& findings);

}  // namespace ortkit::graph::hygiene
