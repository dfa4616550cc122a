// Rule ORTKIT005 (opset): opset imports this ONNX Runtime does not support, nodes of domains the
// model does not import, ops newer than the imported opset (GridSample before 16) or removed in it.
#include <map>
#include <utility>
#include <vector>

#include "graph/checks/check_util.h"
#include "graph/checks/rules.h"
#include "ortkit/runtime.h"

namespace ortkit::graph {
namespace {

// What this ORT accepts, found by loading a one-node model at each opset (opset_test.cc repeats
// that experiment against the library in use, so a new ORT that moves these numbers fails a test).
constexpr int64_t kOrtMaxOnnxOpset = 26;
constexpr int64_t kOrtMaxMlOpset = 5;
constexpr int64_t kOrtMinOnnxOpset = 7;  // below: ORT warns, and many ops have no kernel left

struct VersionProblem {
  bool deprecated = false;  // else: the op is newer than the imported opset
  int since = 0;            // the first version with the op, or the version that deprecated it
  std::vector<std::string> nodes;
};

class OpsetRule final : public Rule {
 public:
  const RuleInfo& info() const override { return info_; }

  void Check(const CheckContext& context, std::vector<Finding>& findings) const override {
    for (const auto& [domain, version] : context.index.opsets()) CheckImport(domain, version, findings);

    std::map<std::string, std::vector<std::string>> not_imported;  // domain -> node locations
    std::map<std::pair<std::string, std::string>, VersionProblem> problems;
    std::vector<std::pair<std::string, std::string>> order;
    const auto& graphs = context.index.graphs();
    for (std::size_t g = 0; g < graphs.size(); ++g) {
      for (int i = 0; i < graphs[g].proto->node_size(); ++i) {
        const onnx::NodeProto& node = graphs[g].proto->node(i);
        const std::string domain = CanonicalDomain(node.domain());
        const std::string location = context.index.NodeLocation(static_cast<int>(g), i);
        const std::optional<int64_t> opset = context.index.Opset(domain);
        if (!opset) {
          not_imported[domain].push_back(location);
          continue;
        }
        if (!IsOnnxSchemaDomain(domain) || onnx::OpSchemaRegistry::Schema(node.op_type(), domain) == nullptr) continue;
        const onnx::OpSchema* schema = FindSchema(context.index, node);
        VersionProblem problem;
        if (schema == nullptr) {
          problem.since = FirstVersion(node.op_type(), domain, *opset);
        } else if (schema->Deprecated()) {
          problem.deprecated = true;
          problem.since = schema->SinceVersion();
        } else {
          continue;
        }
        const auto key = std::make_pair(domain, node.op_type());
        auto [it, inserted] = problems.emplace(key, problem);
        if (inserted) order.push_back(key);
        it->second.nodes.push_back(location);
      }
    }
    for (const auto& [domain, nodes] : not_imported) {
      Finding f = NewFinding(info_, Severity::kError, "node", nodes.front());
      f.message = CountOf(nodes.size(), "node") + " (" + ListNames(nodes) + (nodes.size() == 1 ? ") uses" : ") use") +
                  " domain " + DomainLabel(domain) +
                  ", which the model does not import (no opset_import entry)";
      f.why = "ONNX Runtime refuses the model: \"No opset import for domain '" + domain + "'\"";
      f.fix = "add an opset_import entry for " + DomainLabel(domain) + " (the exporter left it out), or re-export";
      findings.push_back(std::move(f));
    }
    for (const auto& key : order) findings.push_back(VersionFinding(context, key.first, key.second, problems[key]));
  }

 private:
  void CheckImport(const std::string& domain, int64_t version, std::vector<Finding>& findings) const {
    const int64_t max = domain.empty() ? kOrtMaxOnnxOpset : domain == "ai.onnx.ml" ? kOrtMaxMlOpset : 0;
    const std::string label = DomainLabel(domain);
    if (max > 0 && version > max) {
      Finding f = NewFinding(info_, Severity::kError, "model", "opset_import:" + label);
      f.message = "the model imports " + label + " opset " + std::to_string(version) + "; ONNX Runtime " +
                  OrtLibraryVersion() + " supports " + label + " up to opset " + std::to_string(max);
      f.why = "ONNX Runtime refuses the model: \"Opset " + std::to_string(version) +
              " is under development and support for this is limited. ... Current official support for domain " +
              label + " is till opset " + std::to_string(max) + ".\"";
      f.fix = "re-export with opset " + std::to_string(max) + " or lower (torch.onnx.export(..., opset_version=" +
              std::to_string(max) + ")), or deploy a newer ONNX Runtime";
      findings.push_back(std::move(f));
    } else if (domain.empty() && version < kOrtMinOnnxOpset) {
      Finding f = NewFinding(info_, Severity::kWarning, "model", "opset_import:" + label);
      f.message = "the model imports ai.onnx opset " + std::to_string(version) +
                  "; ONNX Runtime guarantees support only from opset " + std::to_string(kOrtMinOnnxOpset);
      f.why = "ONNX Runtime keeps few kernels for such old op versions: loading may fail with \"Could not find "
              "an implementation for <Op>(1) node\", and its graph optimizers skip the model";
      f.fix = "convert the model to a recent opset (onnx.version_converter.convert_version(model, 17)) or re-export";
      findings.push_back(std::move(f));
    }
  }

  // The first opset after `declared` in which ONNX defines `op` (it exists in some later one).
  static int FirstVersion(const std::string& op, const std::string& domain, int64_t declared) {
    for (int v = static_cast<int>(declared) + 1; v <= LibraryMaxOpset(domain); ++v) {
      const onnx::OpSchema* s = onnx::OpSchemaRegistry::Schema(op, v, domain);
      if (s != nullptr) return s->SinceVersion();
    }
    return LibraryMaxOpset(domain);
  }

  Finding VersionFinding(const CheckContext& context, const std::string& domain, const std::string& op,
                         const VersionProblem& p) const {
    Finding f = NewFinding(info_, Severity::kError, "node", p.nodes.front());
    f.op_type = op;
    const std::string label = DomainLabel(domain);
    const std::string declared = std::to_string(context.index.Opset(domain).value_or(0));
    const std::string users = CountOf(p.nodes.size(), "node") + " (" + ListNames(p.nodes) + ")";
    if (p.deprecated) {
      f.message = op + " was removed from " + label + " in opset " + std::to_string(p.since) +
                  " and the model imports opset " + declared + "; used by " + users;
      f.why = "ONNX Runtime refuses the model: \"Op registered for " + op + " is deprecated in domain_version of " +
              declared + "\"";
      f.fix = "replace " + op + " with the op that superseded it (re-export with a recent exporter), or import an "
              "opset before " + std::to_string(p.since);
    } else {
      f.message = op + " first appears in " + label + " opset " + std::to_string(p.since) +
                  ", but the model imports opset " + declared + "; used by " + users;
      f.why = "ONNX Runtime refuses the model: \"No Op registered for " + op + " with domain_version of " +
              declared + "\"";
      f.fix = "re-export with opset " + std::to_string(p.since) +
              " or later, or convert the model (onnx.version_converter)";
    }
    return f;
  }

  RuleInfo info_{kOpsetId, "opset",
                 "Opsets ONNX Runtime does not support; ops newer than, or removed by, the imported opset", false};
};

}  // namespace

std::unique_ptr<Rule> MakeOpsetRule() { return std::make_unique<OpsetRule>(); }

}  // namespace ortkit::graph
