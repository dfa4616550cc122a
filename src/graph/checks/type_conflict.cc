// Rule ORTKIT002 (type-conflict): a node whose inputs bind one type parameter of its schema to
// two different types, which ONNX Runtime refuses at load.
#include <map>
#include <vector>

#include "graph/checks/check_util.h"
#include "graph/checks/rules.h"

namespace ortkit::graph {
namespace {

class TypeConflictRule final : public Rule {
 public:
  const RuleInfo& info() const override { return info_; }

  void Check(const CheckContext& context, std::vector<Finding>& findings) const override {
    const auto& graphs = context.index.graphs();
    for (std::size_t g = 0; g < graphs.size(); ++g) {
      const onnx::GraphProto& graph = *graphs[g].proto;
      for (int i = 0; i < graph.node_size(); ++i) {
        CheckNode(context, static_cast<int>(g), i, findings);
      }
    }
  }

 private:
  void CheckNode(const CheckContext& context, int g, int i, std::vector<Finding>& findings) const {
    const onnx::NodeProto& node = context.index.graphs()[static_cast<std::size_t>(g)].proto->node(i);
    const onnx::OpSchema* schema = FindSchema(context.index, node);
    if (schema == nullptr) return;
    std::map<std::string, const InputBinding*> first;  // type parameter -> its first known binding
    const std::vector<InputBinding> bindings = BindInputs(*schema, node, context.index, g);
    for (const InputBinding& b : bindings) {
      if (!b.is_type_param || !b.homogeneous || b.type.empty()) continue;
      auto [it, inserted] = first.emplace(b.type_param, &b);
      if (inserted || it->second->type == b.type) continue;
      const InputBinding& a = *it->second;
      const std::string location = context.index.NodeLocation(g, i);
      Finding f = NewFinding(info_, Severity::kError, "node", location);
      f.op_type = node.op_type();
      f.message = node.op_type() + " node " + Quoted(location) + ": type parameter " + b.type_param +
                  " is bound to " + a.type + " by input " + Quoted(a.name) + " and to " + b.type + " by input " +
                  Quoted(b.name);
      f.why = "ONNX Runtime refuses to load the model: \"Type parameter (" + b.type_param + ") of Optype (" +
              node.op_type() + ") bound to different types (" + a.type + " and " + b.type + " in node (" +
              node.name() + ")\"";
      const bool has_double = a.type == "tensor(double)" || b.type == "tensor(double)";
      if (has_double) {
        f.fix = "compute this part in float32: convert the float64 tensors and ops to float32, or insert a Cast "
                "so that " + Quoted(b.name) + " is " + a.type;
        f.fix_pass = "float64-to-float32";
      } else {
        f.fix = "insert a Cast so that " + Quoted(b.name) + " is " + a.type + " (or " + Quoted(a.name) + " is " +
                b.type + "), or fix the exporter that mixed them";
      }
      findings.push_back(std::move(f));
      return;  // one finding per node: a second conflict has the same cause and fix
    }
  }

  RuleInfo info_{kTypeConflictId, "type-conflict",
                 "A node binds one type parameter to two types (ONNX Runtime refuses to load it)", false};
};

}  // namespace

std::unique_ptr<Rule> MakeTypeConflictRule() { return std::make_unique<TypeConflictRule>(); }

}  // namespace ortkit::graph
