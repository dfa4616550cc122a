// The exported-workload models: they pass the ONNX checker, compute what workload_models.h says and
// fail in ORT where it says (the speech encoder for T < 7, the embedding for ids past its vocabulary).
#include "testing/workload_models.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <onnx/checker.h>
#include <onnx/onnx_pb.h>

#include "graph/onnx_test_util.h"
#include "ortkit/error.h"
#include "ortkit/model.h"
#include "ortkit/session_config.h"
#include "ortkit/tensor.h"
#include "ortkit/value.h"

namespace ortkit::testing {
namespace {

Model LoadBytes(const std::string& bytes, const std::string& label) {
  return Model::FromBytes(bytes.data(), bytes.size(), {}, label);
}

// B utterances of T frames of 80 features (values in [-1, 1)), each `lengths[b]` frames long.
NamedValues SpeechInputs(int64_t batch, int64_t frames, const std::vector<int32_t>& lengths) {
  std::vector<float> speech(static_cast<std::size_t>(batch * frames * 80));
  for (std::size_t i = 0; i < speech.size(); ++i) speech[i] = static_cast<float>(i % 200) / 100.0f - 1.0f;
  return {{"speech", Tensor::FromVector(speech, {batch, frames, 80})},
          {"speech_lengths", Tensor::FromVector(lengths, {batch})}};
}

// The text of the kRun error a speech encoder run with T frames throws ("" if it runs).
std::string SpeechRunError(int64_t frames, OptimizationLevel level = OptimizationLevel::kAll) {
  SessionConfig config;
  config.optimization_level = level;
  const std::string bytes = SpeechEncoderModel();
  const Model model = Model::FromBytes(bytes.data(), bytes.size(), config, "speech_encoder.onnx");
  try {
    model.run(SpeechInputs(1, frames, {static_cast<int32_t>(frames)}));
  } catch (const Error& e) {
    EXPECT_EQ(e.category(), ErrorCategory::kRun) << e.what();
    return e.what();
  }
  return "";
}

bool Contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

TEST(WorkloadModelsTest, BothPassTheOnnxCheckerAndStrictShapeInference) {
  for (const std::string& bytes : {SpeechEncoderModel(), TokenEmbeddingModel()}) {
    const onnx::ModelProto model = ParseModel(bytes);
    EXPECT_NO_THROW(onnx::checker::check_model(model)) << model.graph().name();
    EXPECT_NO_THROW(FullCheck(model)) << model.graph().name();
    EXPECT_EQ(model.ir_version(), 8);
    ASSERT_EQ(model.opset_import_size(), 1);
    EXPECT_EQ(model.opset_import(0).version(), 17);
  }
}

TEST(WorkloadModelsTest, AreTheSameOnEveryCall) {
  EXPECT_EQ(SpeechEncoderModel(), SpeechEncoderModel());
  EXPECT_EQ(TokenEmbeddingModel(), TokenEmbeddingModel());
}

TEST(WorkloadModelsTest, SpeechEncoderNamesNodesAsTorchExportsThem) {
  const onnx::ModelProto model = ParseModel(SpeechEncoderModel());
  std::vector<std::string> convs;
  int constants = 0;
  for (const onnx::NodeProto& node : model.graph().node()) {
    if (node.op_type() == "Conv") convs.push_back(node.name());
    if (node.op_type() == "Constant") ++constants;
  }
  EXPECT_EQ(convs, (std::vector<std::string>{"/embed/conv/conv.0/Conv", "/embed/conv/conv.1/Conv"}));
  EXPECT_GE(constants, 10);
  for (const onnx::TensorProto& init : model.graph().initializer()) EXPECT_GT(init.dims_size(), 0) << init.name();
}

TEST(WorkloadModelsTest, SpeechEncoderDeclaresSymbolicShapes) {
  const Model model = LoadBytes(SpeechEncoderModel(), "speech_encoder.onnx");
  ASSERT_EQ(model.inputs().size(), 2u);
  EXPECT_EQ(model.inputs()[0].Describe(), "speech: float32[B,T,80]");
  EXPECT_EQ(model.inputs()[1].Describe(), "speech_lengths: int32[B]");
  ASSERT_EQ(model.outputs().size(), 2u);
  EXPECT_EQ(model.outputs()[0].Describe(), "encoder_out: float32[B,T_out,16]");
  EXPECT_EQ(model.outputs()[1].Describe(), "encoder_out_lens: int32[B]");
}

TEST(WorkloadModelsTest, SpeechEncoderFailsInTheFirstConvForOneFrame) {
  // Up to "extended" ORT keeps the Conv's name, also for the FusedConv of Conv and Relu.
  for (OptimizationLevel level : {OptimizationLevel::kDisabled, OptimizationLevel::kExtended}) {
    const std::string error = SpeechRunError(1, level);
    EXPECT_TRUE(Contains(error, "Name:'/embed/conv/conv.0/Conv' Status Message: Invalid input shape: {1,80}"))
        << ToString(level) << ": " << error;
  }
}

TEST(WorkloadModelsTest, SpeechEncoderFailsInTheSecondConvForSixFrames) {
  for (OptimizationLevel level : {OptimizationLevel::kDisabled, OptimizationLevel::kExtended}) {
    const std::string error = SpeechRunError(6, level);
    EXPECT_TRUE(Contains(error, "Name:'/embed/conv/conv.1/Conv' Status Message: Invalid input shape: {2,39}"))
        << ToString(level) << ": " << error;
  }
}

TEST(WorkloadModelsTest, SpeechEncoderFailureAtLevelAllNamesTheConvOrItsNchwcForm) {
  // At "all", on CPUs with NCHWc kernels (x86 with AVX2 or AVX-512), ORT replaces Conv + Relu by
  // an NCHWc Conv named after the Relu's output; elsewhere the FusedConv keeps the Conv's name.
  const std::string one = SpeechRunError(1);
  EXPECT_TRUE(Contains(one, "Name:'/embed/conv/Relu_output_0_nchwc'") || Contains(one, "Name:'/embed/conv/conv.0/Conv'"))
      << one;
  EXPECT_TRUE(Contains(one, "Invalid input shape: {1,80}")) << one;
  const std::string six = SpeechRunError(6);
  EXPECT_TRUE(Contains(six, "Name:'/embed/conv/Relu_1_output_0_nchwc'") || Contains(six, "Name:'/embed/conv/conv.1/Conv'"))
      << six;
  EXPECT_TRUE(Contains(six, "Invalid input shape: {2,39}")) << six;
}

TEST(WorkloadModelsTest, SpeechEncoderFailsForEveryLengthBelowSeven) {
  for (int64_t frames = 1; frames < 7; ++frames) EXPECT_NE(SpeechRunError(frames), "") << "T = " << frames;
}

TEST(WorkloadModelsTest, SpeechEncoderRunsOnSevenFrames) {
  const Model model = LoadBytes(SpeechEncoderModel(), "speech_encoder.onnx");
  const NamedValues out = model.run(SpeechInputs(1, 7, {7}));
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].value.tensor().shape(), (Shape{1, 1, 16}));
  const Tensor& lens = out[1].value.tensor();
  ASSERT_EQ(lens.shape(), (Shape{1}));
  EXPECT_EQ(lens.data_as<int32_t>()[0], 1);
}

TEST(WorkloadModelsTest, SpeechEncoderCountsOutputLengthsAndMasksPastThem) {
  const Model model = LoadBytes(SpeechEncoderModel(), "speech_encoder.onnx");
  const NamedValues out = model.run(SpeechInputs(2, 400, {400, 200}));
  const Tensor& encoded = FindValue(out, "encoder_out").tensor();
  const Tensor& lens = FindValue(out, "encoder_out_lens").tensor();
  ASSERT_EQ(lens.shape(), (Shape{2}));
  EXPECT_EQ(std::vector<int32_t>(lens.data_as<int32_t>(), lens.data_as<int32_t>() + 2),
            (std::vector<int32_t>{99, 49}));
  ASSERT_EQ(encoded.shape(), (Shape{2, 99, 16}));

  const float* data = encoded.data_as<float>();
  int nonzero_first = 0;
  int nonzero_second_valid = 0;
  int nonzero_second_masked = 0;
  for (int64_t t = 0; t < 99; ++t) {
    for (int64_t c = 0; c < 16; ++c) {
      if (data[t * 16 + c] != 0.0f) ++nonzero_first;
      if (data[(99 + t) * 16 + c] != 0.0f) ++(t < 49 ? nonzero_second_valid : nonzero_second_masked);
    }
  }
  EXPECT_GT(nonzero_first, 99 * 16 / 2);
  EXPECT_GT(nonzero_second_valid, 49 * 16 / 2);
  EXPECT_EQ(nonzero_second_masked, 0);
}

TEST(WorkloadModelsTest, TokenEmbeddingPoolsIdsInItsVocabulary) {
  const Model model = LoadBytes(TokenEmbeddingModel(), "token_embedding.onnx");
  EXPECT_EQ(model.inputs()[0].Describe(), "input_ids: int64[batch,seq]");
  EXPECT_EQ(model.outputs()[0].Describe(), "pooled: float32[batch,32]");
  const NamedValues out =
      model.run({{"input_ids", Tensor::FromVector<int64_t>({0, 1, 2, 3, 999, 500, 998, 7, 0, 42}, {2, 5})}});
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].value.tensor().shape(), (Shape{2, 32}));
}

TEST(WorkloadModelsTest, TokenEmbeddingFailsOnAnIdPastItsVocabulary) {
  const Model model = LoadBytes(TokenEmbeddingModel(), "token_embedding.onnx");
  try {
    model.run({{"input_ids", Tensor::FromVector<int64_t>({0, 1, 2, 3, 1000, 5, 6, 7, 8, 9}, {2, 5})}});
    FAIL() << "an id of 1000 ran";
  } catch (const Error& e) {
    EXPECT_EQ(e.category(), ErrorCategory::kRun) << e.what();
    EXPECT_TRUE(Contains(e.what(), "Name:'/embed/Gather'")) << e.what();
    EXPECT_TRUE(Contains(e.what(), "idx=1000 must be within the inclusive range [-1000,999]")) << e.what();
  }
}

}  // namespace
}  // namespace ortkit::testing
