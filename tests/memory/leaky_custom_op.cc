// LeakyCopy: Ort::CustomOpBase with a kernel that mallocs and never frees.
#include "memory/leaky_custom_op.h"

#include <cstdlib>
#include <cstring>
#include <vector>

#include <onnxruntime_cxx_api.h>

#include "core/arena_stats.h"
#include "graph/model_builder.h"

namespace ortkit::testing {
namespace {

// The last leaked block, so that the compiler can't prove the malloc unused and drop it. Every
// earlier block is unreachable: that is the leak.
void* volatile g_last_leaked_block = nullptr;

struct LeakyCopyKernel {
  std::size_t leak_bytes;

  void Compute(OrtKernelContext* raw_context) {
    Ort::KernelContext context(raw_context);
    Ort::ConstValue input = context.GetInput(0);
    const std::vector<int64_t> shape = input.GetTensorTypeAndShapeInfo().GetShape();
    const std::size_t count = input.GetTensorTypeAndShapeInfo().GetElementCount();
    Ort::UnownedValue output = context.GetOutput(0, shape);
    std::memcpy(output.GetTensorMutableData<float>(), input.GetTensorData<float>(), count * sizeof(float));
    if (leak_bytes > 0) {
      void* block = std::malloc(leak_bytes);  // deliberately never freed: the planted leak
      if (block) std::memset(block, 0xAB, leak_bytes);
      g_last_leaked_block = block;
    }
  }
};

struct LeakyCopyOp : Ort::CustomOpBase<LeakyCopyOp, LeakyCopyKernel> {
  std::size_t leak_bytes = 0;

  // ORT owns the kernel from here and deletes it through CustomOpBase's KernelDestroy.
  void* CreateKernel(const OrtApi&, const OrtKernelInfo*) const {
    return std::make_unique<LeakyCopyKernel>(LeakyCopyKernel{leak_bytes}).release();
  }
  const char* GetName() const { return "LeakyCopy"; }
  std::size_t GetInputTypeCount() const { return 1; }
  ONNXTensorElementDataType GetInputType(std::size_t) const { return ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT; }
  std::size_t GetOutputTypeCount() const { return 1; }
  ONNXTensorElementDataType GetOutputType(std::size_t) const { return ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT; }
};

}  // namespace

std::string LeakyCopyModel() {
  return graph::ModelBuilder("leaky_copy")
      .Opset("ortkit.test", 1)
      .Input("x", ElementType::kFloat32, {"n"})
      .Node("LeakyCopy", {"x"}, {"y"}, {}, "leaky_copy", "ortkit.test")
      .Output("y", ElementType::kFloat32, {"n"})
      .Serialize();
}

// Declaration order is destruction order reversed: the session goes before the domain and the
// op it points to.
struct LeakyCopyWorkload::Impl {
  Ort::Env env;  // ORT hands back the process's one Env; held so that it outlives the session
  LeakyCopyOp op;
  Ort::CustomOpDomain domain{"ortkit.test"};
  Ort::Session session{nullptr};
  Ort::Allocator arena{nullptr};
  Ort::MemoryInfo cpu = Ort::MemoryInfo::CreateCpu(OrtDeviceAllocator, OrtMemTypeCPU);
  std::vector<float> data;
  std::vector<int64_t> shape;
  std::vector<Ort::Value> outputs;
};

LeakyCopyWorkload::LeakyCopyWorkload(std::size_t leak_bytes) : impl_(std::make_unique<Impl>()) {
  impl_->op.leak_bytes = leak_bytes;
  impl_->domain.Add(&impl_->op);
  Ort::SessionOptions options;
  options.SetIntraOpNumThreads(1);
  options.Add(impl_->domain);
  const std::string bytes = LeakyCopyModel();
  impl_->session = Ort::Session(impl_->env, bytes.data(), bytes.size(), options);
  impl_->arena = core::SessionCpuArena(impl_->session);
}

LeakyCopyWorkload::~LeakyCopyWorkload() = default;

void LeakyCopyWorkload::Prepare(const memory::Dims& dims) {
  const auto it = dims.find("n");
  const int64_t n = it == dims.end() ? 16 : it->second;
  if (impl_->shape.size() == 1 && impl_->shape[0] == n) return;
  impl_->data.assign(static_cast<std::size_t>(n), 1.0f);
  impl_->shape = {n};
}

void LeakyCopyWorkload::Run() {
  Ort::Value input = Ort::Value::CreateTensor<float>(impl_->cpu, impl_->data.data(), impl_->data.size(),
                                                     impl_->shape.data(), impl_->shape.size());
  const char* input_names[] = {"x"};
  const char* output_names[] = {"y"};
  impl_->outputs = impl_->session.Run(Ort::RunOptions{nullptr}, input_names, &input, 1, output_names, 1);
}

void LeakyCopyWorkload::Release() { impl_->outputs.clear(); }

std::optional<ArenaStats> LeakyCopyWorkload::Arena() const { return core::ReadArenaStats(impl_->arena); }

}  // namespace ortkit::testing
