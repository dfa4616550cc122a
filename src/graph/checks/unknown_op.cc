// Rule ORTKIT004 (unknown-op): ops that no operator registry knows (a misspelt standard op, a
// custom domain such as com.example::DCNv2 with no kernel), and ORT's own contrib ops, which only
// loading in ONNX Runtime can check.
#include <cctype>
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
  bool deform_conv_like = false;   // the first node has DCNv2's name and inputs
};

bool NameSuggestsDeformConv(const std::string& op) {
  std::string lower;
  for (char c : op) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower.find("deformconv") != std::string::npos || lower.find("dcn") != std::string::npos;
}

// DCNv2's signature: (input, offset, mask, weight[, bias]) with a 4-D weight; the
// decompose-deformable-conv pass rewrites such nodes into standard ops.
bool LooksLikeDeformConv(const CheckContext& context, int graph, const onnx::NodeProto& node) {
  if (!NameSuggestsDeformConv(node.op_type()) || node.input_size() < 4 || node.input_size() > 5) return false;
  const onnx::TypeProto* weight = context.index.TypeOf(graph, node.input(3));
  return weight != nullptr && weight->has_tensor_type() && weight->tensor_type().has_shape() &&
         weight->tensor_type().shape().dim_size() == 4;
}

using OpKey = std::pair<std::string, std::string>;  // (domain, op)

// Every op no schema registry ortkit has knows, classified, in first-use order.
std::vector<std::pair<OpKey, OpUse>> CollectUses(const CheckContext& context) {
  std::set<OpKey> functions;  // model-local functions
  for (const onnx::FunctionProto& fn : context.model.functions()) {
    functions.emplace(CanonicalDomain(fn.domain()), fn.name());
  }
  std::vector<std::pair<OpKey, OpUse>> uses;
  std::map<OpKey, std::size_t> position;
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
      const OpKey key{domain, node.op_type()};
      auto [it, inserted] = position.emplace(key, uses.size());
      if (inserted) uses.emplace_back(key, OpUse{kind, {}, LooksLikeDeformConv(context, static_cast<int>(g), node)});
      uses[it->second].second.nodes.push_back(context.index.NodeLocation(static_cast<int>(g), i));
    }
  }
  return uses;
}

class UnknownOpRule final : public Rule {
 public:
  const RuleInfo& info() const override { return info_; }

  void Check(const CheckContext& context, std::vector<Finding>& findings) const override {
    // With custom-op libraries given, loading the model (ORTKIT010) says whether they provide the
    // custom-domain ops; only --no-ort leaves that open.
    const bool libraries_decide = !context.options.custom_op_libraries.empty();
    std::map<std::string, std::vector<std::string>> checked_at_load;  // domain -> ops
    std::map<std::string, std::vector<std::string>> checked_nodes;    // domain -> node locations
    for (const auto& [key, use] : CollectUses(context)) {
      if (use.kind == Kind::kCustom && libraries_decide) {
        if (!context.options.use_ort) findings.push_back(Unverified(key.first, key.second, use));
        continue;
      }
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
                ? "load onnxruntime-extensions' custom-op library with --custom-op-library libortextensions.so "
                  "(in code: SessionOptions::RegisterCustomOpsLibrary), or replace the op with standard ones"
                : "load the custom-op library that implements " + domain + "::" + op +
                      " with --custom-op-library PATH (in code: SessionOptions::RegisterCustomOpsLibrary), replace "
                      "it with standard ops, or re-export with the exporter lowering it to standard ops";
    if (use.deform_conv_like) {
      // Verified against the library when it is given (fix --custom-op-library).
      f.fix = "rewrite it into standard ops (GridSample, Mul, Conv) that every provider with GridSample runs: "
              "ortkit's decompose-deformable-conv pass; or " + f.fix;
      f.fix_pass = "decompose-deformable-conv";
      if (op != "MMCVModulatedDeformConv2d" && op != "DCNv2") f.fix_flags = {"--op", domain + ":" + op};
    }
    return f;
  }

  Finding Unverified(const std::string& domain, const std::string& op, const OpUse& use) const {
    Finding f = NewFinding(info_, Severity::kWarning, "node", use.nodes.front());
    f.op_type = op;
    f.message = "op " + domain + "::" + op + " is left to the custom-op libraries given, unchecked; used by " +
                CountOf(use.nodes.size(), "node") + " (" + ListNames(use.nodes) + ")";
    f.why = "--no-ort skips loading the model, so whether the libraries provide the op is not known";
    f.fix = "run the check without --no-ort";
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

std::vector<CustomOpUse> CustomDomainOps(const CheckContext& context) {
  std::vector<CustomOpUse> out;
  for (const auto& [key, use] : CollectUses(context)) {
    if (use.kind == Kind::kCustom) out.push_back(CustomOpUse{key.first, key.second, use.nodes});
  }
  return out;
}

std::unique_ptr<Rule> MakeUnknownOpRule() { return std::make_unique<UnknownOpRule>(); }

}  // namespace ortkit::graph
