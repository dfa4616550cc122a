// The doctor report's model summary, from `ortkit inspect --json`: format facts, the signature
// with its symbolic dimensions, the op histogram and the weights.
#include <fmt/format.h>

#include "report/doctor_html_parts.h"
#include "report/human_size.h"

namespace ortkit::report::doctor_html {
namespace {

std::string Shape(const doctor::InspectValue& value) {
  std::string out = "[";
  for (const doctor::InspectDim& dim : value.shape.value_or(std::vector<doctor::InspectDim>{})) {
    if (out.size() > 1) out += ",";
    out += dim.size ? std::to_string(*dim.size) : dim.symbol.value_or("?");
  }
  return out + "]";
}

void Signature(const doctor::InspectGraph& graph, PageBuilder& page) {
  page.Raw("<table><thead><tr><th></th><th>name</th><th>type</th><th>shape</th></tr></thead><tbody>\n");
  for (const auto& [kind, values] : {std::make_pair("input", &graph.inputs), std::make_pair("output", &graph.outputs)}) {
    for (const doctor::InspectValue& value : *values) {
      page.Raw("<tr><td class=\"muted\">").Text(kind);
      page.Raw("</td><td><code>").Text(value.name).Raw("</code></td><td>").Text(value.type.value_or(""));
      page.Raw("</td><td><code>").Text(Shape(value)).Raw("</code></td></tr>\n");
    }
  }
  page.Raw("</tbody></table>\n");
}

}  // namespace

void RenderModel(const DoctorReport& doctor, PageBuilder& page) {
  const doctor::InspectResult* inspect = OpenStepSection(doctor.inspect, "model", "The model", page);
  if (inspect == nullptr) return;
  const doctor::InspectGraph& graph = inspect->graph;
  page.Raw("<dl class=\"facts\">");
  auto fact = [&page](std::string_view name, const std::string& value) {
    if (!value.empty()) page.Raw("<dt>").Text(name).Raw("</dt><dd>").Text(value).Raw("</dd>");
  };
  fact("graph", graph.name);
  if (inspect->file_size >= 0) fact("file", HumanBytes(static_cast<uint64_t>(inspect->file_size)));
  fact("IR version", fmt::format("{:.0f}", inspect->ir_version));
  std::string opsets;
  for (const doctor::InspectOpset& opset : inspect->opset_imports) {
    opsets += (opsets.empty() ? "" : ", ") + (opset.domain.empty() ? std::string("ai.onnx") : opset.domain) +
              fmt::format(" {:.0f}", opset.version);
  }
  fact("opsets", opsets);
  fact("producer", inspect->producer_name.empty() ? "" : inspect->producer_name + " " + inspect->producer_version);
  fact("nodes", fmt::format("{:.0f}", graph.node_count));
  const doctor::InspectWeights& weights = graph.initializers;
  if (weights.parameters >= 0 && weights.bytes >= 0) {
    fact("weights", GroupDigits(static_cast<uint64_t>(weights.parameters)) + " parameters, " +
                        HumanBytes(static_cast<uint64_t>(weights.bytes)));
  }
  if (!graph.initializers_as_inputs.empty()) {
    fact("weights listed as inputs", fmt::format("{}", graph.initializers_as_inputs.size()));
  }
  page.Raw("</dl>\n");
  if (!inspect->doc_string.empty()) page.Raw("<p class=\"muted\">").Text(inspect->doc_string).Raw("</p>\n");
  page.Raw("<h3>Signature</h3>\n");
  Signature(graph, page);
  if (!graph.ops.empty()) {
    page.Raw("<h3>Operators</h3><p>");
    bool first = true;
    for (const doctor::InspectOp& op : graph.ops) {
      if (!first) page.Raw(", ");
      first = false;
      page.Raw("<code>").Text(op.op_type).Raw("</code>").Text(fmt::format(" ×{:.0f}", op.count));
    }
    page.Raw("</p>\n");
  }
  Reproduce(page, doctor.inspect);
  page.Raw("</section>\n");
}

}  // namespace ortkit::report::doctor_html
