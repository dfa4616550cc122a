// Reducing a model to a small subgraph on which a check still fails.
#include "graph/reduce.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>

#include "graph/extract.h"
#include "ortkit/error.h"

namespace ortkit::graph {
namespace {

std::string Quoted(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "'" : ", '") + n + "'";
  return out;
}

// A candidate is the subgraph of the original model between `inputs` and `outputs`.
struct Candidate {
  std::vector<std::string> inputs, outputs;
  onnx::ModelProto model;
  std::size_t nodes() const { return static_cast<std::size_t>(model.graph().node_size()); }
};

// Graph inputs no node reads (and that are not outputs) are dropped: a check that feeds inputs
// should not have to make up values for tensors nothing uses.
void DropUnusedInputs(Candidate& c) {
  std::set<std::string> used(c.outputs.begin(), c.outputs.end());
  for (const auto& node : c.model.graph().node()) {
    for (auto& in : NodeInputs(node)) used.insert(std::move(in));
  }
  auto* inputs = c.model.mutable_graph()->mutable_input();
  inputs->erase(std::remove_if(inputs->begin(), inputs->end(),
                               [&](const onnx::ValueInfoProto& v) { return !used.count(v.name()); }),
                inputs->end());
  c.inputs.clear();
  for (const auto& v : *inputs) c.inputs.push_back(v.name());
}

class Reducer {
 public:
  Reducer(const onnx::ModelProto& model, const Checker& checker, const ReduceOptions& options, std::string label)
      : original_(model), inferred_(WithInferredShapes(model)), checker_(checker), options_(options),
        label_(std::move(label)) {}

  ReduceResult Run() {
    result_.summary.original_nodes = static_cast<std::size_t>(original_.graph().node_size());
    CheckFullModel();
    // Removing a branch can open the way for another bisection: repeat while the model shrinks.
    for (;;) {
      const auto before = std::make_pair(best_.nodes(), best_.outputs.size());
      BisectOutputs();
      BisectInputs();
      RemoveBranches();
      if (std::make_pair(best_.nodes(), best_.outputs.size()) >= before || Exhausted()) break;
    }
    result_.model = best_.model;
    ReduceSummary& summary = result_.summary;
    summary.model = label_;
    for (const auto& node : best_.model.graph().node()) {
      summary.nodes.push_back(node.op_type() + (node.name().empty() ? "" : " '" + node.name() + "'"));
    }
    for (const auto& v : best_.model.graph().input()) summary.inputs.push_back(v.name());
    summary.outputs = best_.outputs;
    return std::move(result_);
  }

 private:
  void CheckFullModel() {
    std::set<std::string> initializers;
    for (const auto& t : original_.graph().initializer()) initializers.insert(t.name());
    for (const auto& v : original_.graph().input()) {
      if (!initializers.count(v.name())) best_.inputs.push_back(v.name());
    }
    for (const auto& v : original_.graph().output()) best_.outputs.push_back(v.name());
    best_.model = original_;
    const CheckResult check = Check(best_.model);
    Record({"full", "the whole model", best_.nodes(), true, check.fails, check.detail});
    if (!check.fails) {
      throw Error(ErrorCategory::kInput, "the check passes on the full model '" + label_ + "' (" + check.detail +
                                             "): nothing to reduce; the check must fail (exit status != 0) on it");
    }
  }

  // The earliest node of the best candidate whose outputs alone still fail; `hi` == n stands for
  // the current outputs.
  void BisectOutputs() {
    const Candidate start = best_;  // cut points are positions in this candidate's nodes
    const auto& nodes = start.model.graph().node();
    std::size_t lo = 0, hi = static_cast<std::size_t>(nodes.size());
    while (lo < hi && !Exhausted()) {
      const std::size_t mid = lo + (hi - lo) / 2;
      std::vector<std::string> outputs;
      for (const auto& out : nodes[static_cast<int>(mid)].output()) {
        if (!out.empty()) outputs.push_back(out);
      }
      if (Try("outputs", "outputs " + Quoted(outputs), start.inputs, outputs, /*must_shrink=*/false)) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
  }

  // The tensors that node `j` onwards of `c` read from before it: its inputs if cut there.
  static std::vector<std::string> Frontier(const Candidate& c, std::size_t j) {
    const auto& nodes = c.model.graph().node();
    std::set<std::string> produced_after, initializers, seen;
    for (const auto& t : c.model.graph().initializer()) initializers.insert(t.name());
    for (int i = static_cast<int>(j); i < nodes.size(); ++i) {
      for (const auto& out : nodes[i].output()) produced_after.insert(out);
    }
    std::vector<std::string> frontier;
    auto add = [&](const std::string& name) {
      if (!produced_after.count(name) && !initializers.count(name) && seen.insert(name).second) frontier.push_back(name);
    };
    for (int i = static_cast<int>(j); i < nodes.size(); ++i) {
      for (const auto& in : NodeInputs(nodes[i])) add(in);
    }
    for (const auto& out : c.outputs) add(out);
    return frontier;
  }

  // The latest cut point whose crossing tensors, as graph inputs, still fail.
  void BisectInputs() {
    const std::size_t m = best_.nodes();
    if (m < 2) return;
    const Candidate start = best_;  // cut points are positions in this candidate's nodes
    std::size_t lo = 0, hi = m - 1;
    std::optional<Candidate> found;
    while (lo < hi && !Exhausted()) {
      const std::size_t mid = lo + (hi - lo + 1) / 2;
      const std::vector<std::string> inputs = Frontier(start, mid);
      if (Try("inputs", "inputs " + Quoted(inputs), inputs, start.outputs, /*must_shrink=*/false)) {
        lo = mid;
        found = best_;
      } else {
        hi = mid - 1;
      }
    }
    // Try adopts every failing candidate; the latest failing cut is the one to keep.
    best_ = found ? *found : start;
  }

  // Greedy: drop an output, or cut a branch by making one intermediate tensor an input, while the
  // check still fails on a smaller model.
  void RemoveBranches() {
    for (bool improved = true; improved && !Exhausted();) {
      improved = false;
      for (std::size_t i = 0; i < best_.outputs.size() && best_.outputs.size() > 1 && !improved; ++i) {
        std::vector<std::string> outputs = best_.outputs;
        const std::string dropped = outputs[i];
        outputs.erase(outputs.begin() + static_cast<std::ptrdiff_t>(i));
        improved = Try("branches", "drop output '" + dropped + "'", best_.inputs, outputs, /*must_shrink=*/false);
      }
      std::set<std::string> produced;
      for (const auto& node : best_.model.graph().node()) {
        for (const auto& out : node.output()) produced.insert(out);
      }
      std::vector<std::string> cuts;  // in topological order: early cuts remove the most
      for (const auto& node : best_.model.graph().node()) {
        for (const auto& in : NodeInputs(node)) {
          if (produced.count(in) && std::find(cuts.begin(), cuts.end(), in) == cuts.end()) cuts.push_back(in);
        }
      }
      for (std::size_t i = 0; i < cuts.size() && !improved && !Exhausted(); ++i) {
        std::vector<std::string> inputs = best_.inputs;
        inputs.push_back(cuts[i]);
        improved = Try("branches", "cut at '" + cuts[i] + "' (a new input)", inputs, best_.outputs, /*must_shrink=*/true);
      }
    }
  }

  // Builds and checks a candidate; when the check fails on it (and it is smaller, if asked), it
  // becomes the best candidate and true is returned.
  bool Try(const char* phase, const std::string& what, const std::vector<std::string>& inputs,
           const std::vector<std::string>& outputs, bool must_shrink) {
    Candidate candidate{inputs, outputs, {}};
    const std::string request = Quoted(inputs) + " -> " + Quoted(outputs);
    if (unbuildable_.count(request)) return false;
    try {
      candidate.model = ExtractSubgraph(inferred_, inputs, outputs, ExtractOptions{label_, false}).model;
    } catch (const Error& e) {
      unbuildable_.insert(request);
      Record({phase, what, 0, false, false, e.what()});
      return false;
    }
    DropUnusedInputs(candidate);
    if (must_shrink && candidate.nodes() >= best_.nodes()) return false;
    const std::string key = Quoted(candidate.inputs) + " -> " + Quoted(candidate.outputs);
    auto cached = seen_.find(key);
    if (cached == seen_.end()) {
      if (Exhausted()) return false;
      const CheckResult check = Check(candidate.model);
      Record({phase, what, candidate.nodes(), true, check.fails, check.detail});
      cached = seen_.emplace(key, check.fails).first;
    }
    if (!cached->second) return false;
    best_ = std::move(candidate);
    return true;
  }

  CheckResult Check(const onnx::ModelProto& model) {
    ++checks_;
    return checker_(model);
  }

  bool Exhausted() {
    if (checks_ < options_.max_steps) return false;
    result_.summary.step_limit_reached = true;
    return true;
  }

  void Record(ReduceStep step) {
    if (options_.on_step) options_.on_step(step);
    result_.summary.steps.push_back(std::move(step));
  }

  const onnx::ModelProto& original_;
  const onnx::ModelProto inferred_;
  const Checker& checker_;
  const ReduceOptions& options_;
  const std::string label_;
  Candidate best_;
  std::map<std::string, bool> seen_;  // candidate key -> the check failed
  std::set<std::string> unbuildable_;  // requests ExtractSubgraph refused
  std::size_t checks_ = 0;
  ReduceResult result_;
};

}  // namespace

ReduceResult ReduceModel(const onnx::ModelProto& model, const Checker& checker, const ReduceOptions& options,
                         const std::string& label) {
  return Reducer(model, checker, options, label).Run();
}

}  // namespace ortkit::graph
