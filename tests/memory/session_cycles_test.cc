// Session cycles: a wrapper that drops ORT-allocated names and metadata every cycle is caught,
// with the bytes it keeps per cycle; ortkit's own Model keeps nothing.
#include <cstdio>
#include <memory>
#include <vector>

#include <gtest/gtest.h>
#include <onnxruntime_cxx_api.h>

#include "memory/analyzer.h"
#include "memory/model_workload.h"
#include "memory/session_cycles.h"
#include "ortkit/error.h"
#include "testing/test_models.h"
#include "sanitizers/sanitizer_build.h"

namespace ortkit::memory {
namespace {

// Why these cases cannot be judged in a sanitizer build.
constexpr const char* kNotUnderSanitizers =
    "the memory analysis reads glibc's heap counters (mallinfo2), which stay at zero when the "
    "sanitizer's allocator serves malloc, and resident memory, which its quarantine and shadow "
    "memory change";

// Many inputs means many ORT-allocated names per cycle.
const std::string& Model64() {
  static const std::string bytes = testing::ManyInputsModel(64);  // 64 names, 69 strings a cycle
  return bytes;
}

// The wenet-style wrapper: names and metadata strings from the *Allocated calls are released from
// their owners and never freed. It runs the session once, as a wrapper would.
class DroppingWrapper : public Workload {
 public:
  DroppingWrapper() {
    Ort::SessionOptions options;
    options.SetIntraOpNumThreads(1);
    session_ = Ort::Session(env_, Model64().data(), Model64().size(), options);
    Ort::AllocatorWithDefaultOptions allocator;
    for (std::size_t i = 0; i < session_.GetInputCount(); ++i) {
      names_.push_back(session_.GetInputNameAllocated(i, allocator).release());  // the bug: never freed
    }
    output_ = session_.GetOutputNameAllocated(0, allocator).release();  // the bug again
    Ort::ModelMetadata metadata = session_.GetModelMetadata();
    (void)metadata.GetProducerNameAllocated(allocator).release();   // and the metadata strings
    (void)metadata.GetGraphNameAllocated(allocator).release();
    (void)metadata.GetDomainAllocated(allocator).release();
    (void)metadata.GetDescriptionAllocated(allocator).release();
  }
  void Prepare(const Dims&) override {}
  void Run() override {
    Ort::MemoryInfo cpu = Ort::MemoryInfo::CreateCpu(OrtDeviceAllocator, OrtMemTypeCPU);
    float one = 1;
    const int64_t shape[] = {1};
    std::vector<Ort::Value> values;
    for (std::size_t i = 0; i < names_.size(); ++i) values.push_back(Ort::Value::CreateTensor<float>(cpu, &one, 1, shape, 1));
    session_.Run(Ort::RunOptions{nullptr}, names_.data(), values.data(), values.size(), &output_, 1);
  }
  void Release() override {}

 private:
  Ort::Env env_;  // the process's one Env, held so that it outlives the session
  Ort::Session session_{nullptr};
  std::vector<const char*> names_;
  const char* output_ = nullptr;
};

NamedValues Ones(const Model& model, const Dims&) {
  NamedValues inputs;
  for (const ValueSpec& spec : model.inputs()) inputs.push_back({spec.name, Tensor::FromVector<float>({1}, {1})});
  return inputs;
}

// One intra-op thread: per-session thread pools leave glibc's cached thread stacks and arenas
// resident in amounts that depend on scheduling (see tests/core/model_lifecycle_test.cc).
std::unique_ptr<Workload> OrtkitModel() {
  SessionConfig config;
  config.intra_op_threads = 1;
  return std::make_unique<ModelWorkload>(Model::FromBytes(Model64().data(), Model64().size(), config, "many_inputs.onnx"),
                                         Ones, true);
}

// ORT's telemetry (on by default) queues an event per session and frees the queue when it
// flushes, on a timer: a heap sawtooth of ~7 KB a session whose period follows the machine's
// load (measured on ORT 1.30). Off, the heap of raw ORT session cycles is flat to the byte after
// 50 cycles, so what remains is the code under test. (memcheck itself measures with ORT as
// deployed: telemetry on, hence its long warm-up and the advice of 1000 cycles.)
void DisableOrtTelemetry() {
  Ort::Env env;  // the process's one Env
  env.DisableTelemetryEvents();
}

Analysis Cycle(const std::function<std::unique_ptr<Workload>()>& create) {
  DisableOrtTelemetry();
  CycleOptions options;
  options.cycles = 400;
  const Measurement m = MeasureSessionCycles(create, {}, options);
  EXPECT_EQ(m.samples.size(), 400u);
  EXPECT_EQ(m.run_ms.size(), 400u);
  Analysis a = Analyze(m, CycleSchedule({}, options));
  std::printf("heap kept per cycle over cycles 201-400: %.0f bytes (95%% CI %.0f..%.0f, R2 %.2f); verdict %s\n",
              a.leak.fit.slope, a.leak.fit.ci_low, a.leak.fit.ci_high, a.leak.fit.r_squared, ToString(a.verdict));
  return a;
}

TEST(SessionCyclesTest, AWrapperThatDropsAllocatedNamesIsCaughtWithTheBytesPerCycle) {
  ORTKIT_SKIP_UNDER_SANITIZER(kNotUnderSanitizers);
  const Analysis a = Cycle([] { return std::make_unique<DroppingWrapper>(); });
  EXPECT_EQ(a.verdict, Verdict::kLeak);
  EXPECT_EQ(a.leak_location, "C heap");
  // 69 strings a cycle; each malloc'd block costs at least 32 bytes of heap.
  EXPECT_GT(a.leak.fit.ci_low, 69 * 32);
  EXPECT_LT(a.leak.fit.ci_high, 69 * 256);
  EXPECT_GT(a.leak.fit.r_squared, 0.95);
}

TEST(SessionCyclesTest, OrtkitsOwnModelKeepsNothingPerCycle) {
  ORTKIT_SKIP_UNDER_SANITIZER(kNotUnderSanitizers);
  const Analysis a = Cycle(OrtkitModel);
  EXPECT_NE(a.verdict, Verdict::kLeak) << a.leak.fit.slope << " bytes/cycle, R2 " << a.leak.fit.r_squared;
  EXPECT_FALSE(a.leak.leak());
  // Dropping even one name per cycle would add at least 32 bytes: the interval excludes that.
  EXPECT_LT(a.leak.fit.ci_high, 32);
}

TEST(SessionCyclesTest, TooFewCyclesOrTooLongAWarmUpAreRefused) {
  try {
    CycleSchedule({}, CycleOptions{5, -1, {}});
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()), "--session-cycles must be at least 10, got 5");
  }
  try {
    CycleSchedule({}, CycleOptions{20, 18, {}});
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()), "--warmup must leave at least 5 steady iterations of 20, got 18");
  }
}

}  // namespace
}  // namespace ortkit::memory
