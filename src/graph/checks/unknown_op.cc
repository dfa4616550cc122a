// Rule ORTKIT004 (unknown-op): ops that no operator registry knows (a misspelt standard op, a
// custom domain such as com.example::DCNv2 with no kernel), and ORT's own contrib ops, which only
// loading in ONNX Runtime can check.
#include <map>
#include <set>
#include <utility>
#include <vector>

#include "graph/checks/check_util.h"
#include "graph/checks/rules.h"

namespace ortkit::graph {
namespace {

enum class Kind { kUnknownStandard, kTraining, kCustom, kCheckedAtLoad };

struct OpUse {
  Kind kind = Kind::kCustom;
  std::vector<std::string> nodes;  // locations
};

class UnknownOpRule final : public Rule {
 public:
  const RuleInfo& info() const override { return info_; }

  void Check(const CheckContext& context, std::vector<Finding>& findings) const override {
    std::set<std::pair<std::string, std::string>> functions;  // model-local functions: (domain, name)
    for (const onnx::FunctionProto& fn : context.model.functions()) {
      functions.emplace(CanonicalDomain(fn.domain()), fn.name());
    }
    std::map<std::pair<std::string, std::string>, OpUse> uses;  // (domain, op) in first-use order below
    std::vector<std::pair<std::string, std::string>> order;
    const auto& graphs = context.index.graphs();
    for (std::size_t g = 0; g < graphs.size(); ++g) {
      const onnx::GraphProto& graph = *graphs[g].proto;
      for (int i = 0; i < graph.node_size(); ++i) {
        const onnx::NodeProto& node = graph.node(i);
        const std::string domain = CanonicalDomain(node.domain());
        const std::optional<int64_t> opset = context.index.Opset(domain);
        if (!opset || functions.count({domain, node.op_type()})) continue;  // not imported: ORTKIT005
        Kind kind = Kind::kCustom;
        if (domain == "ai.onnx.preview.training" || domain == "ai.onnx.training") {
          kind = Kind::kTraining;  // ONNX has schemas, but ORT's inference builds no kernels
        } else if (IsOnnxSchemaDomain(domain)) {
          if (onnx::OpSchemaRegistry::Schema(node.op_type(), domain) != nullptr) continue;  // versions: ORTKIT005
          // An op added after the newest opset ortkit's ONNX knows may well exist: ORT decides.
          kind = *opset > LibraryMaxOpset(domain) ? Kind::kCheckedAtLoad : Kind::kUnknownStandard;
        } else if (IsOrtDomain(domain)) {
          kind = Kind::kCheckedAtLoad;
        }
        const auto key = std::make_pair(domain, node.op_type());
        auto [it, inserted] = uses.emplace(key, OpUse{kind, {}});
        if (inserted) order.push_back(key);
        it->second.nodes.push_back(context.index.NodeLocation(static_cast<int>(g), i));
      }
    }

    std::map<std::string, std::vector<std::string>> checked_at_load;  // domain -> ops
    std::map<std::string, std::vector<std::string>> checked_nodes;    // domain -> node locations
    for (const auto& key : order) {
      const OpUse& use = uses[key];
      if (use.kind == Kind::kCheckedAtLoad) {
        checked_at_load[key.first].push_back(key.second);
        checked_nodes[key.first].insert(checked_nodes[key.first].end(), use.nodes.begin(), use.nodes.end());
        continue;
      }
      findings.push_back(Unknown(context, key.first, key.second, use));
    }
    for (const auto& [domain, ops] : checked_at_load) {
      findings.push_back(CheckedAtLoad(context, domain, ops, checked_nodes[domain]));
    }
  }

 private:
  Finding Unknown(const CheckContext& context, const std::string& domain, const std::string& op,
                  const OpUse& use) const {
    Finding f = NewFinding(info_, Severity::kError, "node", use.nodes.front());
    f.op_type = op;
    const std::string version = std::to_string(context.index.Opset(domain).value_or(0));
    const std::string users = CountOf(use.nodes.size(), "node") + " (" + ListNames(use.nodes) + ")";
    if (use.kind == Kind::kUnknownStandard) {
      f.message = "op " + Quoted(op) + " does not exist in domain " + DomainLabel(domain) + " (opset " + version +
                  "); used by " + users;
      f.why = "ONNX Runtime has no kernel for it and refuses the model (\"No Op registered for " + op +
              " with domain_version of " + version + "\")";
      f.fix = "check the op name and domain the exporter wrote; replace the op with standard ones, or re-export";
      return f;
    }
    if (use.kind == Kind::kTraining) {
      f.message = "training op " + op + " (" + domain + ") has no kernel in ONNX Runtime's inference builds; used "
                  "by " + users;
      f.why = "ONNX Runtime refuses the model (\"Fatal error: " + domain + ":" + op +
              "(-1) is not a registered function/op\")";
      f.fix = "export the model for inference (eval mode, without optimizer or gradient ops), or run it with "
              "ONNX Runtime Training";
      return f;
    }
    f.message = "op " + op + " of custom domain " + domain + " has no kernel in ONNX Runtime; used by " + users;
    f.why = "ONNX Runtime refuses the model (\"Fatal error: " + domain + ":" + op +
            "(-1) is not a registered function/op\") unless a custom-op library implementing it is registered "
            "with the session, and other runtimes and providers know it even less";
    f.fix = domain == "ai.onnx.contrib"
                ? "register onnxruntime-extensions' custom-op library (libortextensions) with the session, or "
                  "replace the op with standard ones"
                : "register a custom-op library that implements " + domain + "::" + op +
                      " (SessionOptions::RegisterCustomOpsLibrary), replace it with standard ops, or re-export "
                      "with the exporter lowering it to standard ops";
    return f;
  }

  Finding CheckedAtLoad(const CheckContext& context, const std::string& domain, const std::vector<std::string>& ops,
                        const std::vector<std::string>& nodes) const {
    Finding f = NewFinding(info_, Severity::kInfo, "node", nodes.front());
    if (ops.size() == 1) f.op_type = ops.front();
    const bool ort = IsOrtDomain(domain);
    f.message = CountOf(nodes.size(), "node") + (nodes.size() == 1 ? " uses " : " use ") +
                (ort ? "ONNX Runtime's own " : "newer ") +
                DomainLabel(domain) + " ops that ortkit's ONNX schemas (opset " +
                std::to_string(LibraryMaxOpset("")) + ") do not cover: " + ListNames(ops) + "; " +
                (context.options.use_ort ? "they are checked by loading the model in ONNX Runtime (ORTKIT010)"
                                         : "not checked, as --no-ort skips loading in ONNX Runtime");
    f.why = ort ? "contrib ops run only on ONNX Runtime, and only some of its providers implement them"
                : "ortkit cannot check their types and versions statically";
    f.fix = ort ? "nothing if you deploy on ONNX Runtime's CPU or CUDA provider; for other runtimes or providers, "
                  "re-export without ORT-specific fusions"
                : "nothing: the load check covers them";
    return f;
  }

  RuleInfo info_{kUnknownOpId, "unknown-op",
                 "Ops no registry knows, or custom-domain ops with no kernel in ONNX Runtime", false};
};

}  // namespace

std::unique_ptr<Rule> MakeUnknownOpRule() { return std::make_unique<UnknownOpRule>(); }

}  // namespace ortkit::graph
