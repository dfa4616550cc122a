// Shape inference on the stripped model, then a walk of its graphs in the scanner's order.
#include "graph/inferred_types.h"

#include <limits>

#include <onnx/defs/schema.h>
#include <onnx/shape_inference/implementation.h>

#include "core/text.h"
#include "graph/free_dims.h"
#include "graph/guarded_schemas.h"
#include "graph/inference_guard.h"
#include "graph/payload_strip.h"

namespace ortkit::graph {
namespace {

ValueType TensorType(int elem_type, bool has_shape, const onnx::TensorShapeProto& shape) {
  ValueType type{DataTypeName(elem_type), std::nullopt};
  if (!has_shape) return type;
  type.shape.emplace();
  for (const auto& dim : shape.dim()) {
    if (dim.has_dim_value()) {
      type.shape->push_back(dim.dim_value() >= 0 ? Dim::Fixed(dim.dim_value()) : Dim::Free());
    } else {
      type.shape->push_back(Dim::Free(dim.dim_param()));  // "" when neither is set
    }
  }
  return type;
}

// Symbols ONNX made up during inference carry no meaning for the reader: show them as "?". A
// symbol given a size (--dim) that inference left in a shape shows the size.
ValueType ResolveDims(ValueType type, const FreeDimSizes& sizes) {
  if (type.shape) {
    for (Dim& d : *type.shape) {
      if (d.symbol.rfind("unk__", 0) == 0) d.symbol.clear();
      const auto size = d.symbol.empty() ? sizes.end() : sizes.find(d.symbol);
      if (size != sizes.end()) d = Dim::Fixed(size->second);
    }
  }
  return type;
}

void Collect(const onnx::GraphProto& graph, const std::string& path, const FreeDimSizes& sizes, InferredTypes* out) {
  auto& types = out->graphs[path];
  for (const auto& t : graph.initializer()) {
    DeclaredShape dims;
    for (int64_t d : t.dims()) dims.push_back(d >= 0 ? Dim::Fixed(d) : Dim::Free());
    types[t.name()] = ValueType{DataTypeName(t.data_type()), std::move(dims)};
  }
  // Declared and inferred types override what initializers imply, outputs last (most specific).
  for (const auto* list : {&graph.input(), &graph.value_info(), &graph.output()}) {
    for (const auto& v : *list) types[v.name()] = ResolveDims(ValueTypeFromProto(v.type()), sizes);
  }
  for (int i = 0; i < graph.node_size(); ++i) {
    const onnx::NodeProto& node = graph.node(i);
    for (const auto& attr : node.attribute()) {
      const auto index = static_cast<std::size_t>(i);
      if (attr.has_g()) {
        Collect(attr.g(), SubgraphPath(path, node.name(), node.op_type(), index, attr.name(), -1), sizes, out);
      }
      for (int j = 0; j < attr.graphs_size(); ++j) {
        Collect(attr.graphs(j), SubgraphPath(path, node.name(), node.op_type(), index, attr.name(), j), sizes, out);
      }
    }
  }
}

}  // namespace

ValueType ValueTypeFromProto(const onnx::TypeProto& type) {
  switch (type.value_case()) {
    case onnx::TypeProto::kTensorType: {
      const auto& t = type.tensor_type();
      return TensorType(t.elem_type(), t.has_shape(), t.shape());
    }
    case onnx::TypeProto::kSparseTensorType: {
      const auto& t = type.sparse_tensor_type();
      ValueType sparse = TensorType(t.elem_type(), t.has_shape(), t.shape());
      return ValueType{"sparse_tensor(" + sparse.type + ")", std::move(sparse.shape)};
    }
    case onnx::TypeProto::kSequenceType: {
      const auto& s = type.sequence_type();
      return ValueType{"seq(" + DescribeType(s.has_elem_type() ? ValueTypeFromProto(s.elem_type()) : ValueType{}) + ")",
                       std::nullopt};
    }
    case onnx::TypeProto::kOptionalType: {
      const auto& o = type.optional_type();
      return ValueType{
          "optional(" + DescribeType(o.has_elem_type() ? ValueTypeFromProto(o.elem_type()) : ValueType{}) + ")",
          std::nullopt};
    }
    case onnx::TypeProto::kMapType: {
      const auto& m = type.map_type();
      const ValueType value = m.has_value_type() ? ValueTypeFromProto(m.value_type()) : ValueType{};
      return ValueType{"map(" + DataTypeName(m.key_type()) + "," + DescribeType(value) + ")", std::nullopt};
    }
    case onnx::TypeProto::kOpaqueType: return ValueType{"opaque", std::nullopt};
    default: return ValueType{};
  }
}

InferredModel InferStrippedModel(std::string_view model, std::string_view label, uint64_t keep_payload_bytes,
                                 const FreeDimSizes& sizes, bool run_inference) {
  InferredModel out;
  const std::string stripped = StripTensorPayloads(model, label, keep_payload_bytes);
  if (stripped.size() > static_cast<std::size_t>(std::numeric_limits<int>::max()) ||
      !out.proto.ParseFromString(stripped)) {
    out.proto.Clear();
    out.error = "protobuf could not parse the model's structure";
    return out;
  }
  ApplyDimSizes(sizes, &out.proto);
  if (!run_inference) return out;
  // ONNX would crash on nodes that break their schema (inference_guard.h): only declared types then.
  out.error = InferenceBlocker(out.proto);
  if (out.error.empty()) {
    try {
      // Node-level failures are skipped (error_mode 0); data propagation follows Shape -> Reshape,
      // where ONNX can run it without crashing.
      onnx::shape_inference::InferShapes(out.proto, GuardedSchemas(),
                                         onnx::ShapeInferenceOptions(/*check_type=*/false, /*error_mode=*/0,
                                                                     DataPropagationIsSafe(out.proto)));
    } catch (const std::exception& e) {
      out.error = core::FoldWhitespace(e.what());
    }
  }
  return out;
}

InferredTypes CollectInferredTypes(const InferredModel& model, const FreeDimSizes& sizes) {
  InferredTypes out;
  out.error = model.error;
  if (model.proto.has_graph()) Collect(model.proto.graph(), "", sizes, &out);
  return out;
}

InferredTypes InferValueTypes(std::string_view model, std::string_view label, uint64_t keep_payload_bytes) {
  return CollectInferredTypes(InferStrippedModel(model, label, keep_payload_bytes));
}

}  // namespace ortkit::graph
