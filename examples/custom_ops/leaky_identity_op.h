// LeakyIdentity: a copy op that leaks on purpose, the target ortkit's memcheck must find.
#pragma once

#include <cstddef>
#include <cstdint>

#include "ort_api.h"

namespace ortkit_example {

/// One LeakyIdentity node: output = input (a float tensor of any shape, copied), and each call
/// allocates `leak_bytes` (int attribute, default 4096) with new[], fills them with memset so
/// they count as resident, and never frees them. It exists so that ortkit's memcheck can be
/// tested on a real leak inside a custom op, where ORT's own allocator statistics see nothing.
class LeakyIdentityKernel {
 public:
  /// Throws Ort::Exception (ORT_INVALID_ARGUMENT) when leak_bytes is negative or not an int.
  explicit LeakyIdentityKernel(const OrtKernelInfo* info);

  void Compute(OrtKernelContext* context) const;
  OrtStatus* ComputeV2(OrtKernelContext* context) const;

 private:
  int64_t leak_bytes_ = 4096;
};

/// The op: one float input, one float output (see LeakyIdentityKernel).
struct LeakyIdentityOp : Ort::CustomOpBase<LeakyIdentityOp, LeakyIdentityKernel, /*WithStatus=*/true> {
  OrtStatus* CreateKernelV2(const OrtApi& api, const OrtKernelInfo* info, void** kernel) const;
  const char* GetName() const { return "LeakyIdentity"; }
  size_t GetInputTypeCount() const { return 1; }
  ONNXTensorElementDataType GetInputType(size_t) const { return ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT; }
  size_t GetOutputTypeCount() const { return 1; }
  ONNXTensorElementDataType GetOutputType(size_t) const { return ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT; }
};

}  // namespace ortkit_example
