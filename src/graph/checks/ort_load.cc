// Rule ORTKIT010 (ort-load): create a session with the first requested provider; a failure
// becomes findings through TranslateLoadError (ort_load_translate.cc).
#include "graph/checks/ort_load.h"

#include <filesystem>
#include <string>
#include <vector>

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

std::string LibraryNames(const std::vector<std::string>& libraries) {
  std::string out;
  for (const std::string& path : libraries) {
    out += (out.empty() ? "" : ", ") + std::filesystem::path(path).filename().string();
  }
  return out;
}

Finding ProvidedOp(const CustomOpUse& use, const std::vector<std::string>& libraries) {
  Finding f;
  f.rule_id = kUnknownOpId;
  f.rule = "unknown-op";
  f.severity = Severity::kInfo;
  f.location_kind = "node";
  f.location = use.nodes.front();
  f.op_type = use.op;
  f.message = use.domain + "::" + use.op + " provided by " +
              (libraries.size() == 1 ? "" : "one of ") + LibraryNames(libraries) + "; used by " +
              std::to_string(use.nodes.size()) + (use.nodes.size() == 1 ? " node" : " nodes");
  f.why = "the op is not standard ONNX: every runtime and session that loads the model needs the library "
          "(ORT registers it per session)";
  f.fix = "keep the library beside the model in deployments (a deployment profile's custom_op_libraries carries "
          "it), or rewrite the op into standard ones where a pass exists";
  return f;
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
  config.custom_op_libraries = context.options.custom_op_libraries;
  const std::vector<std::string>& libraries = config.custom_op_libraries;
  try {
    Model::Load(context.model_path, config);
  } catch (const Error& e) {
    if (e.category() == ErrorCategory::kConfig) throw;  // the request is wrong, not the model
    for (Finding& f : TranslateLoadError(WithoutPrefix(e.what(), context.model_path), provider, context, findings)) {
      if (f.rule_id == kUnknownOpId && !libraries.empty()) {
        f.message += "; " + std::string(libraries.size() == 1 ? "the custom-op library given does" : "none of the "
                     "custom-op libraries given does") + " not provide it (" + LibraryNames(libraries) + ")";
      }
      findings.push_back(std::move(f));
    }
    return false;
  }
  // Loaded: whatever custom-domain op the model uses, a library given provides.
  if (!libraries.empty()) {
    for (const CustomOpUse& use : CustomDomainOps(context)) findings.push_back(ProvidedOp(use, libraries));
  }
  return true;
}

std::unique_ptr<Rule> MakeOrtLoadRule() { return std::make_unique<OrtLoadRule>(); }

}  // namespace ortkit::graph
