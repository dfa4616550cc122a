// What a model declares for one of its inputs or outputs.
#pragma once

#include <string>

#include "ortkit/element_type.h"
#include "ortkit/shape.h"
#include "ortkit/value.h"

namespace ortkit {

struct ValueSpec {
  std::string name;
  ValueKind kind = ValueKind::kTensor;
  /// For a tensor (or an optional tensor): its element type. kUndefined for other kinds.
  ElementType element_type = ElementType::kUndefined;
  /// For a tensor: the declared shape, with symbolic dimensions by name. Empty for a scalar.
  DeclaredShape shape;
  /// False when the model declares no shape at all (any rank is accepted).
  bool has_shape = true;
  /// ONNX's spelling of the full type, e.g. "tensor(float)", "seq(tensor(int64))",
  /// "map(int64,tensor(float))", "optional(tensor(float))".
  std::string onnx_type;

  /// "image: float32[batch,3,224,224]", or "s: seq(tensor(float))" for non-tensors.
  std::string Describe() const;
  /// "float32[batch,3,224,224]" (tensors) or onnx_type (others).
  std::string TypeString() const;
};

}  // namespace ortkit
