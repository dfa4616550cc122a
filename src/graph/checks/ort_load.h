// Rule ORTKIT010 (ort-load): loads the model in ONNX Runtime and files a failure under the rule
// that describes it (type conflict, unknown op, opset, ...) or, failing that, quotes ORT verbatim.
#pragma once

#include <string>
#include <vector>

#include "graph/checks/rule.h"

namespace ortkit::graph {

/// The load rule. Besides findings it learns whether the model loaded, which the engine records
/// in CheckReport::loads_in_ort; so the engine calls LoadAndCheck, and Check is the same minus
/// that answer.
class OrtLoadRule final : public Rule {
 public:
  const RuleInfo& info() const override;
  void Check(const CheckContext& context, std::vector<Finding>& findings) const override;

  /// Creates an ortkit::Model from context.model_path with the first of options.providers (one
  /// intra-op thread). On failure appends what TranslateLoadError makes of ORT's message and
  /// returns false. Throws Error(kConfig) for a provider name ortkit or this ORT build lacks.
  bool LoadAndCheck(const CheckContext& context, std::vector<Finding>& findings) const;
};

/// The findings for ORT's load error `ort_message` (without ortkit's "while loading" prefix):
/// one finding under the static rule's id when the message matches a known pattern, nothing when
/// `existing` already has that rule's finding for the same place, and an ORTKIT010
/// "ort-load" finding quoting the message otherwise. `provider` names the provider tried.
std::vector<Finding> TranslateLoadError(const std::string& ort_message, const std::string& provider,
                                        const CheckContext& context, const std::vector<Finding>& existing);

}  // namespace ortkit::graph
