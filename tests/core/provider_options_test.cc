// The provider option table: known keys and values pass, a typo is refused with the keys the
// provider accepts, and SessionConfig / Model::Load refuse them before ORT could ignore them.
#include "core/provider_options.h"

#include <gtest/gtest.h>

#include "ortkit/error.h"
#include "ortkit/model.h"
#include "ortkit/runtime.h"
#include "ortkit/session_config.h"
#include "testing/temp_dir.h"
#include "testing/test_models.h"

namespace ortkit::core {
namespace {

TEST(ProviderOptionsTest, AcceptsTheCudaKeysTuneSearches) {
  EXPECT_EQ(CheckProviderOption("cuda", "cudnn_conv_algo_search", "EXHAUSTIVE"), "");
  EXPECT_EQ(CheckProviderOption("cuda", "cudnn_conv_algo_search", "HEURISTIC"), "");
  EXPECT_EQ(CheckProviderOption("cuda", "cudnn_conv_algo_search", "DEFAULT"), "");
  EXPECT_EQ(CheckProviderOption("cuda", "cudnn_conv_use_max_workspace", "1"), "");
  EXPECT_EQ(CheckProviderOption("cuda", "cudnn_conv1d_pad_to_nc1d", "0"), "");
  EXPECT_EQ(CheckProviderOption("cuda", "do_copy_in_default_stream", "true"), "");
  EXPECT_EQ(CheckProviderOption("cuda", "device_id", "0"), "");
  EXPECT_EQ(CheckProviderOption("cuda", "gpu_mem_limit", "2147483648"), "");
  EXPECT_EQ(CheckProviderOption("cuda", "arena_extend_strategy", "kSameAsRequested"), "");
}

TEST(ProviderOptionsTest, RefusesBadValuesSayingWhatIsAllowed) {
  EXPECT_EQ(CheckProviderOption("cuda", "cudnn_conv_algo_search", "FAST"),
            "provider 'cuda' option 'cudnn_conv_algo_search' takes EXHAUSTIVE, HEURISTIC or DEFAULT, got 'FAST'");
  EXPECT_EQ(CheckProviderOption("cuda", "cudnn_conv_use_max_workspace", "2"),
            "provider 'cuda' option 'cudnn_conv_use_max_workspace' takes 0 or 1 (or false, true), got '2'");
  EXPECT_EQ(CheckProviderOption("cuda", "gpu_mem_limit", "2GB"),
            "provider 'cuda' option 'gpu_mem_limit' takes a byte count, got '2GB'");
  EXPECT_EQ(CheckProviderOption("webgpu", "preferredLayout", "nhwc"),
            "provider 'webgpu' option 'preferredLayout' takes NCHW or NHWC, got 'nhwc'");
}

TEST(ProviderOptionsTest, AnUnknownKeyListsEveryKeyTheProviderAccepts) {
  const std::string why = CheckProviderOption("cuda", "cudnn_conv_algo", "HEURISTIC");
  EXPECT_EQ(why.rfind("provider 'cuda' has no option 'cudnn_conv_algo' (it accepts: device_id, ", 0), 0u) << why;
  for (const auto& key : *KnownProviderOptions("cuda")) EXPECT_NE(why.find(key.key), std::string::npos) << key.key;
  // ORT 1.30's WebGPU provider silently ignores unknown keys: the table is what catches a typo.
  const std::string webgpu = CheckProviderOption("webgpu", "preferedLayout", "NHWC");
  EXPECT_EQ(webgpu.rfind("provider 'webgpu' has no option 'preferedLayout' (it accepts: preferredLayout, ", 0), 0u) << webgpu;
}

TEST(ProviderOptionsTest, ProvidersWithoutATableAreLeftToOrt) {
  EXPECT_EQ(KnownProviderOptions("openvino"), nullptr);
  EXPECT_EQ(CheckProviderOption("openvino", "anything", "goes"), "");
}

TEST(ProviderOptionsTest, TuneValuesAreAcceptedValues) {
  for (const char* provider : {"cuda", "webgpu"}) {
    for (const auto& key : *KnownProviderOptions(provider)) {
      for (const auto& value : key.tune_values) EXPECT_EQ(CheckProviderOption(provider, key.key, value), "") << key.key;
    }
  }
}

TEST(ProviderOptionsTest, SessionConfigRefusesAnUnknownKeyNamingTheField) {
  SessionConfig config;
  config.providers = {{"cpu", {}}, {"CUDAExecutionProvider", {{"cudnn_conv_algo_serch", "HEURISTIC"}}}};
  try {
    config.Validate();
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.category(), ErrorCategory::kConfig);
    EXPECT_EQ(std::string(e.what()).rfind("session config: providers[1].options: provider 'cuda' has no option "
                                          "'cudnn_conv_algo_serch' (it accepts: ", 0), 0u) << e.what();
  }
  EXPECT_THROW(SessionConfig::FromJson(R"({"providers": [{"name": "webgpu", "options": {"preferredLayout": "NWHC"}}]})"),
               Error);
}

TEST(ProviderOptionsTest, ModelLoadRefusesAWebGpuTypoInsteadOfIgnoringIt) {
  testing::TempDir dir;
  testing::WriteFile(dir.File("add.onnx"), testing::AddModel());
  SessionConfig config;
  config.providers = {{"webgpu", {{"preferedLayout", "NHWC"}}}};
  try {
    Model::Load(dir.File("add.onnx"), config);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.category(), ErrorCategory::kConfig);
    EXPECT_NE(std::string(e.what()).find("has no option 'preferedLayout'"), std::string::npos) << e.what();
  }
}

TEST(ProviderOptionsTest, CudaOptionsAreNeverSilentlyDropped) {
  // Valid CUDA options on a machine whose ORT can't run CUDA: the load fails, it doesn't fall
  // back to CPU with the options dropped.
  testing::TempDir dir;
  testing::WriteFile(dir.File("add.onnx"), testing::AddModel());
  SessionConfig config;
  config.providers = {{"cuda", {{"cudnn_conv_algo_search", "HEURISTIC"}}}};
  std::string why;
  if (ProviderUsable("cuda", &why)) GTEST_SKIP() << "CUDA is usable here";
  EXPECT_THROW(Model::Load(dir.File("add.onnx"), config), Error);
}

}  // namespace
}  // namespace ortkit::core
