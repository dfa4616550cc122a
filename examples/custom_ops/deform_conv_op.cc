// DeformConvOp / DeformConvKernel: attributes at session creation, shapes and threads per call.
#include "deform_conv_op.h"

#include <atomic>
#include <exception>
#include <mutex>
#include <vector>

#include "attributes.h"
#include "deform_conv.h"
#include "deform_conv_shapes.h"
#include "status_boundary.h"

namespace ortkit_example {
namespace {

const char* OpName(DeformConvConvention convention) {
  return convention == DeformConvConvention::kMmcv ? "MMCVModulatedDeformConv2d" : "DCNv2";
}

std::string Label(const Ort::ConstKernelInfo& info, DeformConvConvention convention) {
  const std::string node = info.GetNodeName();
  return std::string(OpName(convention)) + (node.empty() ? std::string() : " node '" + node + "'");
}

std::vector<int64_t> ShapeOf(const Ort::ConstValue& value) {
  return value.GetTensorTypeAndShapeInfo().GetShape();
}

// One ParallelFor over the work items of DeformConvBlockRange. ORT's thread pool calls a C
// function per item and cannot carry an exception, so the first failure (only std::bad_alloc of
// the scratch can happen) is kept here and rethrown on the calling thread.
struct ParallelJob {
  const DeformConvGeometry* geometry;
  const DeformConvTensors* tensors;
  std::atomic<bool> failed{false};
  std::mutex error_mutex;
  std::exception_ptr error;

  static void Run(void* self, size_t item) {
    auto* job = static_cast<ParallelJob*>(self);
    if (job->failed.load(std::memory_order_relaxed)) return;
    try {
      // Per item, not per thread: a block's work (kh*kw*C/groups bilinear samples and as many
      // multiply-adds per output channel, times 256 positions) dwarfs three allocations.
      DeformConvScratch scratch(*job->geometry);
      const auto i = static_cast<int64_t>(item);
      DeformConvBlockRange(*job->geometry, *job->tensors, i, i + 1, scratch);
    } catch (...) {
      std::lock_guard<std::mutex> lock(job->error_mutex);
      if (!job->error) job->error = std::current_exception();
      job->failed.store(true, std::memory_order_relaxed);
    }
  }
};

}  // namespace

DeformConvKernel::DeformConvKernel(const OrtKernelInfo* raw_info, DeformConvConvention convention) {
  const Ort::ConstKernelInfo info(raw_info);
  label_ = Label(info, convention);
  attributes_.stride = PairAttributeOr(info, label_, "stride", {1, 1});
  attributes_.padding = PairAttributeOr(info, label_, "padding", {0, 0});
  attributes_.dilation = PairAttributeOr(info, label_, "dilation", {1, 1});
  if (convention == DeformConvConvention::kMmcv) {
    attributes_.groups = IntAttributeOr(info, label_, "groups", 1);
    attributes_.deform_groups_name = "deform_groups";
  } else {
    attributes_.groups = 1;  // the DCNv2 plugin convention has no grouped convolution
    attributes_.deform_groups_name = "deformable_groups";
  }
  attributes_.deform_groups = IntAttributeOr(info, label_, attributes_.deform_groups_name, 1);
  CheckDeformConvAttributes(label_, attributes_);
}

void DeformConvKernel::Compute(OrtKernelContext* raw_context) const {
  Ort::KernelContext context(raw_context);
  const Ort::ConstValue x = context.GetInput(0);
  const Ort::ConstValue offset = context.GetInput(1);
  const Ort::ConstValue mask = context.GetInput(2);
  const Ort::ConstValue weight = context.GetInput(3);
  // An absent optional input is either left off the end or given as "": both read as null here.
  const Ort::ConstValue bias = context.GetInputCount() > 4 ? context.GetInput(4) : Ort::ConstValue(nullptr);
  const std::vector<int64_t> bias_shape = bias != nullptr ? ShapeOf(bias) : std::vector<int64_t>{};

  const DeformConvGeometry g = CheckDeformConvShapes(label_, attributes_, ShapeOf(x), ShapeOf(offset), ShapeOf(mask),
                                                     ShapeOf(weight), bias != nullptr ? &bias_shape : nullptr);
  Ort::UnownedValue y = context.GetOutput(0, {g.batch, g.out_channels, g.out_h, g.out_w});

  DeformConvTensors tensors;
  tensors.x = x.GetTensorData<float>();
  tensors.offset = offset.GetTensorData<float>();
  tensors.mask = mask.GetTensorData<float>();
  tensors.weight = weight.GetTensorData<float>();
  tensors.bias = bias != nullptr ? bias.GetTensorData<float>() : nullptr;
  tensors.y = y.GetTensorMutableData<float>();

  const int64_t items = DeformConvWorkItems(g);
  if (items == 0) return;  // N == 0: an empty output, nothing to compute
  ParallelJob job;
  job.geometry = &g;
  job.tensors = &tensors;
  // num_batch 0: ORT splits the items over its intra-op pool (or runs them inline without one).
  context.ParallelFor(&ParallelJob::Run, static_cast<size_t>(items), 0, &job);
  if (job.error) std::rethrow_exception(job.error);
}

OrtStatus* DeformConvKernel::ComputeV2(OrtKernelContext* context) const {
  return StatusFrom([&] { Compute(context); });
}

OrtStatus* DeformConvOp::CreateKernelV2(const OrtApi&, const OrtKernelInfo* info, void** kernel) const {
  return StatusFrom([&] { *kernel = new DeformConvKernel(info, convention_); });
}

const char* DeformConvOp::GetName() const { return OpName(convention_); }

}  // namespace ortkit_example
