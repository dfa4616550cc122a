// The doctor report's model summary, from `ortkit inspect --json`: format facts, the signature
// with its symbolic dimensions, the op histogram and the weights.
#include <fmt/format.h>

#include "report/doctor_html_parts.h"
#include "report/human_size.h"

namespace ortkit::report::doctor_html {
namespace {

std::string Shape(const json& value) {
  const json& shape = Array(value, "shape");
  std::string out = "[";
  for (const json& dim : shape) {
    if (out.size() > 1) out += ",";
    out += dim.is_string() ? dim.get<std::string>() : dim.is_number_integer() ? std::to_string(dim.get<long long>()) : "?";
  }
  return out + "]";
}

void Signature(const json& graph, PageBuilder& page) {
  page.Raw("<table><thead><tr><th></th><th>name</th><th>type</th><th>shape</th></tr></thead><tbody>\n");
  for (const char* kind : {"inputs", "outputs"}) {
    for (const json& value : Array(graph, kind)) {
      page.Raw("<tr><td class=\"muted\">").Text(std::string(kind).substr(0, std::string(kind).size() - 1));
      page.Raw("</td><td><code>").Text(Text(value, "name")).Raw("</code></td><td>").Text(Text(value, "type"));
      page.Raw("</td><td><code>").Text(Shape(value)).Raw("</code></td></tr>\n");
    }
  }
  page.Raw("</tbody></table>\n");
}

}  // namespace

void RenderModel(const json& doctor, PageBuilder& page) {
  const auto step = OpenStepSection(doctor, "inspect", "model", "The model", page);
  if (step.result == nullptr) return;
  const json& inspect = *step.result;
  static const json kNone = json::object();
  const json* graph_member = Member(inspect, "graph");
  const json& graph = graph_member != nullptr ? *graph_member : kNone;
  page.Raw("<dl class=\"facts\">");
  auto fact = [&page](std::string_view name, const std::string& value) {
    if (!value.empty()) page.Raw("<dt>").Text(name).Raw("</dt><dd>").Text(value).Raw("</dd>");
  };
  fact("graph", Text(graph, "name"));
  if (auto size = Number(inspect, "file_size"); size && *size >= 0) fact("file", HumanBytes(static_cast<uint64_t>(*size)));
  if (auto ir = Number(inspect, "ir_version")) fact("IR version", fmt::format("{:.0f}", *ir));
  std::string opsets;
  for (const json& opset : Array(inspect, "opset_imports")) {
    const std::string domain = Text(opset, "domain");
    opsets += (opsets.empty() ? "" : ", ") + (domain.empty() ? std::string("ai.onnx") : domain) +
              fmt::format(" {:.0f}", Number(opset, "version").value_or(0));
  }
  fact("opsets", opsets);
  const std::string producer = Text(inspect, "producer_name");
  fact("producer", producer.empty() ? "" : producer + " " + Text(inspect, "producer_version"));
  if (auto nodes = Number(graph, "node_count")) fact("nodes", fmt::format("{:.0f}", *nodes));
  if (const json* weights = Member(graph, "initializers")) {
    auto parameters = Number(*weights, "parameters");
    auto bytes = Number(*weights, "bytes");
    if (parameters && bytes && *parameters >= 0 && *bytes >= 0) {
      fact("weights", GroupDigits(static_cast<uint64_t>(*parameters)) + " parameters, " + HumanBytes(static_cast<uint64_t>(*bytes)));
    }
  }
  const json& as_inputs = Array(graph, "initializers_as_inputs");
  if (!as_inputs.empty()) fact("weights listed as inputs", fmt::format("{}", as_inputs.size()));
  page.Raw("</dl>\n");
  if (const std::string doc = Text(inspect, "doc_string"); !doc.empty()) page.Raw("<p class=\"muted\">").Text(doc).Raw("</p>\n");
  page.Raw("<h3>Signature</h3>\n");
  Signature(graph, page);
  const json& ops = Array(graph, "ops");
  if (!ops.empty()) {
    page.Raw("<h3>Operators</h3><p>");
    bool first = true;
    for (const json& op : ops) {
      if (!first) page.Raw(", ");
      first = false;
      page.Raw("<code>").Text(Text(op, "op_type", "?")).Raw("</code>").Text(fmt::format(" ×{:.0f}", Number(op, "count").value_or(0)));
    }
    page.Raw("</p>\n");
  }
  Reproduce(page, step);
  page.Raw("</section>\n");
}

}  // namespace ortkit::report::doctor_html
