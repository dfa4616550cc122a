// Rule ORTKIT011 (hygiene), dataflow part: initializers nothing reads, nodes that reach no output,
// Identity chains, and initializers holding the same bytes under different names.
#include <cinttypes>
#include <cstdio>
#include <functional>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "graph/checks/check_util.h"
#include "graph/checks/hygiene.h"
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

bool IsExternal(const onnx::TensorProto& t) { return t.data_location() == onnx::TensorProto::EXTERNAL; }

// The bytes that identify a tensor's value. Raw data is viewed in place; typed fields (float_data,
// ...) are serialized into `scratch` with the name cleared, since only the value matters.
std::string_view Payload(const onnx::TensorProto& t, std::string& scratch) {
  if (t.has_raw_data()) return t.raw_data();
  onnx::TensorProto copy = t;
  copy.clear_name();
  copy.clear_doc_string();
  scratch = copy.SerializeAsString();
  return scratch;
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
    std::string scratch;
    unused_bytes += IsExternal(t) ? 0 : Payload(t, scratch).size();
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
    std::string scratch;  // typed-field payloads only
  };
  std::vector<Entry> entries;
  for (std::size_t g = 0; g < context.index.graphs().size(); ++g) {
    for (const onnx::TensorProto& t : context.index.graphs()[g].proto->initializer()) {
      if (!IsExternal(t)) entries.push_back({&t, static_cast<int>(g), {}});
    }
  }
  // Group by a hash of type, shape and bytes; equal hashes are confirmed by comparing the bytes.
  std::unordered_map<std::size_t, std::vector<std::size_t>> buckets;
  std::vector<std::size_t> order;
  for (std::size_t e = 0; e < entries.size(); ++e) {
    const onnx::TensorProto& t = *entries[e].tensor;
    const std::string_view bytes = Payload(t, entries[e].scratch);
    if (bytes.size() < kMinDuplicateBytes) continue;
    std::size_t h = std::hash<std::string_view>{}(bytes) ^ (static_cast<std::size_t>(t.data_type()) << 1);
    for (int64_t d : t.dims()) h = h * 31 + static_cast<std::size_t>(d);
    auto& bucket = buckets[h];
    if (bucket.empty()) order.push_back(h);
    bucket.push_back(e);
  }
  for (std::size_t h : order) {
    const std::vector<std::size_t>& bucket = buckets[h];
    if (bucket.size() < 2) continue;
    const Entry& first = entries[bucket.front()];
    const std::string_view first_bytes = Payload(*first.tensor, entries[bucket.front()].scratch);
    std::vector<std::string> names = {context.index.TensorLocation(first.graph, first.tensor->name())};
    for (std::size_t k = 1; k < bucket.size(); ++k) {
      Entry& other = entries[bucket[k]];
      if (other.tensor->name() == first.tensor->name() && other.graph == first.graph) continue;  // same-name copies: CheckNames
      if (Payload(*other.tensor, other.scratch) == first_bytes && other.tensor->data_type() == first.tensor->data_type()) {
        names.push_back(context.index.TensorLocation(other.graph, other.tensor->name()));
      }
    }
    if (names.size() < 2) continue;
    Finding f = NewFinding(info, Severity::kInfo, "initializer", names.front());
    f.message = CountOf(names.size(), "initializer") + " hold identical data (" + FormatBytes(first_bytes.size()) +
                " each): " + ListNames(names);
    f.why = "the file and the session's memory carry the same weights " + std::to_string(names.size()) +
            " times (" + FormatBytes(first_bytes.size() * (names.size() - 1)) + " wasted)";
    f.fix = "keep one of them and point the nodes that read the others at it";
    findings.push_back(std::move(f));
  }
}

}  // namespace ortkit::graph::hygiene
