// An independent TensorProto decoder for the raw-ORT runner, so that a bug in ortkit's reader
// can't hide behind the same bug on both sides of the comparison.
#pragma once

#include <string>

#include "ortkit/tensor.h"

namespace ortkit::conformance {

struct StoredTensor {
  std::string name;  ///< TensorProto.name (may be empty)
  Tensor tensor;     ///< owned; ortkit::Tensor serves only as a container here
};

/// Decodes the TensorProto file at `path` with the ONNX protobuf classes: raw_data or the typed
/// fields. Throws std::runtime_error naming the file for anything it can't decode.
StoredTensor DecodeTensorProtoFile(const std::string& path);

}  // namespace ortkit::conformance
