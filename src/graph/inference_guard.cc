// InferenceBlocker and DataPropagationIsSafe: checks before ONNX shape inference, each for a
// crash the model_summary fuzz target found in ONNX 1.12.
#include "graph/inference_guard.h"

#include <limits>
#include <map>
#include <set>
#include <string>

#include <onnx/defs/schema.h>
#include <onnx/shape_inference/implementation.h>

#include "graph/guarded_schemas.h"

namespace ortkit::graph {
namespace {

bool IsOnnxDomain(const std::string& domain) { return domain.empty() || domain == "ai.onnx"; }

std::string NodeLabel(const onnx::NodeProto& node) {
  return "node '" + node.name() + "' (" + node.op_type() + ")";
}

std::string CountProblem(const char* what, int count, int min, int max) {
  if (count >= min && count <= max) return "";
  return std::string("has ") + std::to_string(count) + " " + what + ", its schema allows " + std::to_string(min) +
         (max == min ? "" : " to " + (max == std::numeric_limits<int>::max() ? std::string("any number") : std::to_string(max)));
}

// What inference functions take for granted about `node`; "" when `node` gives it to them.
std::string SchemaProblem(const onnx::NodeProto& node, const onnx::OpSchema& schema) {
  // Trailing empty names are absent optional inputs, as ONNX counts them.
  int inputs = node.input_size();
  while (inputs > 0 && node.input(inputs - 1).empty()) --inputs;
  std::string problem = CountProblem("inputs", inputs, schema.min_input(), schema.max_input());
  if (problem.empty()) problem = CountProblem("outputs", node.output_size(), schema.min_output(), schema.max_output());
  if (!problem.empty()) return problem;
  // Conv, pooling and their kin divide by strides and dilations (SIGFPE on 0).
  for (const auto& a : node.attribute()) {
    if (a.name() != "strides" && a.name() != "dilations" && a.name() != "kernel_shape") continue;
    for (const int64_t v : a.ints()) {
      if (v <= 0) return "attribute '" + a.name() + "' holds " + std::to_string(v) + "; its values must be positive";
    }
  }
  for (const auto& [name, attr] : schema.attributes()) {
    if (!attr.required) continue;
    const onnx::AttributeProto* found = nullptr;
    for (const auto& a : node.attribute()) {
      if (a.name() == name) found = &a;
    }
    if (found == nullptr) return "required attribute '" + name + "' is missing";
    if (found->type() != attr.type) return "required attribute '" + name + "' has the wrong type";
  }
  return "";
}

// `opsets`: the model's opset imports (domain "" for ONNX), which subgraphs share.
std::string GraphBlocker(const onnx::GraphProto& graph, const std::map<std::string, int>& opsets) {
  for (const auto& node : graph.node()) {
    const std::string domain = node.domain() == "ai.onnx" ? "" : node.domain();
    const auto version = opsets.find(domain);
    if (version != opsets.end()) {
      if (const auto* schema = onnx::OpSchemaRegistry::Schema(node.op_type(), version->second, domain)) {
        const std::string problem = SchemaProblem(node, *schema);
        if (!problem.empty()) return NodeLabel(node) + ": " + problem;
      }
    }
    for (const auto& attr : node.attribute()) {
      if (attr.has_g()) {
        if (std::string why = GraphBlocker(attr.g(), opsets); !why.empty()) return why;
      }
      for (const auto& sub : attr.graphs()) {
        if (std::string why = GraphBlocker(sub, opsets); !why.empty()) return why;
      }
    }
  }
  return "";
}

bool HasShapeNode(const onnx::GraphProto& graph) {
  for (const auto& node : graph.node()) {
    if (node.op_type() == "Shape" && IsOnnxDomain(node.domain())) return true;
    for (const auto& attr : node.attribute()) {
      if (attr.has_g() && HasShapeNode(attr.g())) return true;
      for (const auto& sub : attr.graphs()) {
        if (HasShapeNode(sub)) return true;
      }
    }
  }
  return false;
}

// `typed`: the names with a type in enclosing scopes; a subgraph sees them too.
bool ShapeInputsTyped(const onnx::GraphProto& graph, std::set<std::string> typed) {
  // A type with nothing in it is no type: ONNX's inference itself leaves an empty one on each
  // undeclared graph input it met (and still hands Shape no type for it).
  const auto add = [&typed](const onnx::ValueInfoProto& v) {
    if (v.has_type() && v.type().value_case() != onnx::TypeProto::VALUE_NOT_SET) typed.insert(v.name());
  };
  for (const auto& v : graph.input()) add(v);
  for (const auto& v : graph.value_info()) add(v);
  for (const auto& v : graph.output()) add(v);
  for (const auto& t : graph.initializer()) typed.insert(t.name());
  for (const auto& s : graph.sparse_initializer()) typed.insert(s.values().name());
  for (const auto& node : graph.node()) {
    if (node.op_type() == "Shape" && IsOnnxDomain(node.domain()) && node.input_size() > 0 &&
        typed.count(node.input(0)) == 0) {
      return false;
    }
    for (const auto& attr : node.attribute()) {
      if (attr.has_g() && !ShapeInputsTyped(attr.g(), typed)) return false;
      for (const auto& sub : attr.graphs()) {
        if (!ShapeInputsTyped(sub, typed)) return false;
      }
    }
  }
  return true;
}

}  // namespace

std::string InferenceBlocker(const onnx::ModelProto& model) {
  std::map<std::string, int> opsets;
  for (const auto& op : model.opset_import()) {
    opsets[op.domain() == "ai.onnx" ? "" : op.domain()] = static_cast<int>(op.version());
  }
  const std::string why = GraphBlocker(model.graph(), opsets);
  return why.empty() ? "" : "ONNX shape inference was not run: " + why;
}

bool DataPropagationIsSafe(const onnx::ModelProto& model) {
  if (!HasShapeNode(model.graph())) return true;  // no copy, no second pass for most models
  onnx::ModelProto typed = model;
  try {
    onnx::shape_inference::InferShapes(typed, GuardedSchemas(),
                                       onnx::ShapeInferenceOptions(/*check_type=*/false, /*error_mode=*/0,
                                                                   /*enable_data_propagation=*/false));
  } catch (const std::exception&) {
    // Whatever inference typed before it stopped is in `typed`; judge on that.
  }
  return ShapeInputsTyped(typed.graph(), {});
}

}  // namespace ortkit::graph
