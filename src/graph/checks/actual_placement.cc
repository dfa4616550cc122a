// Findings from ORT's own node-placement log (ReadNodePlacement).
#include "graph/checks/actual_placement.h"

#include <map>
#include <unordered_map>

#include "graph/checks/check_util.h"
#include "ortkit/error.h"
#include "ortkit/runtime.h"
#include "ortkit/session_config.h"

namespace ortkit::graph {
namespace {

constexpr const char* kCpu = "CPUExecutionProvider";

bool IsMemcpy(const NodePlacement& p) { return p.op_type == "MemcpyFromHost" || p.op_type == "MemcpyToHost"; }

std::string NodeLabel(const std::string& op_type, const std::string& node) { return op_type + " (" + node + ")"; }

// What ORT placed where: counts per provider, and the nodes that fell back to CPU.
struct PlacementSummary {
  std::map<std::string, std::size_t> per_provider;
  std::vector<std::string> on_cpu;  // "Round (mid)", when CPU is not the provider asked for
  std::size_t memcpy = 0;
};

PlacementSummary Summarize(const std::vector<NodePlacement>& placements, const std::string& wanted) {
  PlacementSummary summary;
  for (const NodePlacement& p : placements) {
    ++summary.per_provider[p.provider];
    if (IsMemcpy(p)) ++summary.memcpy;
    if (p.provider == kCpu && wanted != kCpu) summary.on_cpu.push_back(NodeLabel(p.op_type, p.node));
  }
  return summary;
}

Finding Placed(const CheckContext& context, const RuleInfo& info, const std::string& provider,
               const PlacementSummary& summary) {
  const bool fell_back = !summary.on_cpu.empty();
  Finding f = NewFinding(info, fell_back ? Severity::kWarning : Severity::kInfo, "graph",
                         context.index.GraphLocation(0));
  std::size_t total = 0;
  std::string where;
  for (const auto& [name, count] : summary.per_provider) {
    total += count;
    where += (where.empty() ? "" : ", ") + std::to_string(count) + " on " + name;
  }
  f.message = "ONNX Runtime " + OrtLibraryVersion() + " with --provider " + provider + " placed " +
              CountOf(total, "node") + " of its optimised graph: " + where;
  if (!fell_back) {
    f.why = "every node runs where asked; no copies between devices";
    f.fix = "nothing";
    return f;
  }
  f.message += "; " + CountOf(summary.on_cpu.size(), "node") + " fell back to CPU: " + ListNames(summary.on_cpu) +
               "; ORT inserted " + CountOf(summary.memcpy, "Memcpy node");
  f.why = "nodes on CPU between " + OrtProviderName(provider) +
          " nodes force a copy to host memory and back (one Memcpy node each way)";
  f.fix = "replace the fallback ops with ones " + provider + " implements, or move them to the start or end of the model";
  return f;
}

}  // namespace

std::vector<PlacementDisagreement> CompareWithTable(const CoverageResult& predicted, const onnx::GraphProto& main,
                                                    const std::vector<NodePlacement>& actual,
                                                    const std::string& ort_provider) {
  std::unordered_map<std::string, const NodePlacement*> by_name;
  for (const NodePlacement& p : actual) {
    if (!p.node.empty()) by_name.emplace(p.node, &p);
  }
  std::vector<PlacementDisagreement> out;
  for (const NodeVerdict& v : predicted.nodes) {
    const std::string& name = main.node(v.node).name();
    const auto it = name.empty() ? by_name.end() : by_name.find(name);
    if (it == by_name.end() || it->second->op_type != v.op_type) continue;
    const bool ort_takes = it->second->provider == ort_provider;
    if (ort_takes != v.taken) out.push_back({name, v.op_type, v.taken, it->second->provider});
  }
  return out;
}

void AddActualPlacementFindings(const CheckContext& context, const RuleInfo& info, const std::string& provider,
                                std::vector<Finding>& findings) {
  SessionConfig config;
  if (provider != "cpu") config.providers.push_back(ProviderConfig{provider, {}});
  config.custom_op_libraries = context.options.custom_op_libraries;
  std::vector<NodePlacement> placements;
  PlacementSummary summary;
  try {
    if (provider == "cpu") {
      // Nothing can fall back from CPU: counts do, without the naming session's temporary files.
      summary.per_provider = CountNodePlacement(context.model_path, config);
    } else {
      placements = ReadNodePlacement(context.model_path, config);
      summary = Summarize(placements, OrtProviderName(provider));
    }
  } catch (const Error& e) {
    if (e.category() == ErrorCategory::kLoad) return;  // ORTKIT010 reports why ORT refuses the model
    Finding f = NewFinding(info, Severity::kInfo, "graph", context.index.GraphLocation(0));
    f.message = "where ONNX Runtime places the nodes on " + provider + " could not be read: " + e.what();
    f.why = "the op table's prediction stands unconfirmed";
    f.fix = "nothing, or check the provider's options";
    findings.push_back(std::move(f));
    return;
  }
  findings.push_back(Placed(context, info, provider, summary));
  if (provider != "webgpu") return;  // of the providers this build runs, only WebGPU has a table

  const std::string ort_name = OrtProviderName(provider);
  const auto differences =
      CompareWithTable(AnalyzeCoverage(context.index, WebGpuOpTable()), *context.index.main().proto, placements, ort_name);
  if (differences.empty()) return;
  constexpr std::size_t kShown = 5;
  std::string notes;
  for (std::size_t i = 0; i < differences.size() && i < kShown; ++i) {
    const auto& d = differences[i];
    notes += std::string(i ? "; " : "") + "table says " + (d.table_takes ? "webgpu takes " : "webgpu lacks ") +
             NodeLabel(d.op_type, d.node) + ", ORT placed it on " + d.ort_provider;
  }
  if (differences.size() > kShown) notes += "; and " + std::to_string(differences.size() - kShown) + " more";
  Finding f = NewFinding(info, Severity::kInfo, "graph", context.index.GraphLocation(0));
  f.message = "the webgpu op table and ONNX Runtime disagree on " + CountOf(differences.size(), "node") + ": " + notes;
  f.why = "ORT also moves shape computations to CPU on purpose (GetCpuPreferredNodes), and kernels have type "
          "limits the table does not list; ORT's placement is the one that counts on this build";
  f.fix = "trust the placement ORT reports; if the table is wrong for this ORT version, update "
          "src/graph/checks/provider_ops/webgpu_ops.cc";
  findings.push_back(std::move(f));
}

}  // namespace ortkit::graph
