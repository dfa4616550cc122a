// An ONNX attribute as the details panel shows it: small values in full, long ones cut.
#pragma once

#include <string>

#include <onnx/onnx_pb.h>

namespace ortkit::view {

/// "3", "0.5", "'NOTSET'", "[1, 1, 2, 2]", "[0, 1, 2, ... (64 values)]",
/// "tensor float32[64,64]" (payloads are never read: the view parses the model without them),
/// "graph (12 nodes)".
std::string AttributeText(const onnx::AttributeProto& attribute);

}  // namespace ortkit::view
