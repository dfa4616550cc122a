// ExampleOpsSession: the custom-op library loaded the way an application loads it.
#include "custom_ops/example_ops_session.h"

#include "core/ort_env.h"
#include "testing/custom_op_models.h"

namespace ortkit::testing {

ExampleOpsSession::ExampleOpsSession(const std::string& model_bytes, int intra_threads)
    : env_(core::ProcessEnv()) {
  options_.SetIntraOpNumThreads(intra_threads);
  options_.RegisterCustomOpsLibrary(ExampleOpsLibraryPath().c_str());
  session_ = Ort::Session(*env_, model_bytes.data(), model_bytes.size(), options_);
  Ort::AllocatorWithDefaultOptions allocator;
  output_name_ = session_.GetOutputNameAllocated(0, allocator).get();
}

FloatTensor ExampleOpsSession::Run(const std::vector<std::string>& names, const std::vector<FloatTensor>& inputs) {
  const Ort::MemoryInfo cpu = Ort::MemoryInfo::CreateCpu(OrtArenaAllocator, OrtMemTypeDefault);
  std::vector<Ort::Value> values;
  std::vector<const char*> input_names;
  for (size_t i = 0; i < inputs.size(); ++i) {
    // ORT only reads inputs; CreateTensor takes a non-const pointer for the general case.
    auto& data = const_cast<std::vector<float>&>(inputs[i].data);
    values.push_back(Ort::Value::CreateTensor<float>(cpu, data.data(), data.size(), inputs[i].shape.data(),
                                                     inputs[i].shape.size()));
    input_names.push_back(names[i].c_str());
  }
  const char* output_name = output_name_.c_str();
  std::vector<Ort::Value> outputs =
      session_.Run(Ort::RunOptions{nullptr}, input_names.data(), values.data(), values.size(), &output_name, 1);
  FloatTensor result;
  const Ort::TensorTypeAndShapeInfo info = outputs[0].GetTensorTypeAndShapeInfo();
  result.shape = info.GetShape();
  const float* out = outputs[0].GetTensorData<float>();
  result.data.assign(out, out + info.GetElementCount());
  return result;
}

}  // namespace ortkit::testing
