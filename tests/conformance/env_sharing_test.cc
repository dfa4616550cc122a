// Checks what the conformance sweep relies on: a raw Ort::Env made after ortkit's is the same
// process environment, logs through ortkit's sink, and both sides keep working alongside it.
#include <algorithm>
#include <filesystem>
#include <mutex>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <onnxruntime_cxx_api.h>

#include "ortkit/model.h"
#include "ortkit/runtime.h"

namespace ortkit {
namespace {

const std::string kAbsModel = std::string(ORTKIT_ONNX_TESTDATA_DIR) + "/node/test_abs/model.onnx";

float OrtkitAbs(const Model& model, float x) {
  std::vector<float> in(60, x);  // test_abs takes float32[3,4,5]
  auto out = model.run({{"x", Tensor::Borrow(in.data(), in.size(), {3, 4, 5})}});
  return out.at(0).value.tensor().data_as<float>()[0];
}

TEST(EnvSharingTest, RawEnvJoinsOrtkitsEnvAndBothSidesRun) {
  if (!std::filesystem::exists(kAbsModel)) GTEST_SKIP() << "no " << kAbsModel;
  std::mutex mutex;
  std::vector<std::string> categories;
  SetLogSink(
      [&](LogSeverity, std::string_view category, std::string_view) {
        std::lock_guard<std::mutex> lock(mutex);
        categories.emplace_back(category);
      },
      LogSeverity::kVerbose);
  const Model model = Model::Load(kAbsModel);  // ortkit's Env exists from here on
  {
    Ort::Env raw(ORT_LOGGING_LEVEL_WARNING, "raw");
    Ort::Env again(ORT_LOGGING_LEVEL_WARNING, "raw-again");
    EXPECT_EQ(static_cast<OrtEnv*>(raw), static_cast<OrtEnv*>(again)) << "ORT made a second environment";

    Ort::SessionOptions options;
    options.SetLogId("raw-probe");
    Ort::Session session(raw, kAbsModel.c_str(), options);
    {
      std::lock_guard<std::mutex> lock(mutex);
      EXPECT_NE(std::find(categories.begin(), categories.end(), "raw-probe"), categories.end())
          << "the raw session's log did not reach ortkit's sink: not the same Env";
    }
    std::vector<float> in(60, -2.0f);
    const std::vector<int64_t> shape{3, 4, 5};
    auto cpu = Ort::MemoryInfo::CreateCpu(OrtDeviceAllocator, OrtMemTypeCPU);
    Ort::Value x = Ort::Value::CreateTensor(cpu, in.data(), in.size(), shape.data(), shape.size());
    const char* in_name = "x";
    const char* out_name = "y";
    auto out = session.Run(Ort::RunOptions{nullptr}, &in_name, &x, 1, &out_name, 1);
    EXPECT_EQ(out.at(0).GetTensorData<float>()[0], 2.0f);
    EXPECT_EQ(OrtkitAbs(model, -3.0f), 3.0f);
  }
  SetLogSink(nullptr);
  // The raw Envs are released: ortkit's reference keeps the environment alive.
  EXPECT_EQ(OrtkitAbs(model, -4.0f), 4.0f);
  EXPECT_EQ(OrtkitAbs(Model::Load(kAbsModel), -5.0f), 5.0f);
}

}  // namespace
}  // namespace ortkit
