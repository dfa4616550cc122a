// The text renderer of a ModelSummary: a header of key/value lines, then aligned tables.
#include <algorithm>

#include <fmt/format.h>

#include "core/text.h"
#include "report/human_size.h"
#include "report/inspect_cost.h"
#include "report/inspect_render.h"
#include "report/text_table.h"

namespace ortkit::report {
namespace {

using graph::GraphSummary;
using graph::ModelSummary;
using graph::ValueType;

constexpr std::size_t kMaxDocChars = 100;

std::string DomainName(const std::string& domain) { return domain.empty() ? "ai.onnx" : domain; }

std::string Plural(uint64_t n, const char* one, const char* many) {
  return GroupDigits(n) + " " + (n == 1 ? one : many);
}

// The doc string on one line, cut to kMaxDocChars characters.
std::string OneLineDoc(const std::string& doc) {
  std::string line = core::FoldWhitespace(doc);
  if (line.size() <= kMaxDocChars) return line;
  line.resize(kMaxDocChars - 3);
  return line + "...";
}

std::string ShapeCell(const ValueType& type) { return type.shape ? ShapeToString(*type.shape) : "-"; }

void RenderHeader(const ModelSummary& s, std::ostream& out) {
  std::vector<std::vector<std::string>> rows;
  rows.push_back({"model", s.path});
  rows.push_back({"file size", HumanBytes(s.file_size) + " (" + Plural(s.file_size, "byte", "bytes") + ")"});
  rows.push_back({"ir version", std::to_string(s.ir_version)});
  std::string opsets;
  for (const auto& o : s.opset_imports) opsets += (opsets.empty() ? "" : ", ") + DomainName(o.domain) + " " + std::to_string(o.version);
  rows.push_back({"opsets", opsets.empty() ? "none" : opsets});
  const std::string producer = core::FoldWhitespace(s.producer_name + " " + s.producer_version);
  if (!producer.empty()) rows.push_back({"producer", producer});
  if (!s.domain.empty()) rows.push_back({"domain", s.domain});
  if (s.model_version != 0) rows.push_back({"model version", std::to_string(s.model_version)});
  if (!s.doc_string.empty()) rows.push_back({"doc", OneLineDoc(s.doc_string)});
  rows.push_back({"graph", s.main_graph().name.empty() ? "(unnamed)" : s.main_graph().name});
  // Aligned like the tables, without their header row.
  std::size_t width = 0;
  for (const auto& r : rows) width = std::max(width, r[0].size());
  for (const auto& r : rows) out << fmt::format("{:<{}}  {}\n", r[0], width, r[1]);
}

void RenderValues(const char* title, const std::vector<graph::ValueSummary>& values, std::ostream& out) {
  out << "\n" << title << "\n";
  if (values.empty()) {
    out << "  none\n";
    return;
  }
  TextTable table({"name", "type", "shape"});
  for (const auto& v : values) table.AddRow({v.name, v.type.type.empty() ? "?" : v.type.type, ShapeCell(v.type)});
  table.Render(out, 2);
}

void RenderOps(const ModelSummary& s, std::ostream& out) {
  const GraphSummary& g = s.main_graph();
  out << "\nops (" << (s.graphs.size() > 1 ? "main graph: " : "") << Plural(g.nodes.size(), "node", "nodes") << ")\n";
  if (g.ops.empty()) return;
  TextTable table({"domain", "op", "count"}, {false, false, true});
  for (const auto& op : g.ops) table.AddRow({DomainName(op.domain), op.op_type, GroupDigits(op.count)});
  table.Render(out, 2);
}

void RenderInitializers(const GraphSummary& g, std::ostream& out) {
  out << "\ninitializers (" << GroupDigits(g.initializers.size());
  if (!g.initializers.empty()) {
    out << ": " << Plural(g.parameters, "parameter", "parameters") << ", " << HumanBytes(g.initializer_bytes);
  }
  out << ")\n";
  if (!g.initializer_types.empty()) {
    TextTable table({"type", "count", "parameters", "bytes"}, {false, true, true, true});
    for (const auto& t : g.initializer_types) {
      table.AddRow({graph::DataTypeName(t.data_type), GroupDigits(t.count), GroupDigits(t.elements), HumanBytes(t.bytes)});
    }
    table.Render(out, 2);
  }
  if (g.sparse_initializers > 0) out << "  and " << Plural(g.sparse_initializers, "sparse initializer", "sparse initializers") << "\n";
  if (!g.initializers_as_inputs.empty()) {
    out << "\ninitializers also listed as graph inputs (" << g.initializers_as_inputs.size()
        << "): callers may override them, so runtimes cannot fold them as constants\n";
    TextTable table({"name", "type", "shape"});
    for (const auto& name : g.initializers_as_inputs) {
      for (const auto& v : g.inputs) {
        if (v.name == name) table.AddRow({v.name, v.type.type.empty() ? "?" : v.type.type, ShapeCell(v.type)});
      }
    }
    table.Render(out, 2);
  }
  if (!g.attribute_tensors.empty()) {
    uint64_t bytes = 0;
    for (const auto& t : g.attribute_tensors) bytes += t.bytes;
    out << "\ntensors in node attributes (Constant values, ...): " << GroupDigits(g.attribute_tensors.size()) << ", "
        << HumanBytes(bytes) << "\n";
  }
}

void RenderExternal(const ModelSummary& s, std::ostream& out) {
  if (s.external_files.empty()) return;
  out << "\nexternal data\n";
  TextTable table({"file", "size", "tensors", "bytes"}, {false, true, true, true});
  for (const auto& f : s.external_files) {
    table.AddRow({f.location, !f.refused.empty() ? "refused: " + f.refused : f.size ? HumanBytes(*f.size) : "missing", GroupDigits(f.tensors), HumanBytes(f.bytes)});
  }
  table.Render(out, 2);
}

void RenderSubgraphs(const ModelSummary& s, std::ostream& out) {
  if (s.graphs.size() < 2) return;
  out << "\nsubgraphs (" << s.graphs.size() - 1 << ")\n";
  TextTable table({"graph", "op", "nodes", "initializers", "parameters", "inputs", "outputs"},
                  {false, false, true, true, true, true, true});
  for (std::size_t i = 1; i < s.graphs.size(); ++i) {
    const GraphSummary& g = s.graphs[i];
    table.AddRow({g.path, g.owner_op, GroupDigits(g.nodes.size()), GroupDigits(g.initializers.size()),
                  GroupDigits(g.parameters), GroupDigits(g.inputs.size()), GroupDigits(g.outputs.size())});
  }
  table.Render(out, 2);
}

void RenderFunctions(const ModelSummary& s, std::ostream& out) {
  if (s.functions.empty()) return;
  out << "\nlocal functions (" << s.functions.size() << ")\n";
  TextTable table({"domain", "name", "nodes"}, {false, false, true});
  for (const auto& f : s.functions) table.AddRow({DomainName(f.domain), f.name, GroupDigits(f.nodes)});
  table.Render(out, 2);
}

std::string Join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ", ") + (item.empty() ? std::string("<none>") : item);
  return out;
}

// The main graph's table has cost columns when `cost` is given (one NodeCost per node, in order).
void RenderNodes(const ModelSummary& s, const GraphSummary& g, const graph::ModelCost* cost, std::ostream& out) {
  out << "\nnodes" << (g.path.empty() ? std::string() : " of " + g.path) << "\n";
  if (g.nodes.empty()) {
    out << "  none\n";
    return;
  }
  std::vector<std::string> headers{"#", "name", "op", "inputs", "outputs"};
  std::vector<bool> numeric{true, false, false, false, false};
  if (cost != nullptr) {
    for (const auto& h : NodeCostHeaders()) headers.push_back(h);
    numeric.insert(numeric.end(), {true, true, true, true, true, false});
  }
  TextTable table(headers, numeric);
  for (std::size_t i = 0; i < g.nodes.size(); ++i) {
    const graph::NodeSummary& n = g.nodes[i];
    std::vector<std::string> outputs;
    for (std::size_t o = 0; o < n.outputs.size(); ++o) {
      if (n.outputs[o].empty() || o >= n.output_types.size()) {
        outputs.push_back(n.outputs[o]);
      } else {
        outputs.push_back(n.outputs[o] + ": " + graph::DescribeType(n.output_types[o]));
      }
    }
    const std::string op = n.domain.empty() || n.domain == "ai.onnx" ? n.op_type : n.domain + ":" + n.op_type;
    std::vector<std::string> row{std::to_string(i), n.name.empty() ? "-" : n.name, op, Join(n.inputs), Join(outputs)};
    if (cost != nullptr && i < cost->nodes.size()) {
      for (auto& cell : NodeCostCells(cost->nodes[i])) row.push_back(std::move(cell));
    }
    table.AddRow(std::move(row));
  }
  table.Render(out, 2);
  // Then each subgraph's own table, in node order (nested ones follow their parent).
  for (const auto& n : g.nodes) {
    for (std::size_t sub : n.subgraphs) RenderNodes(s, s.graphs[sub], nullptr, out);
  }
}

}  // namespace

void RenderInspectText(const ModelSummary& s, std::ostream& out, const InspectRenderOptions& options) {
  RenderHeader(s, out);
  if (!s.metadata_props.empty()) {
    out << "\nmetadata\n";
    TextTable table({"key", "value"});
    for (const auto& [key, value] : s.metadata_props) table.AddRow({key, OneLineDoc(value)});
    table.Render(out, 2);
  }
  RenderValues("inputs", s.main_graph().inputs, out);
  RenderValues("outputs", s.main_graph().outputs, out);
  RenderOps(s, out);
  RenderInitializers(s.main_graph(), out);
  RenderExternal(s, out);
  RenderSubgraphs(s, out);
  RenderFunctions(s, out);
  const graph::ModelCost* cost = options.cost && s.cost ? &*s.cost : nullptr;
  if (cost != nullptr) RenderCostText(*cost, out);
  if (options.nodes) RenderNodes(s, s.main_graph(), cost, out);
  if ((options.nodes || cost != nullptr) && !s.inference_error.empty()) {
    out << "\nshape inference stopped early: " << s.inference_error << "\n";
  }
}

}  // namespace ortkit::report
