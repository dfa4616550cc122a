// Rule ORTKIT001 (initializer-in-inputs): initializers that are also graph inputs, in any graph.
#include <vector>

#include "graph/checks/check_util.h"
#include "graph/checks/rules.h"

namespace ortkit::graph {
namespace {

class InitializerInInputsRule final : public Rule {
 public:
  const RuleInfo& info() const override { return info_; }

  void Check(const CheckContext& context, std::vector<Finding>& findings) const override {
    // Before IR version 4 every initializer had to be a graph input; ORT only warns from 4 on.
    if (context.model.ir_version() < 4) return;
    const auto& graphs = context.index.graphs();
    for (std::size_t g = 0; g < graphs.size(); ++g) {
      std::vector<std::string> names;
      for (const onnx::ValueInfoProto& input : graphs[g].proto->input()) {
        if (graphs[g].initializers.count(input.name())) names.push_back(input.name());
      }
      if (names.empty()) continue;
      Finding f = NewFinding(info_, Severity::kWarning, "graph", context.index.GraphLocation(static_cast<int>(g)));
      f.message = CountOf(names.size(), "initializer") + (names.size() == 1 ? " is" : " are") +
                  " also listed as graph inputs: " + ListNames(names);
      f.why = "ONNX Runtime must assume a caller may feed them, so it cannot constant-fold or fuse the nodes "
              "using them (it warns \"Initializer " + names.front() +
              " appears in graph inputs and will not be treated as constant value/weight\"), and they show "
              "up as inputs of the deployed model";
      f.fix = "remove them from the graph inputs (re-export with a recent exporter, or let ortkit do it)";
      f.fix_pass = "remove-initializers-from-inputs";
      findings.push_back(std::move(f));
    }
  }

 private:
  RuleInfo info_{kInitializerInInputsId, "initializer-in-inputs",
                 "Initializers listed as graph inputs block constant folding and fusion", false};
};

}  // namespace

std::unique_ptr<Rule> MakeInitializerInInputsRule() { return std::make_unique<InitializerInInputsRule>(); }

}  // namespace ortkit::graph
