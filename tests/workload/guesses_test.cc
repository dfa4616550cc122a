// Tests of the inputs guessed from the graph: lengths, Gather indices, boolean masks.
#include "workload/guesses.h"

#include <gtest/gtest.h>

#include "graph/model_file.h"
#include "ortkit/model.h"
#include "testing/temp_dir.h"
#include "testing/test_models.h"
#include "testing/workload_models.h"

namespace ortkit::workload {
namespace {

std::vector<ValueRule> Guesses(const std::string& bytes) {
  const Model model = Model::FromBytes(bytes.data(), bytes.size());
  return GuessValueRules(graph::ParseModel(bytes, "model").graph(), model.inputs());
}

TEST(GuessesTest, ALengthsInputHoldsTheOtherInputsVaryingDimension) {
  const auto rules = Guesses(testing::SpeechEncoderModel());
  ASSERT_EQ(rules.size(), 1u);
  EXPECT_EQ(rules[0].input, "speech_lengths");
  EXPECT_EQ(rules[0].fill, ValueRule::Fill::kDimSize);
  EXPECT_EQ(rules[0].dim, "T");
  EXPECT_EQ(rules[0].Describe(), "speech_lengths = T (a lengths input; override with --value)");
}

TEST(GuessesTest, GatherIndicesStayBelowTheGatheredAxis) {
  const auto rules = Guesses(testing::TokenEmbeddingModel());
  ASSERT_EQ(rules.size(), 1u);
  EXPECT_EQ(rules[0].input, "input_ids");
  EXPECT_EQ(rules[0].fill, ValueRule::Fill::kUniform);
  EXPECT_EQ(rules[0].low, 0);
  EXPECT_EQ(rules[0].high, 999);
  EXPECT_EQ(rules[0].Describe(), "input_ids = uniform in 0..999 (indices of Gather '/embed/Gather', which has 1000 "
                                 "rows; override with --value)");
}

TEST(GuessesTest, BooleanInputsAreAllTrueAndOtherInputsAreLeftToRandomValues) {
  const auto rules = Guesses(testing::MixedTypesModel());  // ids int64 (Identity), mask bool, scale float64
  ASSERT_EQ(rules.size(), 1u);
  EXPECT_EQ(rules[0].input, "mask");
  EXPECT_EQ(rules[0].fill, ValueRule::Fill::kConstant);
  EXPECT_EQ(rules[0].constant, 1);
  EXPECT_EQ(rules[0].Describe(), "mask = 1 (a boolean mask: all true; override with --value)");
  EXPECT_TRUE(Guesses(testing::ConvNetModel()).empty());
}

TEST(GuessesTest, ALengthsNameWithoutAMatchingBatchIsNotALengthsInput) {
  ValueSpec lengths;
  lengths.name = "x_lens";
  lengths.element_type = ElementType::kInt64;
  lengths.shape = {Dim::Free("N")};
  ValueSpec features;
  features.name = "x";
  features.element_type = ElementType::kFloat32;
  features.shape = {Dim::Free("B"), Dim::Free("T")};
  onnx::GraphProto empty;
  EXPECT_TRUE(GuessValueRules(empty, {lengths, features}).empty());
  features.shape[0] = Dim::Free("N");
  const auto rules = GuessValueRules(empty, {lengths, features});
  ASSERT_EQ(rules.size(), 1u);
  EXPECT_EQ(rules[0].dim, "T");
  features.shape[1] = Dim::Free();  // unnamed: named by input and axis
  EXPECT_EQ(GuessValueRules(empty, {lengths, features}).at(0).dim, "x:1");
}

TEST(GuessesTest, NamesThatSayLength) {
  for (const char* name : {"speech_lengths", "x_lens", "seq_len", "input_length", "lengths", "Audio.Length", "seqlen"}) {
    EXPECT_TRUE(NameSaysLength(name)) << name;
  }
  for (const char* name : {"speech", "lenient", "legend", "attention_mask", "blength", "ids"}) {
    EXPECT_FALSE(NameSaysLength(name)) << name;
  }
}

TEST(GuessesTest, AFileIsReadWithoutItsWeights) {
  testing::TempDir dir;
  testing::WriteFile(dir.File("embed.onnx"), testing::TokenEmbeddingModel());
  const Model model = Model::Load(dir.File("embed.onnx"));
  const auto rules = GuessValueRulesForFile(dir.File("embed.onnx"), model.inputs());
  ASSERT_EQ(rules.size(), 1u);
  EXPECT_EQ(rules[0].high, 999);
}

}  // namespace
}  // namespace ortkit::workload
