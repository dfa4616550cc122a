// How the view spells a value's type: "float32[batch,64]", "int64[]" (a scalar), "seq(float32[?])".
#pragma once

#include <string>

#include <onnx/onnx_pb.h>

namespace ortkit::view {

/// `type` as shown in the details panel; "?" for nullptr or an unset type.
std::string TypeText(const onnx::TypeProto* type);

/// Whether `type` is a float64 tensor (or a sequence/optional of one).
bool IsFloat64(const onnx::TypeProto* type);

}  // namespace ortkit::view
