// Rule ORTKIT006 (float64): float64 tensors and the nodes computing on them, one finding per graph.
#include <unordered_set>
#include <vector>

#include "graph/checks/check_util.h"
#include "graph/checks/rules.h"

namespace ortkit::graph {
namespace {

bool IsFloat64(const onnx::TypeProto* type) {
  return type != nullptr && type->has_tensor_type() && type->tensor_type().elem_type() == onnx::TensorProto::DOUBLE;
}

class Float64Rule final : public Rule {
 public:
  const RuleInfo& info() const override { return info_; }

  void Check(const CheckContext& context, std::vector<Finding>& findings) const override {
    const auto& graphs = context.index.graphs();
    for (std::size_t g = 0; g < graphs.size(); ++g) CheckGraph(context, static_cast<int>(g), findings);
  }

 private:
  void CheckGraph(const CheckContext& context, int g, std::vector<Finding>& findings) const {
    const GraphIndex& index = context.index;
    const onnx::GraphProto& graph = *index.graphs()[static_cast<std::size_t>(g)].proto;
    std::vector<std::string> tensors, nodes, boundary;
    std::unordered_set<std::string> seen;
    auto note = [&](const std::string& name) {
      if (!name.empty() && IsFloat64(index.TypeOf(g, name)) && seen.insert(name).second) tensors.push_back(name);
    };
    for (const onnx::ValueInfoProto& v : graph.input()) {
      note(v.name());
      if (seen.count(v.name()) && !index.graphs()[static_cast<std::size_t>(g)].initializers.count(v.name())) {
        boundary.push_back("input " + v.name());
      }
    }
    for (const onnx::TensorProto& t : graph.initializer()) note(t.name());
    for (int i = 0; i < graph.node_size(); ++i) {
      const onnx::NodeProto& node = graph.node(i);
      bool touches = false;
      for (const std::string& in : node.input()) touches |= !in.empty() && IsFloat64(index.TypeOf(g, in));
      for (const std::string& out : node.output()) {
        touches |= !out.empty() && IsFloat64(index.TypeOf(g, out));
        note(out);
      }
      if (touches) nodes.push_back(index.NodeLocation(g, i));
    }
    for (const onnx::ValueInfoProto& v : graph.output()) {
      if (IsFloat64(index.TypeOf(g, v.name()))) boundary.push_back("output " + v.name());
    }
    if (tensors.empty() && nodes.empty()) return;

    Finding f = NewFinding(info_, Severity::kWarning, "graph", index.GraphLocation(g));
    f.message = CountOf(tensors.size(), "float64 tensor") + " (" + ListNames(tensors) + ")";
    if (!nodes.empty()) f.message += " and " + CountOf(nodes.size(), "node") + " computing in float64 (" + ListNames(nodes) + ")";
    if (!boundary.empty()) f.message += "; the model's interface has float64 too: " + ListNames(boundary);
    f.why = "float64 doubles memory and bandwidth and is slow or unsupported on GPU and mobile providers "
            "(WebGPU, CoreML, NNAPI, XNNPACK and TensorRT have no float64 kernels), so ONNX Runtime runs these "
            "nodes on the CPU and copies tensors back and forth";
    f.fix = "compute in float32: convert float64 initializers, Casts and ops to float32 (precision-sensitive "
            "steps seldom need more than float32), or re-export the model in float32";
    f.fix_pass = "float64-to-float32";
    findings.push_back(std::move(f));
  }

  RuleInfo info_{kFloat64Id, "float64",
                 "float64 tensors and ops: slow or unsupported on GPU and mobile providers", false};
};

}  // namespace

std::unique_ptr<Rule> MakeFloat64Rule() { return std::make_unique<Float64Rule>(); }

}  // namespace ortkit::graph
