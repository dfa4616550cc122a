// The fix engine with a lossy pass: the accuracy gate decides verification, and a variant that
// fails it is not written unless keep_unverified.
#include <filesystem>

#include <gtest/gtest.h>

#include "core/scratch_dir.h"
#include "graph/fix_engine.h"
#include "graph/fix_verify.h"
#include "testing/compress_models.h"
#include "testing/temp_dir.h"

namespace ortkit::testing {
namespace {

namespace fs = std::filesystem;

TEST(FixGateTest, QuantizedEncoderPassesTheGateAndIsWritten) {
  TempDir dir;
  core::WriteWholeFile(dir.File("enc.onnx"), ExportedEncoderModel(64, 2));
  graph::FixOptions options;
  options.passes = {"quantize-dynamic"};
  options.gate.samples = 4;
  const graph::FixReport r = graph::FixModel(dir.File("enc.onnx"), dir.File("q.onnx"), options);
  ASSERT_TRUE(r.verification.gate.has_value());
  EXPECT_TRUE(r.verification.passed) << r.verification.failure;
  EXPECT_EQ(r.verification.gate->samples, 4);
  EXPECT_TRUE(r.verification.comparison.outputs.empty());  // the gate replaces the tolerance table
  EXPECT_TRUE(r.written);
  EXPECT_LT(fs::file_size(dir.File("q.onnx")) * 3, fs::file_size(dir.File("enc.onnx")));
}

TEST(FixGateTest, AVariantThatFailsTheGateIsNotWrittenUnlessKeepUnverified) {
  TempDir dir;
  core::WriteWholeFile(dir.File("outlier.onnx"), OutlierWeightModel());
  graph::FixOptions options;
  options.passes = {"quantize-dynamic"};
  options.quantize_per_tensor = true;
  const graph::FixReport r = graph::FixModel(dir.File("outlier.onnx"), dir.File("q.onnx"), options);
  ASSERT_TRUE(r.verification.gate.has_value());
  EXPECT_FALSE(r.verification.passed);
  EXPECT_EQ(r.verification.gate->samples, 16);
  EXPECT_FALSE(r.written);
  EXPECT_FALSE(fs::exists(dir.File("q.onnx")));

  options.keep_unverified = true;
  const graph::FixReport kept = graph::FixModel(dir.File("outlier.onnx"), dir.File("q.onnx"), options);
  EXPECT_FALSE(kept.verification.passed);
  EXPECT_TRUE(kept.written);
  EXPECT_TRUE(fs::exists(dir.File("q.onnx")));
}

TEST(FixGateTest, AStricterThresholdFailsWhatTheDefaultPasses) {
  TempDir dir;
  core::WriteWholeFile(dir.File("enc.onnx"), ExportedEncoderModel(64, 1));
  graph::FixOptions options;
  options.passes = {"quantize-dynamic"};
  options.gate.samples = 2;
  options.gate.min_cosine = 0.999999999;
  const graph::FixReport r = graph::FixModel(dir.File("enc.onnx"), dir.File("q.onnx"), options);
  EXPECT_FALSE(r.verification.passed);
  EXPECT_FALSE(r.written);
  EXPECT_NE(r.verification.gate->outputs[0].failure.find("cosine"), std::string::npos);
}

TEST(FixGateTest, OnlyLossyPassesBringTheGate) {
  graph::FixOptions options;
  EXPECT_FALSE(graph::HasLossyPass(options));
  options.passes = {"float16"};
  EXPECT_TRUE(graph::HasLossyPass(options));
  options.passes = {"remove-unused", "quantize-dynamic"};
  EXPECT_TRUE(graph::HasLossyPass(options));
}

TEST(FixGateTest, Float16ModelIsVerifiedByTheGateAndHalvesTheFile) {
  TempDir dir;
  core::WriteWholeFile(dir.File("enc.onnx"), ExportedEncoderModel(64, 2));
  graph::FixOptions options;
  options.passes = {"float16"};
  options.gate.samples = 2;
  const graph::FixReport r = graph::FixModel(dir.File("enc.onnx"), dir.File("h.onnx"), options);
  EXPECT_TRUE(r.verification.passed) << r.verification.failure;
  EXPECT_TRUE(r.written);
  const double ratio = static_cast<double>(fs::file_size(dir.File("h.onnx"))) /
                       static_cast<double>(fs::file_size(dir.File("enc.onnx")));
  EXPECT_LT(ratio, 0.55);
}

}  // namespace
}  // namespace ortkit::testing
