// float32 tensor data in and out of onnx::TensorProto, for the passes that rewrite weights
// (quantize-dynamic, float16).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <onnx/onnx_pb.h>

namespace ortkit::graph::fixes {

/// The element count of `tensor`'s shape.
int64_t ElementCount(const onnx::TensorProto& tensor);

/// The values of a FLOAT tensor (raw_data or float_data). Throws Error(kLoad) naming `pass` and
/// the tensor when its data is external or its byte count does not fit its shape.
std::vector<float> ReadFloats(const onnx::TensorProto& tensor, const std::string& pass);

/// A tensor named `name` of `type` with `dims`, holding `bytes` (little-endian) in raw_data.
onnx::TensorProto RawTensor(const std::string& name, int32_t type, const std::vector<int64_t>& dims,
                            std::string bytes);

}  // namespace ortkit::graph::fixes

namespace ortkit::graph::fixes {

/// float -> IEEE binary16, rounding to nearest even; beyond float16's range gives +-inf, NaN
/// stays NaN. Callers that want clamping clamp first (ToFloat16 does).
uint16_t FloatToHalf(float value);

/// What converting one float32 tensor to float16 did.
struct HalfConversion {
  int64_t values = 0;
  int64_t clamped = 0;     ///< finite values beyond +-65504, clamped to it
  int64_t underflowed = 0;  ///< non-zero values below float16's smallest subnormal, now 0
  double lowest = 0;       ///< the most negative value clamped (0 when none)
  double highest = 0;      ///< the most positive value clamped (0 when none)
};

/// Converts a FLOAT tensor to FLOAT16 in place (raw_data), clamping finite values to +-65504;
/// infinities and NaN stay as they are. Throws as ReadFloats does.
HalfConversion ToFloat16(onnx::TensorProto& tensor, const std::string& pass);

}  // namespace ortkit::graph::fixes
