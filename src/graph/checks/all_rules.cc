// AllRules: every built-in check rule, in id order.
#include "graph/checks/provider_coverage.h"
#include "graph/checks/rule.h"
#include "graph/checks/rules.h"

namespace ortkit::graph {

std::vector<std::unique_ptr<Rule>> AllRules() {
  std::vector<std::unique_ptr<Rule>> rules;
  rules.push_back(MakeInitializerInInputsRule());  // ORTKIT001
  rules.push_back(MakeTypeConflictRule());         // ORTKIT002
  rules.push_back(MakeUnsupportedTypeRule());      // ORTKIT003
  rules.push_back(MakeUnknownOpRule());            // ORTKIT004
  rules.push_back(MakeOpsetRule());                // ORTKIT005
  rules.push_back(MakeFloat64Rule());              // ORTKIT006
  rules.push_back(MakePostProcessingRule());       // ORTKIT007
  // ORTKIT008 runs after the type rules: it skips inference errors they already explain.
  rules.push_back(MakeDynamicDimsRule());          // ORTKIT008
  rules.push_back(MakeProviderCoverageRule());     // ORTKIT009
  // ORTKIT010 runs after every static rule: it files ORT's refusal under theirs unless they found it.
  rules.push_back(MakeOrtLoadRule());              // ORTKIT010
  rules.push_back(MakeHygieneRule());              // ORTKIT011
  return rules;
}

}  // namespace ortkit::graph
