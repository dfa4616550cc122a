// Tests of probing for sizes that run, on an encoder that needs T >= 7.
#include "workload/size_probe.h"

#include <gtest/gtest.h>

#include "ortkit/error.h"
#include "ortkit/model.h"
#include "testing/test_models.h"
#include "testing/workload_models.h"
#include "workload/guesses.h"
#include "graph/model_file.h"

namespace ortkit::workload {
namespace {

Model Encoder(OptimizationLevel level = OptimizationLevel::kDisabled) {
  const std::string bytes = testing::SpeechEncoderModel();
  SessionConfig config;
  config.optimization_level = level;  // keeps ORT's node names as exported
  return Model::FromBytes(bytes.data(), bytes.size(), config);
}

InputRequest WithGuesses(const Model& model, const std::string& bytes) {
  InputRequest request;
  request.values = GuessValueRules(graph::ParseModel(bytes, "encoder").graph(), model.inputs());
  return request;
}

TEST(SizeProbeTest, TheSmallestPowerOfTwoThatRunsIsFoundAndSaid) {
  const Model model = Encoder();
  const ProbeResult r = FindSizesThatRun(model, WithGuesses(model, testing::SpeechEncoderModel()));
  EXPECT_EQ(r.sizes, (DimSizes{{"B", 1}, {"T", 8}}));  // B is a batch axis: left at 1
  EXPECT_EQ(r.probed, (std::vector<std::string>{"T"}));
  EXPECT_EQ(r.tries, 4);  // 1, 2, 4, 8
  EXPECT_EQ(r.note,
            "T=1 failed in Conv '/embed/conv/conv.0/Conv' (Invalid input shape: {1,80}); T=8 is the smallest power "
            "of two that runs; using T=8. Pass --dim T=... for your real sizes.");
}

TEST(SizeProbeTest, SizesThatRunNeedNoProbe) {
  const Model model = Encoder();
  InputRequest request = WithGuesses(model, testing::SpeechEncoderModel());
  request.dims = {{"T", 400}};
  const ProbeResult r = FindSizesThatRun(model, request);
  EXPECT_EQ(r.sizes, (DimSizes{{"B", 1}, {"T", 400}}));
  EXPECT_TRUE(r.probed.empty());
  EXPECT_EQ(r.note, "");
  const std::string add = testing::AddModel();
  const ProbeResult plain = FindSizesThatRun(Model::FromBytes(add.data(), add.size()), {});
  EXPECT_EQ(plain.sizes, (DimSizes{{"batch", 1}}));
  EXPECT_EQ(plain.tries, 1);
}

TEST(SizeProbeTest, AFailureWithEverySizeGivenIsLeftToTheCaller) {
  const Model model = Encoder();
  InputRequest request;
  request.dims = {{"T", 3}, {"B", 1}};
  const ProbeResult r = FindSizesThatRun(model, request);
  EXPECT_TRUE(r.probed.empty());
  EXPECT_EQ(r.sizes, (DimSizes{{"B", 1}, {"T", 3}}));
  EXPECT_THROW(model.run(SeededInputs(model.inputs(), 0, r.sizes)), Error);  // the caller's run reports it
}

TEST(SizeProbeTest, NothingThatRunsIsOneErrorNamingTheDimension) {
  const Model model = Encoder();
  InputRequest request;
  request.values = {ParseValueFlag("speech_lengths=1..2")};
  ProbeLimits limits;
  limits.max_size = 4;  // T=7 is never tried
  try {
    FindSizesThatRun(model, request, limits);
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.category(), ErrorCategory::kInput);
    EXPECT_STREQ(e.what(),
                 "no size of T up to 4 runs (T=1 failed in Conv '/embed/conv/conv.0/Conv' (Invalid input shape: "
                 "{1,80}); T=4 failed in Conv '/embed/conv/conv.1/Conv' (Invalid input shape: {1,39})); pass --dim "
                 "T=... with sizes that fit the model, and its other inputs with --input or --value");
  }
}

TEST(SizeProbeTest, DescribeRunFailureKeepsTheOpTheNodeAndTheReason) {
  EXPECT_EQ(DescribeRunFailure("while running 'm.onnx': Non-zero status code returned while running Gather node. "
                               "Name:'/embed/Gather' Status Message: indices element out of data bounds"),
            "in Gather '/embed/Gather' (indices element out of data bounds)");
  EXPECT_EQ(DescribeRunFailure("something else\nsecond line"), "(something else)");
}

}  // namespace
}  // namespace ortkit::workload
