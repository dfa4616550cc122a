#include "view/overlays.h"

#include <algorithm>
#include <deque>
#include <optional>
#include <unordered_map>
#include <unordered_set>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "graph/checks/coverage_analysis.h"
#include "graph/checks/provider_ops/op_table.h"
#include "graph/checks/rules.h"
#include "ortkit/error.h"

namespace ortkit::view {

namespace {

// POSIX shell words as core::ShellLine writes them: bare words, and '...' with '\'' for a quote.
std::vector<std::string> ShellWords(const std::string& line) {
  std::vector<std::string> words;
  std::string word;
  bool in_word = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (c == '\'') {
      const std::size_t close = line.find('\'', i + 1);
      if (close == std::string::npos) break;
      word += line.substr(i + 1, close - i - 1);
      i = close;
      in_word = true;
    } else if (c == '\\' && i + 1 < line.size()) {
      word += line[++i];
      in_word = true;
    } else if (c == ' ') {
      if (in_word) words.push_back(word);
      word.clear();
      in_word = false;
    } else {
      word += c;
      in_word = true;
    }
  }
  if (in_word) words.push_back(word);
  return words;
}

std::unordered_map<std::string, std::size_t> MainNodesByLocation(const GraphView& view) {
  std::unordered_map<std::string, std::size_t> nodes;
  for (std::size_t i = 0; i < view.nodes.size(); ++i) {
    if (view.nodes[i].kind == NodeKind::kOp) nodes.emplace(view.nodes[i].location, i);
  }
  return nodes;
}

// Named main-graph nodes by name, as ORT's profile and node memory statistics name them; subgraph
// kernels run inside their owner's. A repeated name keeps its first node.
std::unordered_map<std::string, std::size_t> MainNodesByName(const GraphView& view) {
  std::unordered_map<std::string, std::size_t> nodes;
  for (std::size_t n = 0; n < view.nodes.size(); ++n) {
    const ViewNode& node = view.nodes[n];
    if (node.kind == NodeKind::kOp && node.graph == 0 && !node.name.empty()) nodes.emplace(node.name, n);
  }
  return nodes;
}

// Whether ORTKIT007's message names this node among the flagged ones: "...: A (TopK), B (NonZero)".
bool NamedInMessage(const std::string& message, const ViewNode& node) {
  const std::string entry = node.location + " (" + node.op_type + ")";
  for (std::size_t at = message.find(entry); at != std::string::npos; at = message.find(entry, at + 1)) {
    const bool starts = at >= 2 && (message.compare(at - 2, 2, ": ") == 0 || message.compare(at - 2, 2, ", ") == 0);
    const std::size_t end = at + entry.size();
    const bool ends = end == message.size() || message[end] == ',' || message.compare(end, 5, " and ") == 0;
    if (starts && ends) return true;
  }
  return false;
}

// The post-processing tail as the rule defines it: the flagged nodes and everything downstream;
// the cut edges carry the cut tensors into it.
void MarkPostProcessing(GraphView& view, const Finding& finding, std::optional<std::size_t> located) {
  std::vector<std::vector<std::size_t>> out_edges(view.nodes.size());
  for (std::size_t e = 0; e < view.edges.size(); ++e) out_edges[view.edges[e].from].push_back(e);
  std::vector<bool> tail(view.nodes.size(), false);
  std::deque<std::size_t> queue;
  auto visit = [&](std::size_t n) {
    if (tail[n] || view.nodes[n].kind != NodeKind::kOp) return;
    tail[n] = true;
    queue.push_back(n);
  };
  if (located) visit(*located);
  for (std::size_t n = 0; n < view.nodes.size(); ++n) {
    const ViewNode& node = view.nodes[n];
    if (node.kind == NodeKind::kOp && node.graph == 0 && NamedInMessage(finding.message, node)) visit(n);
  }
  while (!queue.empty()) {
    const std::size_t n = queue.front();
    queue.pop_front();
    for (std::size_t e : out_edges[n]) visit(view.edges[e].to);
  }
  const std::unordered_set<std::string> cut(view.post_processing_cut.begin(), view.post_processing_cut.end());
  for (ViewEdge& edge : view.edges) {
    edge.post_processing_cut = cut.count(edge.tensor) && !tail[edge.from] && tail[edge.to];
  }
  for (std::size_t n = 0; n < view.nodes.size(); ++n) {
    if (tail[n]) view.nodes[n].post_processing = true;
  }
}

}  // namespace

std::vector<std::string> CutTensorsOf(const Finding& finding) {
  const std::vector<std::string> words = ShellWords(finding.command);
  for (std::size_t i = 0; i + 1 < words.size(); ++i) {
    if (words[i] != "--outputs") continue;
    std::vector<std::string> tensors;
    std::size_t at = 0;
    const std::string& list = words[i + 1];
    while (at <= list.size()) {
      const std::size_t comma = std::min(list.find(',', at), list.size());
      if (comma > at) tensors.push_back(list.substr(at, comma - at));
      at = comma + 1;
    }
    return tensors;
  }
  return {};
}

void AddFindings(GraphView& view, const LoadedGraph& graph, std::vector<Finding> findings) {
  const auto nodes = MainNodesByLocation(view);
  // Tensor locations ("x", "loop_1/body/x") -> the node writing or else first reading it.
  std::unordered_map<std::string, std::size_t> tensors;
  for (std::size_t n = 0; n < view.nodes.size(); ++n) {
    const ViewNode& node = view.nodes[n];
    for (const ViewValue& out : node.outputs) {
      if (!out.name.empty()) tensors[graph.index->TensorLocation(node.graph, out.name)] = n;
    }
  }
  for (std::size_t n = 0; n < view.nodes.size(); ++n) {
    const ViewNode& node = view.nodes[n];
    for (const ViewValue& in : node.inputs) {
      if (!in.name.empty()) tensors.emplace(graph.index->TensorLocation(node.graph, in.name), n);
    }
  }
  view.findings = std::move(findings);
  view.overlays.findings = true;
  for (std::size_t f = 0; f < view.findings.size(); ++f) {
    const Finding& finding = view.findings[f];
    std::optional<std::size_t> at;
    if (finding.location_kind == "node") {
      if (auto it = nodes.find(finding.location); it != nodes.end()) at = it->second;
    } else if (finding.location_kind != "model" && finding.location_kind != "graph") {
      if (auto it = tensors.find(finding.location); it != tensors.end()) at = it->second;
    }
    if (at) {
      view.nodes[*at].findings.push_back(f);
    } else {
      view.model_findings.push_back(f);
    }
    if (finding.rule_id == graph::kPostProcessingId) {
      view.post_processing_cut = CutTensorsOf(finding);
      MarkPostProcessing(view, finding, at);
      view.overlays.post_processing = true;
    }
  }
}

void AddPlacement(GraphView& view, const LoadedGraph& graph, const std::string& target) {
  const graph::ProviderOpTable* table = graph::FindProviderOpTable(target);
  if (table == nullptr) {
    throw Error(ErrorCategory::kConfig, fmt::format("unknown provider '{}' for the placement overlay; ortkit has op tables for {}",
                                                    target, fmt::join(graph::KnownTargets(), ", ")));
  }
  const graph::CoverageResult coverage = graph::AnalyzeCoverage(*graph.index, *table);
  std::unordered_map<int, std::size_t> main_nodes;  // main-graph node index -> view node
  for (std::size_t n = 0; n < view.nodes.size(); ++n) {
    if (view.nodes[n].kind == NodeKind::kOp && view.nodes[n].graph == 0) main_nodes[view.nodes[n].index] = n;
  }
  for (const graph::NodeVerdict& verdict : coverage.nodes) {
    auto it = main_nodes.find(verdict.node);
    if (it != main_nodes.end()) view.nodes[it->second].placement = NodePlacement{verdict.taken, verdict.reason};
  }
  for (ViewEdge& edge : view.edges) {
    const auto& a = view.nodes[edge.from].placement;
    const auto& b = view.nodes[edge.to].placement;
    edge.placement_crossing = a && b && a->taken != b->taken;
  }
  view.overlays.placement_provider = table->target;
}

void AddProfile(GraphView& view, const profile::ProfileTrace& trace) {
  const auto by_name = MainNodesByName(view);
  double total = 0;
  double unmatched = 0;
  for (const profile::KernelEvent& kernel : trace.kernels) {
    const double us = static_cast<double>(kernel.dur_us);
    total += us;
    auto it = by_name.find(kernel.node);
    if (it == by_name.end()) {
      unmatched += us;
      continue;
    }
    auto& time = view.nodes[it->second].time_us;
    time = time.value_or(0) + us;
  }
  view.overlays.time = true;
  view.overlays.total_kernel_us = total;
  view.overlays.unmatched_kernel_us = unmatched;
  view.overlays.profile_source = trace.source;
}

void AddNodeMemory(GraphView& view, const std::vector<profile::NodeMemory>& nodes, const std::string& source) {
  const auto by_name = MainNodesByName(view);
  OverlayState& state = view.overlays;
  state.total_allocated_bytes = 0;
  state.unmatched_allocated_bytes = 0;
  for (const profile::NodeMemory& line : nodes) {
    state.total_allocated_bytes += line.allocated_bytes();
    auto it = by_name.find(line.node);
    if (it == by_name.end()) {
      state.unmatched_allocated_bytes += line.allocated_bytes();
      continue;
    }
    std::optional<NodeMemoryFigures>& figures = view.nodes[it->second].memory;
    if (!figures) figures.emplace();
    figures->output_bytes += line.output_bytes;
    figures->temp_bytes += line.temp_bytes;
    figures->input_bytes += line.input_bytes;
    figures->initializer_bytes += line.initializer_bytes;
  }
  state.max_allocated_bytes = 0;
  for (const ViewNode& node : view.nodes) {
    if (node.memory) state.max_allocated_bytes = std::max(state.max_allocated_bytes, node.memory->allocated_bytes());
  }
  state.memory = true;
  state.memory_source = source;
}

void AddStaticCost(GraphView& view, const std::map<std::string, NodeCostFigures>& by_location) {
  for (ViewNode& node : view.nodes) {
    if (node.kind != NodeKind::kOp) continue;
    auto it = by_location.find(node.location);
    if (it != by_location.end()) node.cost = it->second;
  }
  view.overlays.cost = true;
}

void AddModelCost(GraphView& view, const graph::ModelCost& cost) {
  std::unordered_map<std::size_t, const graph::NodeCost*> by_index;
  for (const graph::NodeCost& c : cost.nodes) by_index.emplace(c.index, &c);
  std::map<std::string, NodeCostFigures> by_location;
  for (const ViewNode& node : view.nodes) {
    if (node.kind != NodeKind::kOp || node.graph != 0 || node.index < 0) continue;
    const auto it = by_index.find(static_cast<std::size_t>(node.index));
    if (it == by_index.end()) continue;
    const graph::NodeCost& c = *it->second;
    NodeCostFigures figures;
    if (c.flops) figures.flops = static_cast<double>(*c.flops);
    if (c.param_bytes) figures.parameter_bytes = static_cast<double>(*c.param_bytes);
    if (c.activation_bytes_read && c.activation_bytes_written) {
      figures.activation_bytes = static_cast<double>(*c.activation_bytes_read + *c.activation_bytes_written);
    }
    by_location.emplace(node.location, figures);
  }
  AddStaticCost(view, by_location);
}

}  // namespace ortkit::view
