// Turning float64 tensors and value types into float32.
#include "graph/fixes/float64_values.h"

#include <cmath>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

#include "ortkit/error.h"

namespace ortkit::graph::fixes {
namespace {

[[noreturn]] void Fail(const onnx::TensorProto& t, const std::string& what) {
  throw Error(ErrorCategory::kLoad, "float64-to-float32: tensor '" + t.name() + "': " + what);
}

int64_t ElementCount(const onnx::TensorProto& t) {
  int64_t n = 1;
  for (int64_t d : t.dims()) n *= d;
  return n;
}

// ONNX stores raw_data little-endian; so does every platform ORT and ortkit build for, which
// memcpy relies on.
std::vector<double> ReadDoubles(const onnx::TensorProto& t) {
  if (t.data_location() == onnx::TensorProto::EXTERNAL) {
    Fail(t, "its data is external; read the model with load_external_data first");
  }
  if (!t.has_raw_data()) return {t.double_data().begin(), t.double_data().end()};
  const std::string& raw = t.raw_data();
  if (raw.size() % sizeof(double) != 0 ||
      static_cast<int64_t>(raw.size() / sizeof(double)) != ElementCount(t)) {
    Fail(t, "raw_data holds " + std::to_string(raw.size()) + " bytes, expected " +
                std::to_string(ElementCount(t) * static_cast<int64_t>(sizeof(double))) + " for its shape");
  }
  std::vector<double> values(raw.size() / sizeof(double));
  std::memcpy(values.data(), raw.data(), raw.size());
  return values;
}

}  // namespace

TensorConversion TensorToFloat32(onnx::TensorProto& tensor) {
  TensorConversion result;
  if (tensor.data_type() != onnx::TensorProto::DOUBLE) return result;
  const std::vector<double> doubles = ReadDoubles(tensor);
  std::vector<float> floats(doubles.size());
  constexpr double kMax = std::numeric_limits<float>::max();
  for (std::size_t i = 0; i < doubles.size(); ++i) {
    floats[i] = static_cast<float>(doubles[i]);
    // Rounding to nearest keeps values just above FLT_MAX finite; only real overflows count.
    if (std::isfinite(doubles[i]) && std::isinf(floats[i]) && std::fabs(doubles[i]) > kMax) ++result.overflowed;
  }
  tensor.clear_double_data();
  tensor.set_data_type(onnx::TensorProto::FLOAT);
  tensor.set_raw_data(std::string(reinterpret_cast<const char*>(floats.data()), floats.size() * sizeof(float)));
  result.values = static_cast<int64_t>(floats.size());
  return result;
}

bool TypeToFloat32(onnx::TypeProto& type) {
  switch (type.value_case()) {
    case onnx::TypeProto::kTensorType:
      if (type.tensor_type().elem_type() != onnx::TensorProto::DOUBLE) return false;
      type.mutable_tensor_type()->set_elem_type(onnx::TensorProto::FLOAT);
      return true;
    case onnx::TypeProto::kSparseTensorType:
      if (type.sparse_tensor_type().elem_type() != onnx::TensorProto::DOUBLE) return false;
      type.mutable_sparse_tensor_type()->set_elem_type(onnx::TensorProto::FLOAT);
      return true;
    case onnx::TypeProto::kSequenceType:
      return TypeToFloat32(*type.mutable_sequence_type()->mutable_elem_type());
    case onnx::TypeProto::kOptionalType:
      return TypeToFloat32(*type.mutable_optional_type()->mutable_elem_type());
    case onnx::TypeProto::kMapType:
      return TypeToFloat32(*type.mutable_map_type()->mutable_value_type());
    default:
      return false;
  }
}

bool HasFloat64(const onnx::TypeProto& type) {
  onnx::TypeProto copy = type;
  return TypeToFloat32(copy);
}

}  // namespace ortkit::graph::fixes
