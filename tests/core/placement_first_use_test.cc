// Regression test, in a process of its own: ReadNodePlacement with WebGPU as the very first use of
// ONNX Runtime. Appending the WebGPU provider logs through ORT's default logger, which exists only
// once an Env does; ReadNodePlacement once built the session options before creating the Env and
// failed with "Attempt to use DefaultLogger but none has been registered".
#include "ortkit/placement.h"

#include <gtest/gtest.h>

#include "ortkit/error.h"
#include "ortkit/runtime.h"
#include "testing/temp_dir.h"
#include "testing/test_models.h"

namespace ortkit {
namespace {

TEST(PlacementFirstUseTest, WebGpuWorksAsTheFirstOrtCallOfTheProcess) {
  testing::TempDir dir;
  const std::string path = dir.File("add.onnx");
  testing::WriteFile(path, testing::AddModel());
  SessionConfig config;
  config.providers.push_back(ProviderConfig{"webgpu", {}});
  std::string failure;
  try {
    const auto placements = ReadNodePlacement(path, config);  // before anything else touches ORT
    EXPECT_FALSE(placements.empty());
  } catch (const Error& e) {
    failure = e.what();
  }
  if (failure.empty()) return;
  std::string why;
  if (!ProviderUsable("webgpu", &why)) GTEST_SKIP() << "WebGPU is not usable here: " << why;
  FAIL() << failure;
}

}  // namespace
}  // namespace ortkit
