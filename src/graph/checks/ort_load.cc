// Rule ORTKIT010 (ort-load): create a session with the first requested provider; a failure
// becomes findings through TranslateLoadError (ort_load_translate.cc).
#include "graph/checks/ort_load.h"

#include "graph/checks/rules.h"
#include "ortkit/error.h"
#include "ortkit/model.h"
#include "ortkit/session_config.h"

namespace ortkit::graph {
namespace {

const RuleInfo kInfo{kOrtLoadId, "ort-load",
                     "Loads the model in ONNX Runtime; a refusal is filed under the matching rule or quoted", true};

// Model::Load prefixes "while loading '<path>': "; the findings quote ORT's own text.
std::string WithoutPrefix(const std::string& message, const std::string& path) {
  const std::string prefix = "while loading '" + path + "': ";
  return message.rfind(prefix, 0) == 0 ? message.substr(prefix.size()) : message;
}

}  // namespace

const RuleInfo& OrtLoadRule::info() const { return kInfo; }

void OrtLoadRule::Check(const CheckContext& context, std::vector<Finding>& findings) const {
  LoadAndCheck(context, findings);
}

bool OrtLoadRule::LoadAndCheck(const CheckContext& context, std::vector<Finding>& findings) const {
  const std::string provider = context.options.providers.empty() ? "cpu" : context.options.providers.front();
  if (!CanonicalProviderName(provider)) {
    throw Error(ErrorCategory::kConfig, "check: unknown provider '" + provider + "'");
  }
  SessionConfig config;
  config.providers = {ProviderConfig{provider, {}}};
  config.intra_op_threads = 1;  // loading needs no thread pool; keep the check light
  try {
    Model::Load(context.model_path, config);
    return true;
  } catch (const Error& e) {
    if (e.category() == ErrorCategory::kConfig) throw;  // the request is wrong, not the model
    for (Finding& f : TranslateLoadError(WithoutPrefix(e.what(), context.model_path), provider, context, findings)) {
      findings.push_back(std::move(f));
    }
    return false;
  }
}

std::unique_ptr<Rule> MakeOrtLoadRule() { return std::make_unique<OrtLoadRule>(); }

}  // namespace ortkit::graph
