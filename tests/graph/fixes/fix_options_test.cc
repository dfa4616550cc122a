// Tests of FixOptions: validation messages and which passes run.
#include <gtest/gtest.h>

#include "graph/fixes/fix_options.h"
#include "graph/fixes/pass.h"
#include "ortkit/error.h"

namespace ortkit::testing {
namespace {

using graph::FixOptions;

std::string ValidationError(const FixOptions& options) {
  try {
    options.Validate();
  } catch (const Error& e) {
    EXPECT_EQ(e.category(), ErrorCategory::kConfig);
    return e.what();
  }
  ADD_FAILURE() << "expected an error";
  return "";
}

TEST(FixOptionsTest, DefaultsAreValidAndRunTheDefaultPasses) {
  const FixOptions options;
  EXPECT_NO_THROW(options.Validate());
  EXPECT_EQ(options.ResolvedPasses(),
            (std::vector<std::string>{"remove-initializers-from-inputs", "float64-to-float32", "remove-unused"}));
  EXPECT_EQ(graph::DefaultPassNames(), options.ResolvedPasses());
  EXPECT_EQ(options.tolerance.rtol, 1e-3);
  EXPECT_EQ(options.tolerance.atol, 1e-5);
  EXPECT_TRUE(options.verify);
}

TEST(FixOptionsTest, PassesRunInTheFixedOrderWhateverTheOrderGiven) {
  FixOptions options;
  options.passes = {"remove-unused", "remove-initializers-from-inputs"};
  EXPECT_EQ(options.ResolvedPasses(), (std::vector<std::string>{"remove-initializers-from-inputs", "remove-unused"}));
}

TEST(FixOptionsTest, DimsImplyFixDimsAndLevelOrOrtFormatImplyOrtOptimize) {
  FixOptions options;
  options.passes = {"remove-unused"};
  options.dims = {{"batch", 1}};
  EXPECT_EQ(options.ResolvedPasses(), (std::vector<std::string>{"fix-dims", "remove-unused"}));
  options.format = graph::ModelFormat::kOrt;
  EXPECT_EQ(options.ResolvedPasses(), (std::vector<std::string>{"fix-dims", "remove-unused", "ort-optimize"}));
  FixOptions level;
  level.level = OptimizationLevel::kExtended;
  EXPECT_EQ(level.ResolvedPasses().back(), "ort-optimize");
  EXPECT_EQ(level.EffectiveLevel(), OptimizationLevel::kExtended);
  EXPECT_EQ(FixOptions().EffectiveLevel(), OptimizationLevel::kBasic);
}

TEST(FixOptionsTest, UnknownPassIsRefusedListingThePasses) {
  FixOptions options;
  options.passes = {"remove-unsued"};
  EXPECT_EQ(ValidationError(options),
            "unknown pass 'remove-unsued'; the passes are: remove-initializers-from-inputs, "
            "decompose-deformable-conv, float64-to-float32, fix-dims, remove-unused, quantize-dynamic, "
            "quantize-static, float16, ort-optimize");
}

TEST(FixOptionsTest, FixDimsWithoutSizesIsRefused) {
  FixOptions options;
  options.passes = {"fix-dims"};
  EXPECT_EQ(ValidationError(options),
            "fix option passes: 'fix-dims' needs the sizes to set: give --dim NAME=VALUE or --shape INPUT=DIMS");
}

TEST(FixOptionsTest, NegativeSizesAreRefused) {
  FixOptions dims;
  dims.dims = {{"batch", -1}};
  EXPECT_EQ(ValidationError(dims), "fix option dims: 'batch' = -1: sizes must be >= 0");
  FixOptions shapes;
  shapes.shapes = {{"image", {1, -3}}};
  EXPECT_EQ(ValidationError(shapes), "fix option shapes: 'image' = [1,-3]: sizes must be >= 0");
}

TEST(FixOptionsTest, DisabledLevelIsRefused) {
  FixOptions options;
  options.level = OptimizationLevel::kDisabled;
  EXPECT_EQ(ValidationError(options),
            "fix option level: 'disabled' saves nothing worth saving; use basic, extended, layout or all");
}

TEST(FixOptionsTest, BenchRunsMustBePositive) {
  FixOptions options;
  options.bench_runs = 0;
  EXPECT_EQ(ValidationError(options), "fix option bench_runs: 0: at least 1 timed run is needed");
  options.bench_runs = 1;
  options.bench_warmup = -1;
  EXPECT_EQ(ValidationError(options), "fix option bench_warmup: -1: must be >= 0");
}

TEST(FixOptionsTest, NegativeToleranceIsRefusedByTheToleranceItself) {
  FixOptions options;
  options.tolerance.rtol = -1;
  EXPECT_THROW(options.Validate(), Error);
}

}  // namespace
}  // namespace ortkit::testing
