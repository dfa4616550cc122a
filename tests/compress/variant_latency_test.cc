// The interleaved latency of a variant against the original, on a tiny real model.
#include "compress/variant_latency.h"

#include <gtest/gtest.h>

#include "core/scratch_dir.h"
#include "ortkit/error.h"
#include "testing/compress_models.h"
#include "testing/temp_dir.h"

namespace ortkit::compress {
namespace {

TEST(VariantLatencyTest, MeasuresBothModelsWithTheirRatios) {
  const testing::TempDir dir;
  core::WriteWholeFile(dir.File("mlp.onnx"), testing::GemmMlpModel());
  CompressOptions options;
  options.runs = 5;
  options.repeats = 2;
  options.warmup = 1;
  const PairedLatency l = MeasurePairedLatency(dir.File("mlp.onnx"), dir.File("mlp.onnx"), 1, options);
  EXPECT_EQ(l.original.intra_op_threads, 1);
  EXPECT_EQ(l.variant.intra_op_threads, 1);
  EXPECT_GT(l.original.p50_ms, 0);
  EXPECT_GT(l.variant.p50_ms, 0);
  EXPECT_GE(l.original.p99_ms, l.original.p50_ms);
  EXPECT_GE(l.variant.p99_ms, l.variant.p50_ms);
  EXPECT_EQ(l.original.p50_ratio, 1);
  // The same file on both sides: timing noise alone sets the ratio, so only its range is certain.
  EXPECT_GT(l.variant.p50_ratio, 0);
  EXPECT_LT(l.variant.p50_ratio, 1e6);
}

TEST(VariantLatencyTest, AModelThatDoesNotLoadIsALoadError) {
  const testing::TempDir dir;
  core::WriteWholeFile(dir.File("mlp.onnx"), testing::GemmMlpModel());
  core::WriteWholeFile(dir.File("junk.onnx"), "not a model");
  try {
    MeasurePairedLatency(dir.File("mlp.onnx"), dir.File("junk.onnx"), 1, CompressOptions{});
    FAIL() << "loaded a file that is not a model";
  } catch (const Error& e) {
    EXPECT_EQ(e.category(), ErrorCategory::kLoad) << e.what();
  }
}

}  // namespace
}  // namespace ortkit::compress
