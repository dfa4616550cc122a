// RenderExtractText and RenderExtractJson: see extract_render.h.
#include "report/extract_render.h"

#include <optional>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include "ortkit/element_type.h"
#include "report/text_table.h"

namespace ortkit::report {
namespace {

// "float32[batch,16,32,32]", "non-tensor", or nullopt for a value with no declared type.
std::optional<std::string> TypeText(const onnx::ValueInfoProto& value) {
  if (!value.has_type()) return std::nullopt;
  const onnx::TypeProto& type = value.type();
  if (!type.has_tensor_type()) return "non-tensor";
  std::string text(ElementTypeName(ElementTypeFromOnnx(type.tensor_type().elem_type())));
  if (!type.tensor_type().has_shape()) return text;
  std::vector<std::string> dims;
  for (const auto& d : type.tensor_type().shape().dim()) {
    dims.push_back(d.has_dim_value() ? std::to_string(d.dim_value()) : d.has_dim_param() ? d.dim_param() : "?");
  }
  return fmt::format("{}[{}]", text, fmt::join(dims, ","));
}

void RenderValues(const char* title, const google::protobuf::RepeatedPtrField<onnx::ValueInfoProto>& values,
                  std::ostream& out) {
  out << "\n" << title << "\n";
  TextTable table({"name", "type"});
  for (const auto& v : values) table.AddRow({v.name(), TypeText(v).value_or("? (ONNX Runtime infers it)")});
  table.Render(out, 2);
}

nlohmann::json ValuesJson(const google::protobuf::RepeatedPtrField<onnx::ValueInfoProto>& values) {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& v : values) {
    const std::optional<std::string> type = TypeText(v);
    list.push_back({{"name", v.name()}, {"type", type ? nlohmann::json(*type) : nlohmann::json(nullptr)}});
  }
  return list;
}

}  // namespace

void RenderExtractText(const graph::ExtractResult& result, const std::string& path, std::ostream& out) {
  out << fmt::format("wrote {}: {} of {} nodes, {} initializer{}\n", path, result.model.graph().node_size(),
                     result.nodes_total, result.initializers, result.initializers == 1 ? "" : "s");
  RenderValues(result.inputs_defaulted ? "inputs (none given: the graph inputs the outputs depend on)" : "inputs",
               result.model.graph().input(), out);
  RenderValues("outputs", result.model.graph().output(), out);
}

void RenderExtractJson(const graph::ExtractResult& result, const std::string& path, std::ostream& out) {
  const nlohmann::json json = {{"model", path},
                               {"nodes", result.model.graph().node_size()},
                               {"nodes_total", result.nodes_total},
                               {"initializers", result.initializers},
                               {"inputs", ValuesJson(result.model.graph().input())},
                               {"inputs_defaulted", result.inputs_defaulted},
                               {"outputs", ValuesJson(result.model.graph().output())}};
  out << json.dump(2) << "\n";
}

}  // namespace ortkit::report
