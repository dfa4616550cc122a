// The ONNX Runtime custom op and kernel of modulated deformable convolution, in two conventions.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "deform_conv_shapes.h"
#include "ort_api.h"

namespace ortkit_example {

/// Which exporter's node the op reads. Both take inputs X, offset, mask, weight, bias (optional).
enum class DeformConvConvention {
  /// mmcv's exporter: op MMCVModulatedDeformConv2d, attributes stride, padding, dilation (2 ints
  /// each), groups, deform_groups.
  kMmcv,
  /// CenterNet / the TensorRT DCNv2 plugin: op DCNv2, attributes stride, padding, dilation (2 ints
  /// each), deformable_groups; always one convolution group.
  kDcnV2,
};

/// One DCN node's kernel: its attributes, read once when the session is created (defaults for
/// the missing ones: stride 1,1, padding 0,0, dilation 1,1, groups 1, deform groups 1).
/// Stateless across calls, so concurrent Run calls on one session may share it.
class DeformConvKernel {
 public:
  /// Throws Ort::Exception (ORT_INVALID_ARGUMENT) naming the node and attribute when an
  /// attribute is mistyped or out of range.
  DeformConvKernel(const OrtKernelInfo* info, DeformConvConvention convention);

  /// Validates the input shapes (Ort::Exception naming the input, the expected and the found
  /// shape) and writes Y [N, Cout, Ho, Wo], in ORT's intra-op thread pool.
  void Compute(OrtKernelContext* context) const;
  /// Compute() with its exceptions turned into a returned status (Ort::CustomOpBase's V2 path).
  OrtStatus* ComputeV2(OrtKernelContext* context) const;

 private:
  std::string label_;  // "DCNv2 node '/dcn/DCNv2'": the head of every message
  DeformConvAttributes attributes_;
};

/// The op: schema (5 float inputs, the last optional; 1 float output) and kernel factory.
/// Trivially destructible, so a static instance stays valid until the library is unloaded.
///
/// Built on Ort::CustomOpBase rather than the lite API (onnxruntime_lite_custom_op.h): the
/// optional bias input, the per-convention name and the status-returning kernel calls are
/// spelled out here instead of being deduced from a function signature, and one op class
/// serves both conventions with a constructor argument.
struct DeformConvOp : Ort::CustomOpBase<DeformConvOp, DeformConvKernel, /*WithStatus=*/true> {
  explicit DeformConvOp(DeformConvConvention convention) : convention_(convention) {}

  OrtStatus* CreateKernelV2(const OrtApi& api, const OrtKernelInfo* info, void** kernel) const;
  const char* GetName() const;
  size_t GetInputTypeCount() const { return 5; }
  ONNXTensorElementDataType GetInputType(size_t) const { return ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT; }
  OrtCustomOpInputOutputCharacteristic GetInputCharacteristic(size_t index) const {
    return index == 4 ? INPUT_OUTPUT_OPTIONAL : INPUT_OUTPUT_REQUIRED;
  }
  size_t GetOutputTypeCount() const { return 1; }
  ONNXTensorElementDataType GetOutputType(size_t) const { return ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT; }

 private:
  DeformConvConvention convention_;
};

}  // namespace ortkit_example
