// Tests of bench/cold_start and bench/steady_state, in this process (RunBench runs them in fresh
// ones): phases, request counts, concurrency, IO binding and errors from worker threads.
#include "bench/steady_state.h"

#include <gtest/gtest.h>

#include "ortkit/error.h"
#include "testing/temp_dir.h"
#include "testing/test_models.h"

namespace ortkit::bench {
namespace {

class SteadyStateTest : public ::testing::Test {
 protected:
  void SetUp() override {
    testing::WriteFile(dir_.File("add.onnx"), testing::AddModel());
    spec_.model_path = dir_.File("add.onnx");
    spec_.config.intra_op_threads = 1;
    spec_.warmup = 2;
    spec_.iterations = 25;
    spec_.duration_s = 0;
  }

  testing::TempDir dir_;
  BenchSpec spec_;
};

TEST_F(SteadyStateTest, ColdStartTimesEveryStepAndEachNewShape) {
  spec_.shapes = ShapesFromDims({"batch=1,2,3"});
  const ColdStartRun cold = RunColdStart(spec_);
  EXPECT_GT(cold.sample.session_create_ms, 0);
  EXPECT_GT(cold.sample.first_run_ms, 0);
  EXPECT_GT(cold.sample.second_run_ms, 0);
  ASSERT_EQ(cold.sample.new_shape_first_run_ms.size(), 2u);
  EXPECT_EQ(cold.sample.new_shape_first_run_ms[0].first, "batch=2");
  EXPECT_EQ(cold.sample.providers, (std::vector<std::string>{"CPUExecutionProvider"}));
  EXPECT_EQ(cold.inputs.size(), 3u);
}

TEST_F(SteadyStateTest, OnePhasePerShapeThenTheMixEachWithItsRequests) {
  spec_.shapes = ShapesFromDims({"batch=1,2"});
  std::vector<std::size_t> reported;
  const SteadyResult result = RunSteadyState(spec_, RunColdStart(spec_), [&](std::size_t phase, std::size_t n, double f) {
    EXPECT_EQ(n, 3u);
    EXPECT_GE(f, 0);
    EXPECT_LE(f, 1);
    reported.push_back(phase);
  });
  ASSERT_EQ(result.phases.size(), 3u);
  EXPECT_EQ(result.phases[0].name, "batch=1");
  EXPECT_EQ(result.phases[1].inputs.at("y"), (Shape{2, 3}));
  EXPECT_EQ(result.phases[2].name, "mix");
  EXPECT_TRUE(result.phases[2].inputs.empty());
  for (const auto& phase : result.phases) {
    EXPECT_EQ(phase.requests, 25);
    EXPECT_EQ(phase.latency.count, 25);
    EXPECT_GT(phase.throughput_per_s, 0);
    EXPECT_LE(phase.latency.min, phase.latency.p50);
    EXPECT_LE(phase.latency.p50, phase.latency.max);
  }
}

TEST_F(SteadyStateTest, ThreadsShareTheRequestsAndSessionsFormAPool) {
  spec_.threads = 3;
  spec_.sessions = 2;
  spec_.io_binding = true;
  const SteadyResult result = RunSteadyState(spec_, RunColdStart(spec_));
  ASSERT_EQ(result.phases.size(), 1u);
  EXPECT_EQ(result.phases[0].requests, 25);  // all threads together
}

TEST_F(SteadyStateTest, ADurationBoundsAPhaseInTime) {
  spec_.iterations = 0;
  spec_.duration_s = 0.05;
  const SteadyResult result = RunSteadyState(spec_, RunColdStart(spec_));
  EXPECT_GT(result.phases[0].requests, 0);
  EXPECT_GE(result.phases[0].wall_s, 0.04);
}

TEST_F(SteadyStateTest, AFailingFirstRunIsRethrownWithItsCategory) {
  testing::WriteFile(dir_.File("seq.onnx"), testing::SequenceModel());
  spec_.model_path = dir_.File("seq.onnx");
  spec_.threads = 2;
  spec_.io_binding = true;  // Runner takes tensors only: SequenceModel's input 's' fails every run
  try {
    RunColdStart(spec_);
    FAIL() << "expected the first run to fail";
  } catch (const Error& e) {
    EXPECT_EQ(e.category(), ErrorCategory::kInput);
    EXPECT_NE(std::string(e.what()).find("Runner takes tensors only"), std::string::npos) << e.what();
  }
}

TEST_F(SteadyStateTest, AMissingModelIsALoadErrorNamingIt) {
  spec_.model_path = dir_.File("none.onnx");
  try {
    RunColdStart(spec_);
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.category(), ErrorCategory::kLoad);
    EXPECT_EQ(std::string(e.what()), "while loading '" + dir_.File("none.onnx") + "': No such file or directory");
  }
}

}  // namespace
}  // namespace ortkit::bench
