// Rule ORTKIT003 (unsupported-type): an input whose type the op's schema does not accept at the
// model's opset (bool into Add, int8 into MatMul): ONNX Runtime refuses the graph at load.
#include <algorithm>
#include <vector>

#include "graph/checks/check_util.h"
#include "graph/checks/rules.h"

namespace ortkit::graph {
namespace {

class UnsupportedTypeRule final : public Rule {
 public:
  const RuleInfo& info() const override { return info_; }

  void Check(const CheckContext& context, std::vector<Finding>& findings) const override {
    const auto& graphs = context.index.graphs();
    for (std::size_t g = 0; g < graphs.size(); ++g) {
      const onnx::GraphProto& graph = *graphs[g].proto;
      for (int i = 0; i < graph.node_size(); ++i) CheckNode(context, static_cast<int>(g), i, findings);
    }
  }

 private:
  void CheckNode(const CheckContext& context, int g, int i, std::vector<Finding>& findings) const {
    const onnx::NodeProto& node = context.index.graphs()[static_cast<std::size_t>(g)].proto->node(i);
    // A model newer than ortkit's ONNX schemas may use types added since; ORT's load judges those.
    const std::optional<int64_t> opset = context.index.Opset(node.domain());
    if (!opset || *opset > LibraryMaxOpset(node.domain())) return;
    const onnx::OpSchema* schema = FindSchema(context.index, node);
    if (schema == nullptr) return;
    for (const InputBinding& b : BindInputs(*schema, node, context.index, g)) {
      if (b.type.empty() || std::find(b.allowed.begin(), b.allowed.end(), b.type) != b.allowed.end()) continue;
      const std::string location = context.index.NodeLocation(g, i);
      Finding f = NewFinding(info_, Severity::kError, "node", location);
      f.op_type = node.op_type();
      const std::string op = node.op_type() + "-" + std::to_string(schema->SinceVersion());
      f.message = node.op_type() + " node " + Quoted(location) + ": input " + Quoted(b.name) + " is " + b.type +
                  ", but " + op + (b.is_type_param ? " accepts " + b.type_param + " in {" : " accepts only {") +
                  ListNames(b.allowed, 24) + "}";
      f.why = "ONNX Runtime refuses the graph at load: \"Type Error: Type '" + b.type + "' of input parameter (" +
              b.name + ") of operator (" + node.op_type() + ") in node (" + node.name() + ") is invalid.\"";
      f.fix = "insert a Cast of " + Quoted(b.name) + " to an accepted type before the node (and back after it if "
              "later nodes need " + b.type + "), or re-export so that the exporter does";
      findings.push_back(std::move(f));
      return;  // one finding per node; its other inputs usually share the cause
    }
  }

  RuleInfo info_{kUnsupportedTypeId, "unsupported-type",
                 "An input type the op does not accept (ONNX Runtime refuses the graph, or has no kernel)", false};
};

}  // namespace

std::unique_ptr<Rule> MakeUnsupportedTypeRule() { return std::make_unique<UnsupportedTypeRule>(); }

}  // namespace ortkit::graph
