// Turning float64 tensors and value types into float32, for the float64-to-float32 pass.
#pragma once

#include <cstdint>

#include <onnx/onnx_pb.h>

namespace ortkit::graph::fixes {

/// What converting one tensor did.
struct TensorConversion {
  int64_t values = 0;      ///< elements converted
  int64_t overflowed = 0;  ///< finite values beyond float32's range, now +-inf
};

/// Converts a float64 tensor (raw_data or double_data) to float32 in raw_data, keeping its name,
/// shape and doc. Throws Error(kLoad) naming the tensor when its data is external or its byte
/// count does not fit its shape. Tensors of other types are not touched (zero counts).
TensorConversion TensorToFloat32(onnx::TensorProto& tensor);

/// Turns every tensor(double) inside `type` (also inside sequences, optionals and map values)
/// into tensor(float). Returns true when something changed.
bool TypeToFloat32(onnx::TypeProto& type);

/// True when `type` holds a float64 tensor somewhere (as TypeToFloat32 would change it).
bool HasFloat64(const onnx::TypeProto& type);

}  // namespace ortkit::graph::fixes
