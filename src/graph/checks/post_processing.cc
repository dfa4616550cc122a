// Rule ORTKIT007 (post-processing): NonZero, NonMaxSuppression, TopK, ScatterND, Loop or Unique
// within a few nodes of the main graph's outputs, with the tensors to cut the graph at so the
// backbone runs on an accelerator and the post-processing in application code.
#include <deque>
#include <set>
#include <unordered_set>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "core/shell_words.h"
#include "graph/checks/check_util.h"
#include "graph/checks/rules.h"

namespace ortkit::graph {
namespace {

// Ops with data-dependent output shapes or control flow: accelerators rarely take them.
const std::set<std::string> kPostProcessingOps = {"NonZero", "NonMaxSuppression", "TopK", "ScatterND", "Loop", "Unique"};
// "Near the outputs": at most this many nodes between the op and a graph output.
constexpr int kMaxHops = 3;

class PostProcessingRule final : public Rule {
 public:
  const RuleInfo& info() const override { return info_; }

  void Check(const CheckContext& context, std::vector<Finding>& findings) const override {
    const GraphInfo& info = context.index.main();
    const onnx::GraphProto& graph = *info.proto;
    std::vector<int> flagged;
    for (int i = 0; i < graph.node_size(); ++i) {
      const int hops = info.hops_to_output[static_cast<std::size_t>(i)];
      if (CanonicalDomain(graph.node(i).domain()).empty() && kPostProcessingOps.count(graph.node(i).op_type()) &&
          hops >= 0 && hops <= kMaxHops) {
        flagged.push_back(i);
      }
    }
    if (flagged.empty()) return;

    // The tail to cut off: the flagged nodes and everything downstream of them.
    std::vector<bool> in_tail(static_cast<std::size_t>(graph.node_size()), false);
    std::deque<int> queue(flagged.begin(), flagged.end());
    for (int i : flagged) in_tail[static_cast<std::size_t>(i)] = true;
    while (!queue.empty()) {
      const int i = queue.front();
      queue.pop_front();
      for (const std::string& out : graph.node(i).output()) {
        auto it = info.consumers.find(out);
        if (it == info.consumers.end()) continue;
        for (int c : it->second) {
          if (!in_tail[static_cast<std::size_t>(c)]) {
            in_tail[static_cast<std::size_t>(c)] = true;
            queue.push_back(c);
          }
        }
      }
    }
    // The cut: tensors the tail reads from the backbone (not constants, not graph inputs).
    std::vector<std::string> cut;
    std::unordered_set<std::string> seen;
    for (int i = 0; i < graph.node_size(); ++i) {
      if (!in_tail[static_cast<std::size_t>(i)]) continue;
      std::vector<std::string> reads(graph.node(i).input().begin(), graph.node(i).input().end());
      const auto& implicit = info.implicit_inputs[static_cast<std::size_t>(i)];
      reads.insert(reads.end(), implicit.begin(), implicit.end());
      for (const std::string& name : reads) {
        auto p = info.producer.find(name);
        if (name.empty() || p == info.producer.end() || in_tail[static_cast<std::size_t>(p->second)] ||
            graph.node(p->second).op_type() == "Constant" || !seen.insert(name).second) {
          continue;
        }
        cut.push_back(name);
      }
    }

    std::vector<std::string> names;
    for (int i : flagged) names.push_back(context.index.NodeLocation(0, i) + " (" + graph.node(i).op_type() + ")");
    Finding f = NewFinding(info_, Severity::kInfo, "node", context.index.NodeLocation(0, flagged.front()));
    if (flagged.size() == 1) f.op_type = graph.node(flagged.front()).op_type();
    f.message = "post-processing inside the graph, within " + std::to_string(kMaxHops) +
                " nodes of the outputs: " + ListNames(names);
    f.why = "these ops have data-dependent shapes or control flow, which GPU, NPU and mobile providers (TensorRT, "
            "CoreML, NNAPI, WebGPU) do not take: ONNX Runtime splits the graph and copies tensors back to the CPU "
            "for them, and the whole model cannot be compiled for the accelerator";
    if (cut.empty()) {
      f.fix = "move the post-processing into application code and re-export without it";
    } else {
      f.command = core::ShellLine(
          {"ortkit", "extract", context.model_path, "-o", "backbone.onnx", "--outputs", fmt::format("{}", fmt::join(cut, ","))});
      f.fix = "cut the graph before it (`" + f.command +
              "`) so the backbone runs on the accelerator, and do the post-processing in application code";
    }
    findings.push_back(std::move(f));
  }

 private:
  RuleInfo info_{kPostProcessingId, "post-processing",
                 "Post-processing ops near the outputs (NonZero, NMS, TopK, ...): where to cut the graph", false};
};

}  // namespace

std::unique_ptr<Rule> MakePostProcessingRule() { return std::make_unique<PostProcessingRule>(); }

}  // namespace ortkit::graph
