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
  // Each run is profiled alone: the load is timed by ortkit, not traced.
  EXPECT_EQ(s.session_init_us, 0);
  EXPECT_GT(run.load_us, 0);
  EXPECT_EQ(run.warmup, 1);
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
  // The kept trace (the runs' own traces joined) reads back to the same summary.
  const ProfileTrace trace = ReadOrtProfile(spec_.trace_path);
  const ProfileSummary again = Summarize(trace);
  EXPECT_EQ(again.nodes.size(), s.nodes.size());
  EXPECT_DOUBLE_EQ(again.steady_run_us, s.steady_run_us);
  // Only the reported runs are in it, one after the other: no load, no warm-up run.
  int64_t previous_end = -1;
  int spans = 0;
  for (const SessionEvent& event : trace.session_events) {
    EXPECT_NE(event.name, "session_initialization");
    EXPECT_NE(event.name, "model_loading_uri");
    if (event.name != "model_run") continue;
    ++spans;
    EXPECT_GE(event.ts_us, previous_end) << "runs overlap in the joined trace";
    previous_end = event.ts_us + event.dur_us;
  }
  EXPECT_EQ(spans, 4);
}

TEST_F(RunProfileTest, WarmUpRunsAreNotProfiled) {
  spec_.inputs.dims = {{"batch", 1}};
  spec_.runs = 2;
  spec_.warmup = 5;
  spec_.trace_path = dir_.File("trace.json");
  const ProfileRun run = RunProfile(spec_);
  EXPECT_EQ(run.summary.runs, 2);
  EXPECT_EQ(run.warmup, 5);
  int spans = 0;
  for (const SessionEvent& event : ReadOrtProfile(spec_.trace_path).session_events) spans += event.name == "model_run";
  EXPECT_EQ(spans, 2);
}

TEST_F(RunProfileTest, MemoryPerNodeNamesTheTracesNodes) {
  spec_.inputs.dims = {{"batch", 2}};
  const ProfileRun run = RunProfile(spec_);
  ASSERT_FALSE(run.node_memory.empty());
  int64_t outputs = 0;
  for (const NodeMemory& node : run.node_memory) {
    outputs += node.output_bytes;
    bool in_trace = false;
    for (const TimeRow& row : run.summary.nodes) in_trace |= row.name == node.node;
    EXPECT_TRUE(in_trace) << node.node << " is not a node of the trace";
    EXPECT_FALSE(node.op_type.empty()) << node.node;
  }
  EXPECT_GT(outputs, 0);
  for (std::size_t i = 1; i < run.node_memory.size(); ++i) {
    EXPECT_GE(run.node_memory[i - 1].allocated_bytes(), run.node_memory[i].allocated_bytes());
  }
  spec_.node_memory = false;
  EXPECT_TRUE(RunProfile(spec_).node_memory.empty());
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
  spec_.warmup = -1;
  try {
    RunProfile(spec_);
    FAIL();
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "--warmup: expected 0 or more, got -1");
  }
  spec_.warmup = 1;
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
