// A cast-repaired copy of a model whose nodes bind one type parameter to two types.
#include "graph/cast_repair.h"

#include <map>
#include <optional>
#include <utility>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "graph/checks/check_util.h"
#include "graph/extract.h"
#include "graph/fixes/graph_walk.h"
#include "graph/graph_index.h"
#include "ortkit/element_type.h"

namespace ortkit::graph {
namespace {

// How wide an element type is for arithmetic: a value of a lower rank converts to a higher one
// without losing what the node computes with it (as far as these types allow). 0: not ranked
// (strings, complex, float8), which are never cast.
int Rank(int32_t elem_type) {
  switch (elem_type) {
    case onnx::TensorProto::DOUBLE: return 100;
    case onnx::TensorProto::FLOAT: return 90;
    case onnx::TensorProto::FLOAT16: return 80;
    case onnx::TensorProto::BFLOAT16: return 79;
    case onnx::TensorProto::INT64: return 60;
    case onnx::TensorProto::UINT64: return 59;
    case onnx::TensorProto::INT32: return 50;
    case onnx::TensorProto::UINT32: return 49;
    case onnx::TensorProto::INT16: return 40;
    case onnx::TensorProto::UINT16: return 39;
    case onnx::TensorProto::INT8: return 30;
    case onnx::TensorProto::UINT8: return 29;
    case onnx::TensorProto::BOOL: return 10;
    default: return 0;
  }
}

int32_t ElemType(const onnx::TypeProto* type) {
  return type != nullptr && type->has_tensor_type() ? type->tensor_type().elem_type() : 0;
}

std::string TypeName(int32_t elem_type) { return std::string(ElementTypeName(static_cast<ElementType>(elem_type))); }

// A type parameter the node binds to two ranked tensor types, and the widest of them.
struct Conflict {
  std::string type_param;
  int32_t wide = 0;
};

std::optional<Conflict> FindConflict(const std::vector<InputBinding>& bindings, const GraphIndex& index) {
  std::map<std::string, std::pair<int32_t, int32_t>> seen;  // type parameter -> (first type, widest type)
  std::optional<Conflict> found;
  for (const InputBinding& b : bindings) {
    if (!b.is_type_param || !b.homogeneous) continue;
    const int32_t type = ElemType(index.TypeOf(0, b.name));
    if (Rank(type) == 0) continue;
    auto [it, inserted] = seen.emplace(b.type_param, std::make_pair(type, type));
    if (inserted) continue;
    if (Rank(type) > Rank(it->second.second)) it->second.second = type;
    if (type != it->second.first) found = Conflict{b.type_param, 0};
  }
  if (!found) return std::nullopt;
  found->wide = seen[found->type_param].second;
  return found;
}

// The schema's output type parameter for output k (a trailing variadic covers the rest).
std::string OutputParam(const onnx::OpSchema& schema, int k) {
  const auto& formals = schema.outputs();
  if (formals.empty()) return "";
  const std::size_t f = static_cast<std::size_t>(k) < formals.size() ? static_cast<std::size_t>(k) : formals.size() - 1;
  if (static_cast<std::size_t>(k) >= formals.size() && formals.back().GetOption() != onnx::OpSchema::Variadic) return "";
  return formals[f].GetTypeStr();
}

}  // namespace

CastRepair RepairTypeConflictsWithCasts(const onnx::ModelProto& model) {
  const onnx::ModelProto inferred = WithInferredShapes(model);
  const GraphIndex index(inferred);
  CastRepair repair;
  repair.model = model;
  onnx::GraphProto& graph = *repair.model.mutable_graph();
  graph.clear_value_info();
  graph.clear_node();
  std::map<std::pair<std::string, int32_t>, std::string> casts;  // (tensor, to) -> its cast, shared by nodes

  const onnx::GraphProto& original = model.graph();
  for (int i = 0; i < original.node_size(); ++i) {
    onnx::NodeProto node = original.node(i);
    const onnx::OpSchema* schema = FindSchema(index, node);
    const std::optional<Conflict> conflict =
        schema == nullptr ? std::nullopt : FindConflict(BindInputs(*schema, node, index, 0), index);
    if (!conflict) {
      *graph.add_node() = std::move(node);
      continue;
    }
    const std::string label = node.name().empty() ? node.op_type() + " #" + std::to_string(i) : node.name();
    std::vector<std::string> what;
    for (const InputBinding& b : BindInputs(*schema, node, index, 0)) {
      const int32_t type = ElemType(index.TypeOf(0, b.name));
      if (b.type_param != conflict->type_param || type == conflict->wide || Rank(type) == 0) continue;
      auto [it, inserted] = casts.emplace(std::make_pair(b.name, conflict->wide), "");
      if (inserted) {
        it->second = fmt::format("{}/ortkit_as_{}", b.name, TypeName(conflict->wide));
        *graph.add_node() = fixes::CastNode(it->second + "/Cast", b.name, it->second, conflict->wide);
      }
      node.set_input(b.input, it->second);
      what.push_back(fmt::format("input '{}' {} -> {}", b.name, TypeName(type), TypeName(conflict->wide)));
    }
    // Outputs the rest of the graph was typed to read in another type get it back after the node.
    std::vector<onnx::NodeProto> after;
    for (int k = 0; k < node.output_size(); ++k) {
      const std::string out = node.output(k);
      const int32_t expected = ElemType(index.TypeOf(0, out));
      if (out.empty() || OutputParam(*schema, k) != conflict->type_param || Rank(expected) == 0 ||
          expected == conflict->wide) {
        continue;
      }
      const std::string wide = fmt::format("{}/ortkit_{}", out, TypeName(conflict->wide));
      node.set_output(k, wide);
      after.push_back(fixes::CastNode(wide + "/Cast", wide, out, expected));
      what.push_back(fmt::format("output '{}' back to {}", out, TypeName(expected)));
    }
    *graph.add_node() = std::move(node);
    for (auto& cast : after) *graph.add_node() = std::move(cast);
    repair.repaired.push_back(fmt::format("{} ({}): computes in {}: {}", label, original.node(i).op_type(),
                                          TypeName(conflict->wide), fmt::join(what, ", ")));
  }
  return repair;
}

}  // namespace ortkit::graph
