// Tests of profile/run_profile on traces produced here: a real ORT 1.30 profile of a conv net on
// the CPU, and, where WebGPU works, one of the demo model with Memcpy and CPU-fallback nodes.
#include "profile/run_profile.h"

#include <gtest/gtest.h>

#include "graph/demo_model.h"
#include "ortkit/error.h"
#include "ortkit/runtime.h"
#include "profile/profile_trace.h"
#include "testing/temp_dir.h"
#include "testing/test_models.h"

namespace ortkit::profile {
namespace {

class RunProfileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    testing::WriteFile(dir_.File("convnet.onnx"), testing::ConvNetModel());
    testing::WriteFile(dir_.File("demo.onnx"), graph::MakeDemoModel().SerializeAsString());
    spec_.model_path = dir_.File("convnet.onnx");
    spec_.config.intra_op_threads = 1;
    spec_.runs = 4;
  }

  testing::TempDir dir_;
  ProfileSpec spec_;
};

TEST_F(RunProfileTest, ProfilesEveryRunAndKeepsTheFirstApart) {
  spec_.inputs.dims = {{"batch", 2}};
  spec_.trace_path = dir_.File("trace.json");
  const ProfileRun run = RunProfile(spec_);
  const ProfileSummary& s = run.summary;
  EXPECT_EQ(s.layout, TraceLayout::kNodeIndex);
  EXPECT_EQ(s.runs, 4);
  EXPECT_EQ(s.steady_runs, 3);
  EXPECT_GT(s.first_run_us, 0);
  EXPECT_GT(s.steady_run_us, 0);
  EXPECT_LE(s.steady_kernel_us, s.steady_run_us);
  EXPECT_GT(s.session_init_us, 0);
  double share = 0;
  int64_t executions = 0;
  for (const auto& op : s.ops) {
    share += op.share;
    executions += op.count;
  }
  EXPECT_LE(share, 1.0 + 1e-9);  // sequential execution: kernels fit inside the run
  EXPECT_EQ(executions, 3 * static_cast<int64_t>(s.nodes.size()));  // every node once in each steady run
  EXPECT_EQ(run.providers, (std::vector<std::string>{"CPUExecutionProvider"}));
  EXPECT_TRUE(s.cpu_fallback_nodes.empty());
  // The kept trace is ORT's own file and reads back to the same summary.
  const ProfileSummary again = Summarize(ReadOrtProfile(spec_.trace_path));
  EXPECT_EQ(again.nodes.size(), s.nodes.size());
  EXPECT_DOUBLE_EQ(again.steady_run_us, s.steady_run_us);
}

TEST_F(RunProfileTest, WebGpuRunShowsMemcpyAndCpuFallback) {
  if (!ProviderUsable("webgpu")) GTEST_SKIP() << "WebGPU is not usable here";
  spec_.model_path = dir_.File("demo.onnx");  // its float64 Div and Softmax have no WebGPU kernel
  spec_.config.providers = {ProviderConfig{"webgpu", {}}};
  spec_.runs = 2;
  const ProfileRun run = RunProfile(spec_);
  EXPECT_EQ(run.providers.front(), "WebGpuExecutionProvider");
  EXPECT_EQ(run.summary.requested_providers, (std::vector<std::string>{"WebGpuExecutionProvider"}));
  ASSERT_FALSE(run.summary.cpu_fallback_nodes.empty());
  for (const auto& node : run.summary.cpu_fallback_nodes) EXPECT_EQ(node.provider, "CPUExecutionProvider");
  EXPECT_FALSE(run.summary.memcpy_nodes.empty());
}

TEST_F(RunProfileTest, ErrorsNameWhatIsWrong) {
  spec_.runs = 0;
  try {
    RunProfile(spec_);
    FAIL();
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "--runs: expected at least 1, got 0");
  }
  spec_.runs = 1;
  spec_.inputs.dims = {{"btch", 2}};
  try {
    RunProfile(spec_);
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.category(), ErrorCategory::kInput);
    EXPECT_STREQ(e.what(), "--dim btch=2: the model has no free dimension 'btch' (its free dimensions: batch)");
  }
}

}  // namespace
}  // namespace ortkit::profile
