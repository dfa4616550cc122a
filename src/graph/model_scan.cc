// The wire-format walk of ModelProto and GraphProto (field numbers from onnx.proto), subgraphs
// included, and the per-graph totals computed from it.
#include "graph/model_scan.h"

#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>
#include <tuple>
#include <unordered_set>

#include "graph/message_scan.h"
#include "graph/wire_reader.h"
#include "ortkit/error.h"

namespace ortkit::graph {

namespace fs = std::filesystem;
namespace {

constexpr WireType kVarint = WireType::kVarint;
constexpr WireType kLen = WireType::kLengthDelimited;

std::string Str(const WireField& f) { return std::string(f.bytes); }

class Scanner {
 public:
  Scanner(std::string_view label, std::string model_dir, ModelSummary* summary)
      : label_(label), model_dir_(std::move(model_dir)), summary_(summary) {}

  void Model(WireReader reader);

 private:
  void Graph(WireReader reader, std::size_t graph);
  void Node(WireReader reader, std::size_t graph, std::size_t index);
  void Attribute(WireReader reader, std::size_t graph, NodeSummary& node, std::size_t node_index);
  TensorSummary Tensor(WireReader reader);
  std::size_t NewSubgraph(std::size_t parent, const NodeSummary& node, std::size_t node_index,
                          const std::string& attribute, int index);
  std::size_t ExternalFileIndex(const std::string& location);

  std::string_view label_;
  std::string OutsideModelDirectory(const std::string& location) const;

  std::string model_dir_;
  ModelSummary* summary_;
  std::map<std::string, std::size_t> external_index_;  // location -> index in external_files
};

void Scanner::Model(WireReader reader) {
  ModelSummary& m = *summary_;
  WireField f;
  while (reader.Next(&f)) {
    if (f.is(1, kVarint)) m.ir_version = f.as_int64();
    if (f.is(2, kLen)) m.producer_name = Str(f);
    if (f.is(3, kLen)) m.producer_version = Str(f);
    if (f.is(4, kLen)) m.domain = Str(f);
    if (f.is(5, kVarint)) m.model_version = f.as_int64();
    if (f.is(6, kLen)) m.doc_string = Str(f);
    if (f.is(7, kLen)) {
      // A message field seen twice merges into one graph, as protobuf merges it.
      if (m.graphs.empty()) m.graphs.emplace_back();
      Graph(reader.Open(f, "GraphProto"), 0);
    }
    if (f.is(8, kLen)) {  // OperatorSetIdProto {domain = 1, version = 2}
      OpsetImport opset;
      WireReader r = reader.Open(f, "OperatorSetIdProto");
      WireField o;
      while (r.Next(&o)) {
        if (o.is(1, kLen)) opset.domain = Str(o);
        if (o.is(2, kVarint)) opset.version = o.as_int64();
      }
      m.opset_imports.push_back(std::move(opset));
    }
    if (f.is(14, kLen)) {  // StringStringEntryProto {key = 1, value = 2}
      std::pair<std::string, std::string> kv;
      WireReader r = reader.Open(f, "StringStringEntryProto");
      WireField e;
      while (r.Next(&e)) {
        if (e.is(1, kLen)) kv.first = Str(e);
        if (e.is(2, kLen)) kv.second = Str(e);
      }
      m.metadata_props.push_back(std::move(kv));
    }
    if (f.is(25, kLen)) {  // FunctionProto {name = 1, node = 7, domain = 10}
      FunctionSummary fn;
      WireReader r = reader.Open(f, "FunctionProto");
      WireField e;
      while (r.Next(&e)) {
        if (e.is(1, kLen)) fn.name = Str(e);
        if (e.is(7, kLen)) ++fn.nodes;
        if (e.is(10, kLen)) fn.domain = Str(e);
      }
      m.functions.push_back(std::move(fn));
    }
  }
  if (m.graphs.empty()) {
    throw Error(ErrorCategory::kLoad,
                "while reading '" + std::string(label_) + "': a protobuf message but not an ONNX model (it has no graph)");
  }
}

void Scanner::Graph(WireReader reader, std::size_t graph) {
  std::size_t node_index = summary_->graphs[graph].nodes.size();
  WireField f;
  while (reader.Next(&f)) {
    if (f.type != kLen) continue;
    // Index, not reference: subgraphs scanned below grow `graphs`.
    GraphSummary& g = summary_->graphs[graph];
    switch (f.number) {
      case 1: Node(reader.Open(f, "NodeProto"), graph, node_index++); break;
      case 2: g.name = Str(f); break;
      case 5: g.initializers.push_back(Tensor(reader.Open(f, "TensorProto"))); break;
      case 11: g.inputs.push_back(ScanValueInfo(reader.Open(f, "ValueInfoProto"))); break;
      case 12: g.outputs.push_back(ScanValueInfo(reader.Open(f, "ValueInfoProto"))); break;
      case 13: ++g.value_infos; break;
      case 15: ++g.sparse_initializers; break;
      default: break;
    }
  }
}

void Scanner::Node(WireReader reader, std::size_t graph, std::size_t index) {
  NodeSummary node;
  std::vector<WireField> attributes;
  WireField f;
  while (reader.Next(&f)) {
    if (f.type != kLen) continue;
    switch (f.number) {
      case 1: node.inputs.push_back(Str(f)); break;
      case 2: node.outputs.push_back(Str(f)); break;
      case 3: node.name = Str(f); break;
      case 4: node.op_type = Str(f); break;
      case 5: attributes.push_back(f); break;
      case 7: node.domain = Str(f); break;
      default: break;
    }
  }
  // Attributes last: subgraph paths use the node's name and op_type, which may follow them.
  for (const WireField& a : attributes) Attribute(reader.Open(a, "AttributeProto"), graph, node, index);
  summary_->graphs[graph].nodes.push_back(std::move(node));
}

void Scanner::Attribute(WireReader reader, std::size_t graph, NodeSummary& node, std::size_t node_index) {
  std::string name;
  std::vector<WireField> graph_fields;   // g = 6 (one graph, merged if repeated)
  std::vector<WireField> graphs_fields;  // graphs = 11
  WireField f;
  while (reader.Next(&f)) {
    if (f.type != kLen) continue;
    if (f.number == 1) name = Str(f);
    if (f.number == 5 || f.number == 10) {  // t, tensors
      TensorSummary t = Tensor(reader.Open(f, "TensorProto"));
      summary_->graphs[graph].attribute_tensors.push_back(std::move(t));
    }
    if (f.number == 6) graph_fields.push_back(f);
    if (f.number == 11) graphs_fields.push_back(f);
  }
  if (!graph_fields.empty()) {
    const std::size_t sub = NewSubgraph(graph, node, node_index, name, -1);
    node.subgraphs.push_back(sub);
    for (const WireField& g : graph_fields) Graph(reader.Open(g, "GraphProto"), sub);
  }
  for (std::size_t i = 0; i < graphs_fields.size(); ++i) {
    const std::size_t sub = NewSubgraph(graph, node, node_index, name, static_cast<int>(i));
    node.subgraphs.push_back(sub);
    Graph(reader.Open(graphs_fields[i], "GraphProto"), sub);
  }
}

std::size_t Scanner::NewSubgraph(std::size_t parent, const NodeSummary& node, std::size_t node_index,
                                 const std::string& attribute, int index) {
  GraphSummary g;
  g.path = SubgraphPath(summary_->graphs[parent].path, node.name, node.op_type, node_index, attribute, index);
  g.owner_op = node.op_type;
  summary_->graphs.push_back(std::move(g));
  return summary_->graphs.size() - 1;
}

TensorSummary Scanner::Tensor(WireReader reader) {
  ScannedTensor scanned = ScanTensorProto(std::move(reader));
  TensorSummary& t = scanned.summary;
  if (t.storage != TensorSummary::Storage::kExternal) return std::move(t);
  ExternalFile& file = summary_->external_files[ExternalFileIndex(t.location)];
  if (scanned.external_length) {
    t.bytes = *scanned.external_length;
  } else if (file.size && *file.size > t.offset) {
    t.bytes = *file.size - t.offset;  // no length: the rest of the file
  }
  ++file.tensors;
  file.bytes += t.bytes;
  return std::move(t);
}

std::string Scanner::OutsideModelDirectory(const std::string& location) const {
  if (location.empty()) return "empty location";
  if (location.front() == '/') return "absolute path";
  const fs::path relative = fs::path(location).lexically_normal();
  if (relative.empty() || *relative.begin() == "..") return "outside the model's directory";
  std::error_code ec;
  const fs::path dir = fs::weakly_canonical(model_dir_.empty() ? fs::path(".") : fs::path(model_dir_), ec);
  const fs::path target = fs::weakly_canonical(dir / relative, ec);
  if (ec) return "";
  const auto mismatch = std::mismatch(dir.begin(), dir.end(), target.begin(), target.end());
  if (mismatch.first != dir.end()) return "outside the model's directory (through a symbolic link)";
  return "";
}

std::size_t Scanner::ExternalFileIndex(const std::string& location) {
  const auto it = external_index_.find(location);
  if (it != external_index_.end()) return it->second;
  ExternalFile file;
  file.location = location;
  // Only stat'ed: inspect reports where the data is; it does not read it (ReadModel does). A location
  // outside the model's directory is not even stat'ed: its size would tell a stranger's model
  // whether, say, ../../etc/shadow exists.
  file.refused = OutsideModelDirectory(location);
  if (file.refused.empty()) {
    const std::string full = model_dir_.empty() ? location : model_dir_ + "/" + location;
    struct stat st {};
    if (::stat(full.c_str(), &st) == 0 && S_ISREG(st.st_mode)) file.size = static_cast<uint64_t>(st.st_size);
  }
  summary_->external_files.push_back(std::move(file));
  external_index_.emplace(location, summary_->external_files.size() - 1);
  return summary_->external_files.size() - 1;
}

// Op histogram, totals by element type, and initializers that are also inputs.
void Finish(GraphSummary& g) {
  std::map<std::pair<std::string, std::string>, uint64_t> ops;
  for (const NodeSummary& n : g.nodes) ++ops[{n.domain, n.op_type}];
  for (const auto& [key, count] : ops) g.ops.push_back(OpCount{key.first, key.second, count});
  std::stable_sort(g.ops.begin(), g.ops.end(), [](const OpCount& a, const OpCount& b) {
    return std::tie(a.domain, b.count, a.op_type) < std::tie(b.domain, a.count, b.op_type);
  });

  std::map<int, TypeTotal> types;
  std::unordered_set<std::string> names;
  for (const TensorSummary& t : g.initializers) {
    TypeTotal& total = types[t.data_type];
    total.data_type = t.data_type;
    ++total.count;
    total.elements += t.elements.value_or(0);
    total.bytes += t.bytes;
    g.parameters += t.elements.value_or(0);
    g.initializer_bytes += t.bytes;
    names.insert(t.name);
  }
  for (const auto& entry : types) g.initializer_types.push_back(entry.second);
  for (const ValueSummary& input : g.inputs) {
    if (names.count(input.name) != 0) g.initializers_as_inputs.push_back(input.name);
  }
}

}  // namespace

void ScanModel(std::string_view bytes, std::string_view label, const std::string& model_dir, ModelSummary* summary) {
  Scanner scanner(label, model_dir, summary);
  scanner.Model(WireReader(bytes, label, "ModelProto"));
  for (GraphSummary& g : summary->graphs) Finish(g);
}

}  // namespace ortkit::graph
