// TranslateLoadError: ORT's load errors, matched by their wording (as ORT 1.30 writes them), filed
// under the static rule that describes the same problem.
#include <algorithm>
#include <regex>
#include <vector>

#include "graph/checks/check_util.h"
#include "graph/checks/ort_load.h"
#include "graph/checks/rules.h"

namespace ortkit::graph {
namespace {

// ORT keeps no kernels for op versions older than this opset (it warns below it, too).
constexpr int kOrtFirstKernelOpset = 7;

struct Translation {
  std::string rule_id, rule, location_kind, location, op_type, message, why, fix, fix_pass;
};

// The location the static rules use for the node ORT calls `name` running `op` (first match, any
// graph). ORT calls every unnamed node '', so the op is what tells those apart; failing that (ORT
// names the op differently), the name alone.
std::string NodeByName(const GraphIndex& index, const std::string& name, const std::string& op) {
  const auto& graphs = index.graphs();
  for (const bool by_op : {true, false}) {
    for (std::size_t g = 0; g < graphs.size(); ++g) {
      for (int i = 0; i < graphs[g].proto->node_size(); ++i) {
        const onnx::NodeProto& node = graphs[g].proto->node(i);
        if (node.name() == name && (!by_op || node.op_type() == op)) return index.NodeLocation(static_cast<int>(g), i);
      }
    }
  }
  return name;
}

std::string NodeByOp(const GraphIndex& index, const std::string& domain, const std::string& op) {
  const auto& graphs = index.graphs();
  for (std::size_t g = 0; g < graphs.size(); ++g) {
    for (int i = 0; i < graphs[g].proto->node_size(); ++i) {
      const onnx::NodeProto& node = graphs[g].proto->node(i);
      if (node.op_type() == op && CanonicalDomain(node.domain()) == CanonicalDomain(domain)) {
        return index.NodeLocation(static_cast<int>(g), i);
      }
    }
  }
  return "";
}

// "In Node, ("gs", GridSample, "", -1) : ..." precedes several of ORT's graph errors.
std::string NodeOfInNode(const std::string& text, const GraphIndex& index) {
  static const std::regex kInNode("In Node, \\(\"([^\"]*)\", (\\w+), ");
  std::smatch m;
  return std::regex_search(text, m, kInNode) ? NodeByName(index, m[1], m[2]) : "";
}

bool Translate(const std::string& text, const std::string& provider, const GraphIndex& index, Translation& t) {
  const std::string quoted = " (\"" + text + "\")";
  std::smatch m;
  static const std::regex kBound(R"(Type parameter \((\w+)\) of Optype \((\w+)\) bound to different types \((\S+) and (\S+) in node \(([^)]*)\))");
  static const std::regex kInvalidType(R"(Type '(\S+)' of input parameter \(([^)]*)\) of operator \((\w+)\) in node \(([^)]*)\) is invalid)");
  static const std::regex kNoKernel(R"(Could not find an implementation for (\w+)\((\d+)\) node with name '([^']*)')");
  static const std::regex kNotRegistered(R"(([\w.]*):(\w+)\(-?\d+\) is not a registered function/op)");
  static const std::regex kNoOp(R"(No Op registered for (\w+) with domain_version of (\d+))");
  static const std::regex kDeprecated(R"(Op registered for (\w+) is deprecated in domain_version of (\d+))");
  static const std::regex kOpsetTooNew(R"(Current official support for domain (\S+) is till opset (\d+))");
  static const std::regex kNoImport(R"(No opset import for domain '([^']*)')");
  static const std::regex kDuplicateName(R"(Duplicate definition of name \(([^)]*)\))");
  static const std::regex kDuplicateNode(R"(two nodes with same node name \(([^)]*)\))");

  t.why = "ONNX Runtime refuses to load the model" + quoted;
  if (std::regex_search(text, m, kBound)) {
    const std::string node = NodeByName(index, m[5], m[2]);
    t = {kTypeConflictId, "type-conflict", "node", node, m[2],
         m[2].str() + " node " + Quoted(node) + ": type parameter " + m[1].str() + " is bound to " + m[3].str() +
             " and to " + m[4].str(), t.why, "insert a Cast so that the inputs agree, or compute in float32", ""};
    if (m[3] == "tensor(double)" || m[4] == "tensor(double)") t.fix_pass = "float64-to-float32";
  } else if (std::regex_search(text, m, kInvalidType)) {
    const std::string node = NodeByName(index, m[4], m[3]);
    t = {kUnsupportedTypeId, "unsupported-type", "node", node, m[3],
         m[3].str() + " node " + Quoted(node) + ": input " + Quoted(m[2]) + " is " + m[1].str() +
             ", which the op does not accept", t.why, "insert a Cast of " + Quoted(m[2]) + " to an accepted type", ""};
  } else if (std::regex_search(text, m, kNoKernel) && std::stoi(m[2]) < kOrtFirstKernelOpset) {
    // ORT dropped the kernels of op versions before opset 7 altogether: an opset problem, not a type one.
    const std::string node = NodeByName(index, m[3], m[1]);
    t = {kOpsetId, "opset", "node", node, m[1],
         m[1].str() + " node " + Quoted(node) + ": ONNX Runtime has no kernel for " + m[1].str() + "-" + m[2].str() +
             ", a version from before opset " + std::to_string(kOrtFirstKernelOpset),
         "session creation fails" + quoted,
         "convert the model to a recent opset (onnx.version_converter.convert_version(model, 17)) or re-export", ""};
  } else if (std::regex_search(text, m, kNoKernel)) {
    const std::string node = NodeByName(index, m[3], m[1]);
    t = {kUnsupportedTypeId, "unsupported-type", "node", node, m[1],
         m[1].str() + " node " + Quoted(node) + ": ONNX Runtime's " + provider + " provider has no " + m[1].str() +
             "-" + m[2].str() + " kernel for its input types, although the ONNX schema allows them",
         "session creation fails" + quoted + "; ONNX Runtime's kernels cover fewer types than the schemas allow",
         "Cast the inputs to a type the kernel has (float32 always is), or convert the model to such types", ""};
  } else if (std::regex_search(text, m, kNotRegistered)) {
    const std::string domain = m[1], op = m[2];
    t = {kUnknownOpId, "unknown-op", "node", NodeByOp(index, domain, op), op,
         "op " + op + " of domain " + DomainLabel(domain) + " has no kernel in ONNX Runtime", t.why,
         "register a custom-op library that implements it, replace it with standard ops, or re-export", ""};
  } else if (std::regex_search(text, m, kDeprecated)) {
    t = {kOpsetId, "opset", "node", NodeOfInNode(text, index), m[1],
         m[1].str() + " was removed from its domain by opset " + m[2].str() + ", which the model imports", t.why,
         "replace it with the op that superseded it, or re-export", ""};
  } else if (std::regex_search(text, m, kNoOp)) {
    const std::string op = m[1], node = NodeOfInNode(text, index);
    const bool later = onnx::OpSchemaRegistry::Schema(op, "") != nullptr;  // exists, but not at this opset
    t = {later ? kOpsetId : kUnknownOpId, later ? "opset" : "unknown-op", "node", node, op,
         op + " does not exist at the imported opset " + m[2].str(), t.why,
         later ? "re-export with an opset that has the op" : "replace the op with standard ones, or re-export", ""};
  } else if (std::regex_search(text, m, kOpsetTooNew)) {
    t = {kOpsetId, "opset", "model", "opset_import:" + m[1].str(), "",
         "ONNX Runtime supports " + m[1].str() + " only up to opset " + m[2].str(), t.why,
         "re-export with opset " + m[2].str() + " or lower, or deploy a newer ONNX Runtime", ""};
  } else if (std::regex_search(text, m, kNoImport)) {
    t = {kOpsetId, "opset", "node", NodeOfInNode(text, index), "",
         "a node uses domain " + m[1].str() + ", which the model does not import", t.why,
         "add an opset_import entry for the domain, or re-export", ""};
  } else if (std::regex_search(text, m, kDuplicateName)) {
    t = {kHygieneId, "hygiene", "tensor", m[1], "", "tensor " + Quoted(m[1]) + " is defined more than once", t.why,
         "rename one of the definitions (every tensor must have one writer)", ""};
  } else if (std::regex_search(text, m, kDuplicateNode)) {
    t = {kHygieneId, "hygiene", "node", m[1], "", "two nodes are named " + Quoted(m[1]), t.why,
         "give every node a unique name", ""};
  } else {
    return false;
  }
  return true;
}

}  // namespace

std::vector<Finding> TranslateLoadError(const std::string& ort_message, const std::string& provider,
                                        const CheckContext& context, const std::vector<Finding>& existing) {
  Translation t;
  if (!Translate(ort_message, provider, context.index, t)) {
    Finding f;
    f.rule_id = kOrtLoadId;
    f.rule = "ort-load";
    f.severity = Severity::kError;
    f.location_kind = "model";
    f.message = "ONNX Runtime (" + provider + ") cannot load the model: " + ort_message;
    f.why = "this is the error a deployment would hit when creating its session";
    f.fix = "follow ONNX Runtime's message above; if it names a node, check that node's inputs and attributes";
    return {f};
  }
  // A static rule that found the same problem has said it better; one finding per problem. Only
  // its errors count: an info such as "checked at load" is what this finding settles.
  const bool known = std::any_of(existing.begin(), existing.end(), [&](const Finding& f) {
    return f.rule_id == t.rule_id && f.severity == Severity::kError && !t.location.empty() &&
           (f.location == t.location || f.message.find(t.location) != std::string::npos);
  });
  if (known) return {};
  Finding f;
  f.rule_id = t.rule_id;
  f.rule = t.rule;
  f.severity = Severity::kError;
  f.location_kind = t.location_kind;
  f.location = t.location;
  f.op_type = t.op_type;
  f.message = t.message + " (found by loading in ONNX Runtime)";
  f.why = t.why;
  f.fix = t.fix;
  f.fix_pass = t.fix_pass;
  return {f};
}

}  // namespace ortkit::graph
