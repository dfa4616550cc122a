// Pass remove-initializers-from-inputs: graph inputs that are also initializers stop being inputs.
//
// Exporters (older PyTorch, some converters) list every weight as a graph input too. ONNX Runtime
// must then treat the weights as overridable at run time, so it cannot constant-fold anything
// that depends on them, and tools show dozens of "inputs" that are really weights. Since IR
// version 4 an initializer need not be an input; removing it from the inputs keeps its value.
#include <set>

#include "graph/fixes/graph_walk.h"
#include "graph/fixes/pass.h"

namespace ortkit::graph {
namespace {

using namespace fixes;  // the helpers all passes share (graph_walk.h, float64_values.h)

// IR version 4 is the first that lets initializers stay out of the inputs; it changed nothing else.
constexpr int64_t kFirstIrWithoutInputInitializers = 4;

class RemoveInitializersFromInputs : public FixPass {
 public:
  const FixPassInfo& info() const override {
    static const FixPassInfo kInfo{
        "remove-initializers-from-inputs",
        "Stop listing initializers (weights) as graph inputs, in the main graph and subgraphs, so ORT "
        "can fold constants",
        true};
    return kInfo;
  }

  FixChanges Apply(onnx::ModelProto& model, const FixOptions&) const override {
    FixChanges changes;
    changes.Add("inputs_removed", "graph inputs removed", 0);
    ForEachGraph(*model.mutable_graph(), [&](onnx::GraphProto& graph, const std::string& where) {
      std::set<std::string> initializers;
      for (const auto& t : graph.initializer()) initializers.insert(t.name());
      google::protobuf::RepeatedPtrField<onnx::ValueInfoProto> kept;
      for (auto& input : *graph.mutable_input()) {
        if (!initializers.count(input.name())) {
          *kept.Add() = std::move(input);
          continue;
        }
        changes.Add("inputs_removed", "graph inputs removed");
        changes.details.push_back((where.empty() ? "graph input '" : where + ": subgraph input '") +
                                  input.name() + "' removed: it is an initializer");
      }
      graph.mutable_input()->Swap(&kept);
    });
    if (changes.changed() && model.ir_version() < kFirstIrWithoutInputInitializers) {
      changes.details.push_back("IR version raised from " + std::to_string(model.ir_version()) + " to " +
                                std::to_string(kFirstIrWithoutInputInitializers) +
                                ": older versions require every initializer to be an input");
      model.set_ir_version(kFirstIrWithoutInputInitializers);
    }
    return changes;
  }
};

}  // namespace

std::unique_ptr<FixPass> MakeRemoveInitializersFromInputsPass() {
  return std::make_unique<RemoveInitializersFromInputs>();
}

}  // namespace ortkit::graph
