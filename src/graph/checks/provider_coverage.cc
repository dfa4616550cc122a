// Rule ORTKIT009 (provider-coverage): per --target, the nodes the provider's op table says it
// takes, the partitions ORT would form, the CPU fallbacks; per usable --provider, ORT's own
// placement.
#include "graph/checks/provider_coverage.h"

#include <algorithm>
#include <map>
#include <optional>

#include <fmt/format.h>

#include "graph/checks/actual_placement.h"
#include "graph/checks/check_util.h"
#include "graph/checks/coverage_analysis.h"
#include "graph/checks/partitioned_graph.h"
#include "graph/checks/rules.h"
#include "ortkit/runtime.h"
#include "ortkit/session_config.h"

namespace ortkit::graph {
namespace {


class ProviderCoverageRule final : public Rule {
 public:
  const RuleInfo& info() const override { return info_; }

  void Check(const CheckContext& context, std::vector<Finding>& findings) const override {
    // Built once for every target: ORT's basic optimisations do not depend on the provider. The
    // engine files a crash of ORT under ORTKIT010 before any rule runs.
    std::optional<PartitionedGraph> graph;
    for (const std::string& target : context.options.targets) {
      const ProviderOpTable* table = FindProviderOpTable(target);
      if (!table) {
        findings.push_back(UnknownTarget(target));
        continue;
      }
      if (!graph) graph = PartitionedGraph::Build(context, HasFinding(findings, kOrtLoadId, ""));
      const CoverageResult coverage = AnalyzeCoverage(*graph, *table);
      findings.push_back(Summary(context, *graph, coverage));
      AddFallbackOps(coverage, findings);
    }
    if (!context.options.use_ort) return;
    for (const std::string& name : context.options.providers) {
      const auto provider = CanonicalProviderName(name);
      if (provider && ProviderUsable(*provider)) AddActualPlacementFindings(context, info_, *provider, findings);
    }
  }

 private:
  Finding UnknownTarget(const std::string& target) const {
    Finding f = NewFinding(info_, Severity::kError, "model", "");
    f.message = "unknown --target " + Quoted(target) + "; ortkit has op tables for " + fmt::format("{}", fmt::join(KnownTargets(), ", "));
    f.why = "provider coverage needs the provider's table of supported ops";
    f.fix = "use one of the known targets";
    return f;
  }

  Finding Summary(const CheckContext& context, const PartitionedGraph& graph, const CoverageResult& c) const {
    const ProviderOpTable& t = *c.table;
    const std::string target = t.target;
    const std::size_t total = c.nodes.size();
    Finding f = NewFinding(info_, c.fallbacks() == 0 ? Severity::kInfo : Severity::kWarning, "graph",
                           context.index.GraphLocation(0));
    const std::string partitions = CountOf(c.partitions, "partition");
    // Which graph was counted, said in the message (the JSON has no field of its own for it).
    const std::string counted = "; " + graph.Description();
    const std::string graph_why =
        graph.source() == CountedGraph::kOrtBasic
            ? "counted on the graph ONNX Runtime partitions: it turns Constant nodes into initializers, folds "
              "constant subgraphs and removes redundant nodes (its basic optimisations) before any provider sees "
              "the graph"
            : "counted on the file's graph (" + graph.why_file() + "): ONNX Runtime turns Constant nodes into "
              "initializers, so they are left out, but it would also fold constant subgraphs, remove Identity "
              "and Dropout nodes and fuse some (BatchNormalization into Conv, MatMul and Add into Gemm) before "
              "partitioning, so these counts may be high";
    if (total == 0) {
      f.message = target + " has no node to take" + counted;
      f.why = "every output is a constant or a graph input once constants are folded: nothing runs on any provider";
      f.fix = "nothing, unless the model was meant to compute something (check the export)";
      return f;
    }
    if (c.fallbacks() == 0) {
      f.message = target + " takes all " + CountOf(total, "node") + " per its op table, in " + partitions + counted;
      f.why = "the whole model runs on " + target + " with no hand-over to the CPU provider (table: " + t.source +
              "); " + graph_why;
      f.fix = "nothing; confirm on a device, as the table does not check every condition (notes such as \"only 2D\")";
      return f;
    }
    std::vector<std::string> ops;
    for (std::size_t i = 0; i < c.fallback_ops.size() && i < 5; ++i) {
      ops.push_back(c.fallback_ops[i].first + " x" + std::to_string(c.fallback_ops[i].second));
    }
    if (c.fallback_ops.size() > 5) ops.push_back("and " + CountOf(c.fallback_ops.size() - 5, "more op type"));
    if (c.taken == 0) {
      f.message = target + " takes none of the " + CountOf(total, "node") + " per its op table; all fall back to CPU (" +
                  fmt::format("{}", fmt::join(ops, ", ")) + ")" + counted;
    } else {
      f.message = target + " takes " + std::to_string(c.taken) + " of " + CountOf(total, "node") +
                  " per its op table, in " + partitions + "; " + CountOf(c.fallbacks(), "node") +
                  (c.fallbacks() == 1 ? " falls" : " fall") + " back to CPU (" + fmt::format("{}", fmt::join(ops, ", ")) + "); " +
                  CountOf(c.boundary_tensors, "tensor") + (c.boundary_tensors == 1 ? " crosses" : " cross") +
                  " between " + target + " and CPU" +
                  (t.gpu_memory ? ", each a Memcpy node ORT inserts" : ", each a hand-over between partitions") +
                  counted;
    }
    f.why = std::string("every partition boundary costs a ") +
            (t.gpu_memory ? "copy between device and host memory" : "separate model invocation on " + target) +
            "; many small partitions can be slower than CPU alone (table: " + t.source + "); " + graph_why;
    f.fix = "replace or remove the fallback ops (see the node findings), or move them to the start or end of the "
            "model so the rest forms one partition";
    return f;
  }

  void AddFallbackOps(const CoverageResult& c, std::vector<Finding>& findings) const {
    std::map<std::string, std::vector<const NodeVerdict*>> by_op;
    for (const NodeVerdict& v : c.nodes) {
      if (!v.taken) by_op[v.op_type].push_back(&v);
    }
    for (const auto& [op, nodes] : by_op) {
      std::vector<std::string> names, reasons;
      for (const NodeVerdict* v : nodes) {
        names.push_back(v->location);
        if (std::find(reasons.begin(), reasons.end(), v->reason) == reasons.end()) reasons.push_back(v->reason);
      }
      Finding f = NewFinding(info_, Severity::kInfo, "node", nodes.front()->location);
      f.op_type = op;
      std::string why_not;
      for (const std::string& reason : reasons) why_not += (why_not.empty() ? "" : "; ") + reason;
      f.message = op + ": " + CountOf(nodes.size(), "node") + " fall" + (nodes.size() == 1 ? "s" : "") +
                  " back to CPU on " + c.table->target + " (" + ListNames(names) + "): " + why_not;
      f.why = "a node the provider does not take runs on the CPU provider, splitting the partitions around it";
      f.fix = "express it with ops " + std::string(c.table->target) + " takes, or move it out of the model's hot path";
      findings.push_back(std::move(f));
    }
  }

  RuleInfo info_{"ORTKIT009", "provider-coverage",
                 "Nodes each --target provider takes per its op table, partitions and CPU fallbacks; ORT's actual "
                 "placement for the providers this build runs",
                 false};
};

}  // namespace

std::unique_ptr<Rule> MakeProviderCoverageRule() { return std::make_unique<ProviderCoverageRule>(); }

}  // namespace ortkit::graph
