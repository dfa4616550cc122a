// RunMemcheck end to end in this process: the report's parts are there and consistent, variants
// come back in order with a recommendation, and bad requests fail before any measuring.
#include <gtest/gtest.h>

#include "workload/inputs.h"
#include "memory/memcheck.h"
#include "ortkit/error.h"
#include "testing/temp_dir.h"
#include "testing/test_models.h"
#include "sanitizers/sanitizer_build.h"

namespace ortkit::memory {
namespace {

// Why these cases cannot be judged in a sanitizer build.
constexpr const char* kNotUnderSanitizers =
    "the memory analysis reads glibc's heap counters (mallinfo2), which stay at zero when the "
    "sanitizer's allocator serves malloc, and resident memory, which its quarantine and shadow "
    "memory change";

NamedValues Seeded(const Model& model, const Dims& dims) { return workload::SeededInputs(model.inputs(), 0, dims); }

class MemcheckTest : public ::testing::Test {
 protected:
  void SetUp() override { testing::WriteFile(dir_.File("add.onnx"), testing::AddModel()); }

  MemcheckRequest Request(int64_t iterations = 40) {
    MemcheckRequest r;
    r.model_path = dir_.File("add.onnx");
    r.schedule.dims = {ParseDimSpec("batch=1..4")};
    r.schedule.iterations = iterations;
    return r;
  }

  std::string ErrorOf(const MemcheckRequest& request) {
    try {
      RunMemcheck(request, Seeded);
    } catch (const Error& e) {
      return std::string(ToString(e.category())) + ": " + e.what();
    }
    return "no error";
  }

  testing::TempDir dir_;
};

TEST_F(MemcheckTest, AReportHasThePhasesTheSeriesAndTheCycles) {
  ORTKIT_SKIP_UNDER_SANITIZER(kNotUnderSanitizers);
  MemcheckRequest request = Request();
  request.session_cycles = 20;
  std::vector<std::string> stages;
  request.progress = [&](const std::string& stage, int64_t done, int64_t total) {
    if (done == total) stages.push_back(stage);
  };
  const MemcheckReport r = RunMemcheck(request, Seeded);
  EXPECT_EQ(r.providers, std::vector<std::string>{"CPUExecutionProvider"});
  EXPECT_EQ(r.schedule.kind, "sweep");
  EXPECT_EQ(r.measurement.run_ms.size(), 40u);
  ASSERT_EQ(r.analysis.phases.size(), 3u);
  EXPECT_GT(r.analysis.phases[0].end.heap, r.analysis.phases[0].start.heap);  // loading allocates
  ASSERT_TRUE(r.cycles.has_value());
  EXPECT_EQ(r.cycles->measurement.samples.size(), 20u);
  EXPECT_EQ(r.cycles->schedule.warmup, 10);
  EXPECT_TRUE(r.variant_results.empty());
  EXPECT_FALSE(r.recommendation.has_value());
  EXPECT_NE(r.analysis.verdict, Verdict::kLeak);
  // 20 cycles sit inside ORT's own early growth, which may read as a leak: leak() follows them.
  EXPECT_EQ(r.leak(), r.cycles->analysis.verdict == Verdict::kLeak);
  EXPECT_EQ(stages, (std::vector<std::string>{"measure", "session cycles"}));
}

TEST_F(MemcheckTest, VariantsComeBackInOrderWithARecommendation) {
  MemcheckRequest request = Request(20);
  request.variants = true;
  std::vector<std::string> asked;
  const MemcheckReport r = RunMemcheck(request, Seeded, [&](const Variant& v) {
    asked.push_back(v.name);
    return RunVariant(request, v, Seeded);
  });
  ASSERT_EQ(r.variants.size(), 8u);  // the shapes vary: bucketing too
  EXPECT_EQ(asked.front(), "baseline");
  EXPECT_EQ(asked.back(), "bucket16");
  ASSERT_EQ(r.variant_results.size(), 8u);
  for (std::size_t i = 0; i < r.variants.size(); ++i) {
    EXPECT_EQ(r.variant_results[i].name, r.variants[i].name);
    EXPECT_TRUE(r.variant_results[i].ok()) << r.variant_results[i].error;
    EXPECT_GT(r.variant_results[i].steady_anon, 0);
    EXPECT_GT(r.variant_results[i].p50_ms, 0);
  }
  ASSERT_TRUE(r.recommendation.has_value());
  EXPECT_FALSE(r.recommendation->headline.empty());
}

TEST_F(MemcheckTest, AModelThatFailsToLoadIsALoadError) {
  MemcheckRequest request = Request();
  request.model_path = dir_.File("missing.onnx");
  EXPECT_EQ(ErrorOf(request), "load: while loading '" + request.model_path + "': No such file or directory");
  testing::WriteFile(dir_.File("bad.onnx"), testing::DoubleFloatDivModel());
  request.model_path = dir_.File("bad.onnx");
  EXPECT_EQ(ErrorOf(request).rfind("load: while loading '" + request.model_path + "': ", 0), 0u);
}

TEST_F(MemcheckTest, ABadScheduleOrCycleCountFailsBeforeLoading) {
  MemcheckRequest request = Request();
  request.model_path = dir_.File("missing.onnx");  // never reached
  request.schedule.iterations = 3;
  EXPECT_EQ(ErrorOf(request), "config: --runs must be at least 10 (a warm-up and a steady phase), got 3");
  request.schedule.iterations = 40;
  request.session_cycles = 4;
  EXPECT_EQ(ErrorOf(request), "config: --session-cycles must be at least 10, got 4");
}

TEST_F(MemcheckTest, ADimensionTheModelLacksIsAnInputError) {
  MemcheckRequest request = Request();
  request.schedule.dims = {ParseDimSpec("seq=1..4")};
  EXPECT_EQ(ErrorOf(request).rfind("input: ", 0), 0u) << ErrorOf(request);
}

}  // namespace
}  // namespace ortkit::memory
