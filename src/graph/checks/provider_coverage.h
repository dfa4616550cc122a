// Rule ORTKIT009 (provider-coverage): which nodes each --target provider would take, how many
// partitions it would form, which nodes fall back to CPU, and (for providers this build runs)
// where ORT actually placed them.
#pragma once

#include <memory>

#include "graph/checks/rule.h"

namespace ortkit::graph {

/// The provider-coverage rule (ORTKIT009). Needs ORT only for the actual-placement part, which
/// is skipped when CheckOptions::use_ort is false.
std::unique_ptr<Rule> MakeProviderCoverageRule();

}  // namespace ortkit::graph
