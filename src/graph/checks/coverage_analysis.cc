// AnalyzeCoverage: the op-table verdict per node, then ORT's partition grouping over the verdicts.
#include "graph/checks/coverage_analysis.h"

#include <algorithm>
#include <deque>
#include <iterator>
#include <map>
#include <set>
#include <string_view>

#include "graph/checks/check_util.h"

namespace ortkit::graph {
namespace {

// Element type names for messages, in onnx.proto order.
const char* const kTypeNames[] = {"undefined", "float32", "uint8",   "int8",      "uint16",    "int16",
                                  "int32",     "int64",   "string",  "bool",      "float16",   "float64",
                                  "uint32",    "uint64",  "complex64", "complex128", "bfloat16"};

std::string TypeName(int type) {
  return type >= 0 && type < static_cast<int>(std::size(kTypeNames)) ? kTypeNames[type]
                                                                     : "type " + std::to_string(type);
}

bool InList(std::string_view list, const std::string& op) {  // "Conv|MaxPool"
  while (!list.empty()) {
    const auto bar = list.find('|');
    if (list.substr(0, bar) == op) return true;
    if (bar == std::string_view::npos) break;
    list.remove_prefix(bar + 1);
  }
  return false;
}

// The since-version ORT matches kernels and builders by: the op's schema at the imported opset.
// Ops without an ONNX schema (ORT's contrib domains) are matched at their domain's opset.
int SinceVersion(const GraphIndex& index, const onnx::NodeProto& node) {
  if (const onnx::OpSchema* schema = FindSchema(index, node)) return schema->since_version();
  return static_cast<int>(index.Opset(CanonicalDomain(node.domain())).value_or(1));
}

// Empty when the node meets `entry`'s type and shape conditions; else why not.
std::string UnmetCondition(const GraphIndex& index, const onnx::NodeProto& node, const ProviderOpTable& table,
                           const OpSupport& entry) {
  const onnx::TypeProto* type0 = node.input_size() > 0 ? index.TypeOf(0, node.input(0)) : nullptr;
  if (type0 && type0->has_tensor_type() && type0->tensor_type().elem_type() > 0 &&
      type0->tensor_type().elem_type() < 32) {
    const int elem = type0->tensor_type().elem_type();
    if (table.excluded_types & Type(elem)) {
      return "input 0 is " + TypeName(elem) + " (" + table.target + " has no " + TypeName(elem) + " kernels)";
    }
    if (entry.input0_types != 0 && !(entry.input0_types & Type(elem))) {
      return "input 0 is " + TypeName(elem) + " (it takes " + TypeSetNames(entry.input0_types) + ")";
    }
  }
  if (entry.static_shapes) {
    for (const std::string& input : node.input()) {
      if (input.empty()) continue;
      const onnx::TypeProto* type = index.TypeOf(0, input);
      // Worded without the tensor, so nodes failing alike share one reason in the findings.
      if (!type || !type->has_tensor_type() || !type->tensor_type().has_shape()) {
        return "an input's shape is unknown (it needs static shapes)";
      }
      for (const auto& dim : type->tensor_type().shape().dim()) {
        if (!dim.has_dim_value()) {
          return dim.has_dim_param() ? "dimension '" + dim.dim_param() + "' is free (it needs static shapes)"
                                     : "an input has a free dimension (it needs static shapes)";
        }
      }
    }
  }
  return "";
}

NodeVerdict Judge(const GraphIndex& index, const ProviderOpTable& table, int n,
                  const std::vector<NodeVerdict>& judged, const std::vector<int>& verdict_of) {
  const onnx::NodeProto& node = index.main().proto->node(n);
  NodeVerdict v{n, index.NodeLocation(0, n), node.op_type(), CanonicalDomain(node.domain()), false, ""};
  const int since = SinceVersion(index, node);
  std::string range_miss;
  for (std::size_t i = 0; i < table.op_count; ++i) {
    const OpSupport& entry = table.ops[i];
    if (entry.op != node.op_type() || entry.domain != v.domain) continue;
    if (since < entry.since_min || since > entry.since_max) {
      range_miss = "its since-version " + std::to_string(since) + " is outside " + std::to_string(entry.since_min) +
                   (entry.since_max == kAnyLater ? "+" : "-" + std::to_string(entry.since_max));
      continue;
    }
    v.reason = UnmetCondition(index, node, table, entry);
    if (!v.reason.empty()) return v;
    if (*entry.fuses_after) {
      const auto producer = node.input_size() > 0 ? index.main().producer.find(node.input(0))
                                                  : index.main().producer.end();
      const bool fused = producer != index.main().producer.end() && verdict_of[producer->second] >= 0 &&
                         judged[verdict_of[producer->second]].taken &&
                         InList(entry.fuses_after, index.main().proto->node(producer->second).op_type());
      if (!fused) {
        v.reason = std::string("taken only when fused into a ") + entry.fuses_after + " it takes";
        return v;
      }
    }
    v.taken = true;
    v.reason = entry.note;
    return v;
  }
  v.reason = range_miss.empty() ? "no kernel for " + DomainLabel(v.domain) + ":" + node.op_type() : range_miss;
  return v;
}

// Models ORT's CreateSupportedPartitionNodeGroups (partitioning_utils.cc): walk the graph in
// topological order taking every ready supported node into the current group; when only
// unsupported nodes are ready, close the group and process those. Returns the group count.
std::size_t CountPartitions(const GraphIndex& index, const std::vector<bool>& taken) {
  const GraphInfo& g = index.main();
  const int count = g.proto->node_size();
  std::vector<std::set<int>> consumers(count);
  std::vector<int> pending(count, 0);
  for (int n = 0; n < count; ++n) {
    std::set<int> producers;
    for (const std::string& input : g.proto->node(n).input()) {
      const auto it = g.producer.find(input);
      if (it != g.producer.end() && it->second != n) producers.insert(it->second);
    }
    for (int p : producers) consumers[p].insert(n);
    pending[n] = static_cast<int>(producers.size());
  }
  std::deque<int> ready_taken, ready_other;
  auto make_ready = [&](int n) { (taken[n] ? ready_taken : ready_other).push_back(n); };
  for (int n = 0; n < count; ++n) {
    if (pending[n] == 0) make_ready(n);
  }
  auto release = [&](int n) {
    for (int c : consumers[n]) {
      if (--pending[c] == 0) make_ready(c);
    }
  };
  std::size_t groups = 0;
  while (!ready_taken.empty() || !ready_other.empty()) {
    if (!ready_taken.empty()) {
      while (!ready_taken.empty()) {
        const int n = ready_taken.front();
        ready_taken.pop_front();
        release(n);
      }
      ++groups;
    }
    while (!ready_other.empty()) {
      const int n = ready_other.front();
      ready_other.pop_front();
      release(n);
    }
  }
  return groups;
}

}  // namespace

std::string TypeSetNames(TypeSet types) {
  std::string out;
  for (int t = 0; t < 32; ++t) {
    if (types & Type(t)) out += (out.empty() ? "" : ", ") + TypeName(t);
  }
  return out;
}

CoverageResult AnalyzeCoverage(const GraphIndex& index, const ProviderOpTable& table) {
  CoverageResult result;
  result.table = &table;
  const GraphInfo& g = index.main();
  std::vector<int> verdict_of(g.proto->node_size(), -1);
  for (int n : g.topological_order) {
    verdict_of[n] = static_cast<int>(result.nodes.size());
    result.nodes.push_back(Judge(index, table, n, result.nodes, verdict_of));
  }
  std::vector<bool> taken(g.proto->node_size(), false);
  std::map<std::string, std::size_t> fallback_counts;
  for (const NodeVerdict& v : result.nodes) {
    taken[v.node] = v.taken;
    if (v.taken) {
      ++result.taken;
    } else {
      ++fallback_counts[v.op_type];
    }
  }
  result.partitions = CountPartitions(index, taken);
  // Each tensor crossing between the provider and CPU, once per direction it crosses.
  for (const NodeVerdict& v : result.nodes) {
    for (const std::string& output : g.proto->node(v.node).output()) {
      const auto it = g.consumers.find(output);
      if (output.empty() || it == g.consumers.end()) continue;
      if (std::any_of(it->second.begin(), it->second.end(), [&](int c) { return taken[c] != v.taken; })) {
        ++result.boundary_tensors;
      }
    }
  }
  result.fallback_ops.assign(fallback_counts.begin(), fallback_counts.end());
  std::stable_sort(result.fallback_ops.begin(), result.fallback_ops.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  return result;
}

CoverageResult AnalyzeCoverage(const PartitionedGraph& graph, const ProviderOpTable& table) {
  CoverageResult result = AnalyzeCoverage(graph.index(), table);
  for (NodeVerdict& v : result.nodes) v.location = graph.Location(v.node);
  return result;
}

}  // namespace ortkit::graph
