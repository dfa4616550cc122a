// Tests of --save-outputs: safe file names, collisions, formats.
#include "cli/save_outputs.h"

#include <filesystem>

#include <gtest/gtest.h>

#include "ortkit/error.h"
#include "ortkit/tensor_io.h"
#include "testing/temp_dir.h"

namespace ortkit::cli {
namespace {

TEST(SaveOutputsTest, SafeFileStemReplacesEverythingButPortableCharacters) {
  EXPECT_EQ(SafeFileStem("logits"), "logits");
  EXPECT_EQ(SafeFileStem("model/output:0"), "model_output_0");
  EXPECT_EQ(SafeFileStem("a b\\c"), "a_b_c");
  EXPECT_EQ(SafeFileStem(".."), "_.");
  EXPECT_EQ(SafeFileStem(".hidden"), "_hidden");
  EXPECT_EQ(SafeFileStem(""), "output");
  EXPECT_EQ(SafeFileStem("\xc3\xa9"), "__");
  EXPECT_EQ(SafeFileStem(std::string(300, 'x')).size(), 100u);
}

TEST(SaveOutputsTest, NpyHoldsNumbersButNotStringsOrBFloat16) {
  EXPECT_TRUE(NpyCanHold(ElementType::kFloat32));
  EXPECT_TRUE(NpyCanHold(ElementType::kBool));
  EXPECT_TRUE(NpyCanHold(ElementType::kFloat16));
  EXPECT_FALSE(NpyCanHold(ElementType::kString));
  EXPECT_FALSE(NpyCanHold(ElementType::kBFloat16));
}

TEST(SaveOutputsTest, WritesPbAndNpyAndResolvesCollisions) {
  testing::TempDir dir;
  const std::string out = dir.File("a/b");
  const NamedValues outputs{
      {"y:0", Tensor::FromVector<float>({1, 2}, {2})},
      {"y/0", Tensor::FromVector<float>({3}, {1})},  // same stem as "y:0"
      {"Y_0", Tensor::FromVector<float>({4}, {1})},  // same ignoring case
      {"text", Tensor::FromStrings({"a"}, {1})},
      {"seq", Value::Sequence({Tensor::FromVector<float>({1}, {1})})},
  };
  const auto saved = SaveOutputs(out, outputs, core::Overwrite::kRefuse, "--save-outputs");
  ASSERT_EQ(saved.size(), 5u);
  EXPECT_EQ(saved[0].files, (std::vector<std::string>{out + "/y_0.pb", out + "/y_0.npy"}));
  EXPECT_EQ(saved[1].files[0], out + "/y_0_2.pb");
  EXPECT_EQ(saved[2].files[0], out + "/Y_0_3.pb");
  EXPECT_EQ(saved[3].files, (std::vector<std::string>{out + "/text.pb"}));
  EXPECT_TRUE(saved[4].files.empty());
  EXPECT_EQ(saved[4].skipped, "a sequence output (only tensors are saved)");

  const Tensor back = ReadTensorFile(out + "/y_0_2.npy");
  EXPECT_EQ(back.data_as<float>()[0], 3.0f);
  EXPECT_EQ(ReadTensorFile(out + "/text.pb").strings(), (std::vector<std::string>{"a"}));
}

TEST(SaveOutputsTest, ADirectoryThatIsAFileIsAnIoError) {
  testing::TempDir dir;
  WriteNpy(dir.File("f"), Tensor::FromVector<float>({1}, {1}));
  try {
    SaveOutputs(dir.File("f"), {}, core::Overwrite::kReplace, "--save-outputs");
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.category(), ErrorCategory::kIo);
    EXPECT_NE(std::string(e.what()).find("--save-outputs: "), std::string::npos) << e.what();
  }
}

TEST(SaveOutputsTest, AnExistingFileIsRefusedBeforeAnythingIsWrittenUnlessReplacing) {
  testing::TempDir dir;
  const NamedValues outputs{{"a", Tensor::FromVector<float>({1}, {1})}, {"b", Tensor::FromVector<float>({2}, {1})}};
  SaveOutputs(dir.File("out"), {outputs[1]}, core::Overwrite::kRefuse, "--save-outputs");
  const std::string b_pb = dir.File("out/b.pb");
  try {
    SaveOutputs(dir.File("out"), outputs, core::Overwrite::kRefuse, "--save-outputs");
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()), "--save-outputs '" + b_pb + "' exists; pass --force to overwrite it");
  }
  EXPECT_FALSE(std::filesystem::exists(dir.File("out/a.pb")));  // nothing was written
  SaveOutputs(dir.File("out"), outputs, core::Overwrite::kReplace, "--save-outputs");
  EXPECT_EQ(ReadTensorFile(dir.File("out/a.pb")).data_as<float>()[0], 1.0f);
}

}  // namespace
}  // namespace ortkit::cli
