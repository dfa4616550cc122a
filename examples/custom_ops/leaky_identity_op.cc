// LeakyIdentity: copies its input and loses leak_bytes of heap per call, deliberately.
#include "leaky_identity_op.h"

#include <algorithm>
#include <cstring>
#include <string>

#include "attributes.h"
#include "status_boundary.h"

namespace ortkit_example {
namespace {

// The last leaked block, written through a volatile pointer: without a visible use the compiler
// may delete an unused new[] together with its memset. Only the newest block is reachable from
// here; every earlier one is lost for good, as a real leak would be.
void* volatile g_last_leak = nullptr;

}  // namespace

LeakyIdentityKernel::LeakyIdentityKernel(const OrtKernelInfo* raw_info) {
  const Ort::ConstKernelInfo info(raw_info);
  const std::string node = info.GetNodeName();
  const std::string label = "LeakyIdentity" + (node.empty() ? std::string() : " node '" + node + "'");
  leak_bytes_ = IntAttributeOr(info, label, "leak_bytes", 4096);
  if (leak_bytes_ < 0) {
    throw Ort::Exception(label + ": attribute 'leak_bytes' is " + std::to_string(leak_bytes_) + ", expected >= 0",
                         ORT_INVALID_ARGUMENT);
  }
}

void LeakyIdentityKernel::Compute(OrtKernelContext* raw_context) const {
  Ort::KernelContext context(raw_context);
  const Ort::ConstValue input = context.GetInput(0);
  const Ort::TensorTypeAndShapeInfo info = input.GetTensorTypeAndShapeInfo();
  Ort::UnownedValue output = context.GetOutput(0, info.GetShape());
  const float* from = input.GetTensorData<float>();
  std::copy(from, from + info.GetElementCount(), output.GetTensorMutableData<float>());

  if (leak_bytes_ > 0) {
    char* leak = new char[static_cast<size_t>(leak_bytes_)];  // never deleted: this op's purpose
    std::memset(leak, 0xA5, static_cast<size_t>(leak_bytes_));
    g_last_leak = leak;
  }
}

OrtStatus* LeakyIdentityKernel::ComputeV2(OrtKernelContext* context) const {
  return StatusFrom([&] { Compute(context); });
}

OrtStatus* LeakyIdentityOp::CreateKernelV2(const OrtApi&, const OrtKernelInfo* info, void** kernel) const {
  return StatusFrom([&] { *kernel = new LeakyIdentityKernel(info); });
}

}  // namespace ortkit_example
