// Text forms of declared input/output types.
#include "ortkit/value_spec.h"

namespace ortkit {

std::string ValueSpec::TypeString() const {
  if (kind != ValueKind::kTensor) return onnx_type;
  std::string out(ElementTypeName(element_type));
  return has_shape ? out + ShapeToString(shape) : out + "[...]";
}

std::string ValueSpec::Describe() const { return name + ": " + TypeString(); }

}  // namespace ortkit
