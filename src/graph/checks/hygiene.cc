// Rule ORTKIT011 (hygiene), and its name checks: tensors defined twice, duplicated initializer
// and node names, unnamed nodes.
#include "graph/checks/hygiene.h"

#include <map>
#include <vector>

#include "graph/checks/check_util.h"
#include "graph/checks/rules.h"

namespace ortkit::graph {
namespace hygiene {

void CheckNames(const RuleInfo& info, const CheckContext& context, int g, std::vector<Finding>& findings) {
  const GraphIndex& index = context.index;
  const onnx::GraphProto& graph = *index.graphs()[static_cast<std::size_t>(g)].proto;

  // Every definition of every tensor; an initializer that is also an input is ORTKIT001's, not a duplicate.
  std::map<std::string, std::vector<std::string>> writers;
  std::map<std::string, int> initializer_count;
  std::vector<std::string> order;
  auto define = [&](const std::string& name, const std::string& by) {
    auto& w = writers[name];
    if (w.empty()) order.push_back(name);
    w.push_back(by);
  };
  for (const onnx::TensorProto& t : graph.initializer()) {
    if (++initializer_count[t.name()] == 1) define(t.name(), "an initializer");
  }
  for (const onnx::ValueInfoProto& v : graph.input()) {
    if (!initializer_count.count(v.name())) define(v.name(), "a graph input");
  }
  for (int i = 0; i < graph.node_size(); ++i) {
    for (const std::string& out : graph.node(i).output()) {
      if (!out.empty()) define(out, "node " + Quoted(index.NodeLocation(g, i)));
    }
  }
  for (const std::string& name : order) {
    const std::vector<std::string>& by = writers[name];
    if (by.size() < 2) continue;
    Finding f = NewFinding(info, Severity::kError, "tensor", index.TensorLocation(g, name));
    f.message = "tensor " + Quoted(name) + " is defined " + std::to_string(by.size()) + " times, by " + ListNames(by);
    f.why = "ONNX requires one definition per tensor; ONNX Runtime refuses the model (\"Duplicate definition of "
            "name (" + name + ")\")";
    f.fix = "rename all but one of the definitions and update the nodes that read them";
    findings.push_back(std::move(f));
  }
  for (const auto& [name, count] : initializer_count) {
    if (count < 2) continue;
    Finding f = NewFinding(info, Severity::kWarning, "initializer", index.TensorLocation(g, name));
    f.message = "initializer " + Quoted(name) + " is stored " + std::to_string(count) + " times";
    f.why = "ONNX Runtime keeps only the last copy (\"Duplicate initializer ... the model will use the latest "
            "encountered initializer\"); other tools may take the first, so the model's weights are ambiguous";
    f.fix = "keep the copy the model should use and delete the others";
    findings.push_back(std::move(f));
  }

  std::map<std::string, std::vector<std::string>> nodes_by_name;
  std::vector<std::string> name_order;
  int unnamed = 0;
  for (int i = 0; i < graph.node_size(); ++i) {
    const std::string& name = graph.node(i).name();
    if (name.empty()) {
      ++unnamed;
      continue;
    }
    auto& same = nodes_by_name[name];
    if (same.empty()) name_order.push_back(name);
    same.push_back("#" + std::to_string(i) + " " + graph.node(i).op_type());
  }
  for (const std::string& name : name_order) {
    const auto& same = nodes_by_name[name];
    if (same.size() < 2) continue;
    Finding f = NewFinding(info, Severity::kError, "node", index.TensorLocation(g, name));
    f.message = CountOf(same.size(), "node") + " are named " + Quoted(name) + ": " + ListNames(same);
    f.why = "ONNX Runtime refuses the model (\"two nodes with same node name (" + name + ")\"), and profiles and "
            "errors could not tell the nodes apart anyway";
    f.fix = "give every node a unique name";
    findings.push_back(std::move(f));
  }
  if (unnamed > 0) {
    Finding f = NewFinding(info, Severity::kInfo, "graph", index.GraphLocation(g));
    f.message = std::to_string(unnamed) + " of " + CountOf(static_cast<std::size_t>(graph.node_size()), "node") +
                " have no name";
    f.why = "ONNX Runtime's errors, profiles and placement logs identify nodes by name; an unnamed one shows as "
            "\"\" and has to be found by position";
    f.fix = "let the exporter name nodes (most do by default), or name them when editing the graph";
    findings.push_back(std::move(f));
  }
}

}  // namespace hygiene

namespace {

class HygieneRule final : public Rule {
 public:
  const RuleInfo& info() const override { return info_; }

  void Check(const CheckContext& context, std::vector<Finding>& findings) const override {
    const auto count = static_cast<int>(context.index.graphs().size());
    for (int g = 0; g < count; ++g) {
      hygiene::CheckNames(info_, context, g, findings);
      hygiene::CheckDataflow(info_, context, g, findings);
    }
    hygiene::CheckDuplicatePayloads(info_, context, findings);
  }

 private:
  RuleInfo info_{kHygieneId, "hygiene",
                 "Unused or duplicated initializers, Identity chains, dead nodes, duplicated or empty names", false};
};

}  // namespace

std::unique_ptr<Rule> MakeHygieneRule() { return std::make_unique<HygieneRule>(); }

}  // namespace ortkit::graph
