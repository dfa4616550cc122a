#include "view/type_text.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <vector>

#include "graph/model_summary.h"

namespace ortkit::view {

namespace {

std::string ShapeText(const onnx::TypeProto_Tensor& tensor) {
  const std::string element = graph::DataTypeName(tensor.elem_type());
  if (!tensor.has_shape()) return element;  // rank unknown
  std::vector<std::string> dims;
  for (const auto& dim : tensor.shape().dim()) {
    if (dim.has_dim_value()) {
      dims.push_back(std::to_string(dim.dim_value()));
    } else if (dim.has_dim_param() && !dim.dim_param().empty()) {
      dims.push_back(dim.dim_param());
    } else {
      dims.push_back("?");
    }
  }
  return fmt::format("{}[{}]", element, fmt::join(dims, ","));
}

}  // namespace

std::string TypeText(const onnx::TypeProto* type) {
  if (type == nullptr) return "?";
  switch (type->value_case()) {
    case onnx::TypeProto::kTensorType:
      return ShapeText(type->tensor_type());
    case onnx::TypeProto::kSparseTensorType:
      return "sparse_tensor(" + graph::DataTypeName(type->sparse_tensor_type().elem_type()) + ")";
    case onnx::TypeProto::kSequenceType:
      return "seq(" + TypeText(&type->sequence_type().elem_type()) + ")";
    case onnx::TypeProto::kOptionalType:
      return "optional(" + TypeText(&type->optional_type().elem_type()) + ")";
    case onnx::TypeProto::kMapType:
      return "map(" + graph::DataTypeName(type->map_type().key_type()) + "," +
             TypeText(&type->map_type().value_type()) + ")";
    default:
      return "?";
  }
}

bool IsFloat64(const onnx::TypeProto* type) {
  if (type == nullptr) return false;
  switch (type->value_case()) {
    case onnx::TypeProto::kTensorType:
      return type->tensor_type().elem_type() == onnx::TensorProto::DOUBLE;
    case onnx::TypeProto::kSequenceType:
      return IsFloat64(&type->sequence_type().elem_type());
    case onnx::TypeProto::kOptionalType:
      return IsFloat64(&type->optional_type().elem_type());
    default:
      return false;
  }
}

}  // namespace ortkit::view
