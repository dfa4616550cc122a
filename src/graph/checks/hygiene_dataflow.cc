// Rule ORTKIT011 (hygiene), dataflow part: initializers nothing reads, nodes that reach no output,
// Identity chains, and initializers holding the same bytes under different names (compared by
// their payload facts, so that check can read the model without its weights).
#include <cinttypes>
#include <cstdio>
#include <map>
#include <optional>
#include <tuple>
#include <vector>

#include "graph/checks/check_util.h"
#include "graph/checks/hygiene.h"
#include "graph/payload_strip.h"
#include "ortkit/element_type.h"

namespace ortkit::graph::hygiene {
namespace {

// Payloads below this size are left alone: exporters repeat small constants (shapes, scalars)
// everywhere, and merging them saves nothing.
constexpr std::size_t kMinDuplicateBytes = 1024;

std::string FormatBytes(uint64_t bytes) {
  char buf[32];
  if (bytes < 1024) {
    std::snprintf(buf, sizeof buf, "%" PRIu64 " B", bytes);
  } else if (bytes < 1024 * 1024) {
    std::snprintf(buf, sizeof buf, "%.1f KiB", static_cast<double>(bytes) / 1024.0);
  } else {
    std::snprintf(buf, sizeof buf, "%.1f MiB", static_cast<double>(bytes) / (1024.0 * 1024.0));
  }
  return buf;
}

// The bytes an initializer takes, as its payload facts count them (payload_strip.h): 0 for one
// whose data is external. The same on a stripped model as on the whole one.
uint64_t PayloadBytes(const onnx::TensorProto& t) {
  const std::optional<PayloadFacts> facts = PayloadFactsOf(t);
  return facts ? facts->bytes : 0;
}

}  // namespace

void CheckDataflow(const RuleInfo& info, const CheckContext& context, int g, std::vector<Finding>& findings) {
  const GraphIndex& index = context.index;
  const GraphInfo& gi = index.graphs()[static_cast<std::size_t>(g)];
  const onnx::GraphProto& graph = *gi.proto;

  std::vector<std::string> unused;
  uint64_t unused_bytes = 0;
  for (const onnx::TensorProto& t : graph.initializer()) {
    if (gi.consumers.count(t.name()) || gi.outputs.count(t.name())) continue;
    unused.push_back(t.name());
    unused_bytes += PayloadBytes(t);
  }
  if (!unused.empty()) {
    Finding f = NewFinding(info, Severity::kWarning, "graph", index.GraphLocation(g));
    f.message = CountOf(unused.size(), "initializer") + " (" + FormatBytes(unused_bytes) +
                ") that no node reads: " + ListNames(unused);
    f.why = "they make the file bigger and its loading slower for nothing";
    f.fix = "delete them";
    f.fix_pass = "remove-unused";
    findings.push_back(std::move(f));
  }

  std::vector<std::string> dead;
  for (int i = 0; i < graph.node_size(); ++i) {
    if (gi.hops_to_output[static_cast<std::size_t>(i)] < 0) dead.push_back(index.NodeLocation(g, i));
  }
  if (!dead.empty()) {
    Finding f = NewFinding(info, Severity::kWarning, "graph", index.GraphLocation(g));
    f.message = CountOf(dead.size(), "node") + " with no path to a graph output: " + ListNames(dead);
    f.why = "their work is thrown away: ONNX Runtime drops them at load, but other runtimes may run them, and they "
            "confuse every view of the graph";
    f.fix = "delete them";
    f.fix_pass = "remove-unused";
    findings.push_back(std::move(f));
  }

  std::vector<std::string> chained;
  for (int i = 0; i < graph.node_size(); ++i) {
    const onnx::NodeProto& node = graph.node(i);
    if (node.op_type() != "Identity" || node.input_size() < 1) continue;
    auto p = gi.producer.find(node.input(0));
    if (p != gi.producer.end() && graph.node(p->second).op_type() == "Identity") {
      chained.push_back(index.NodeLocation(g, i));
    }
  }
  if (!chained.empty()) {
    Finding f = NewFinding(info, Severity::kInfo, "graph", index.GraphLocation(g));
    f.message = CountOf(chained.size(), "Identity node") + " copying another Identity's output: " + ListNames(chained);
    f.why = "chains of Identity do nothing; ONNX Runtime removes them at load, but they hide the graph's structure "
            "and cost time in runtimes that do not";
    f.fix = "save the model as ONNX Runtime optimizes it (basic level), which removes them";
    f.fix_pass = "ort-optimize";
    findings.push_back(std::move(f));
  }
}

void CheckDuplicatePayloads(const RuleInfo& info, const CheckContext& context, std::vector<Finding>& findings) {
  struct Entry {
    const onnx::TensorProto* tensor;
    int graph;
  };
  // Equal values have equal keys: payload size and XXH64 (the facts, recorded while stripping for
  // the tensors check reads without their data), element type and dims. The bytes themselves are
  // not compared, since a stripped model no longer has them. Two different payloads of the same
  // size, type and shape share a key only if their 64-bit hashes collide: about n^2 / 2^65 for n
  // such tensors (3e-12 for 10,000), and a collision would cost a false info finding, nothing more.
  using Key = std::tuple<uint64_t, uint64_t, int32_t, std::vector<int64_t>>;
  std::map<Key, std::vector<Entry>> groups;
  std::vector<const Key*> order;  // keys in first-seen order: findings follow the file
  for (std::size_t g = 0; g < context.index.graphs().size(); ++g) {
    for (const onnx::TensorProto& t : context.index.graphs()[g].proto->initializer()) {
      const std::optional<PayloadFacts> facts = PayloadFactsOf(t);
      if (!facts || facts->bytes < kMinDuplicateBytes) continue;
      Key key{facts->bytes, facts->xxh64, t.data_type(), {t.dims().begin(), t.dims().end()}};
      auto [it, added] = groups.try_emplace(std::move(key));
      if (added) order.push_back(&it->first);
      it->second.push_back({&t, static_cast<int>(g)});
    }
  }
  for (const Key* key : order) {
    const std::vector<Entry>& group = groups.at(*key);
    const Entry& first = group.front();
    std::vector<std::string> names = {context.index.TensorLocation(first.graph, first.tensor->name())};
    for (std::size_t k = 1; k < group.size(); ++k) {
      const Entry& other = group[k];
      if (other.tensor->name() == first.tensor->name() && other.graph == first.graph) continue;  // same-name copies: CheckNames
      names.push_back(context.index.TensorLocation(other.graph, other.tensor->name()));
    }
    if (names.size() < 2) continue;
    const uint64_t bytes = std::get<0>(*key);
    Finding f = NewFinding(info, Severity::kInfo, "initializer", names.front());
    f.message = CountOf(names.size(), "initializer") + " hold identical data (" + FormatBytes(bytes) +
                " each): " + ListNames(names);
    f.why = "the file and the session's memory carry the same weights " + std::to_string(names.size()) +
            " times (" + FormatBytes(bytes * (names.size() - 1)) + " wasted)";
    f.fix = "keep one of them and point the nodes that read the others at it";
    findings.push_back(std::move(f));
  }
}

}  // namespace ortkit::graph::hygiene
