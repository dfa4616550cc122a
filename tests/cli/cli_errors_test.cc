// `ortkit`'s failures: exit status 2 and exactly one "ortkit: error: ..." line (plus the usage
// hint for command-line mistakes), nothing on stdout.
#include <memory>

#include <gtest/gtest.h>

#include "cli/cli_runner.h"
#include "ortkit/runtime.h"
#include "ortkit/tensor_io.h"
#include "testing/temp_dir.h"
#include "testing/test_models.h"

namespace ortkit::testing {
namespace {

class CliErrorsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = std::make_unique<TempDir>();
    WriteFile(dir_->File("add.onnx"), AddModel());
    WriteFile(dir_->File("not_onnx.onnx"), "this is not a protobuf model\n");
    WriteNpy(dir_->File("x_2x3.npy"), Tensor::FromVector<float>({1, 2, 3, 4, 5, 6}, {2, 3}));
    WriteNpy(dir_->File("x_2x4.npy"), Tensor::FromVector<float>({1, 2, 3, 4, 5, 6, 7, 8}, {2, 4}));
  }
  static void TearDownTestSuite() { dir_.reset(); }

  static CliResult Run(const std::vector<std::string>& args) { return RunCli(args, dir_->path()); }

  // A failure the library reports: one error line, exit 2, empty stdout.
  static void ExpectError(const std::vector<std::string>& args, const std::string& line) {
    ExpectRefusal(Run(args), line + "\n");
  }

  // A command-line mistake: the error line and the hint to the subcommand's help.
  static void ExpectUsageError(const std::vector<std::string>& args, const std::string& line,
                               const std::string& help_of = "ortkit run") {
    ExpectError(args, line + "\nRun '" + help_of + " --help' for usage.");
  }

  static std::unique_ptr<TempDir> dir_;
};

std::unique_ptr<TempDir> CliErrorsTest::dir_;

TEST_F(CliErrorsTest, MissingModelFile) {
  ExpectError({"run", "missing.onnx"},
              "ortkit: error: while loading 'missing.onnx': No such file or directory");
}

TEST_F(CliErrorsTest, NonOnnxFileGivesOrtsReasonOnOneLine) {
  const CliResult r = Run({"run", "not_onnx.onnx"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out, "");
  ASSERT_EQ(Lines(r.err).size(), 1u) << r.err;
  EXPECT_EQ(r.err.rfind("ortkit: error: while loading 'not_onnx.onnx': ", 0), 0u) << r.err;
  EXPECT_NE(r.err.find("Protobuf parsing failed"), std::string::npos) << r.err;
}

TEST_F(CliErrorsTest, DirectoryAsModel) {
  ExpectError({"run", "."}, "ortkit: error: while loading '.': it is a directory, not a model file");
}

TEST_F(CliErrorsTest, DimWithoutValue) {
  ExpectUsageError({"run", "add.onnx", "--dim", "batch"},
                   "ortkit: error: --dim: 'batch': expected NAME=8, NAME=1,2,4 or NAME=5..100[:STEP], or INPUT:AXIS=... for an unnamed dimension");
}

TEST_F(CliErrorsTest, DimWithNonIntegerValue) {
  ExpectUsageError({"run", "add.onnx", "--dim", "batch=abc"},
                   "ortkit: error: --dim: 'batch=abc': 'abc' is not a size");
}

TEST_F(CliErrorsTest, DimWithNegativeValue) {
  ExpectUsageError({"run", "add.onnx", "--dim", "batch=-1"},
                   "ortkit: error: --dim: 'batch=-1': '-1' is not a size");
}

TEST_F(CliErrorsTest, DimWithEmptyName) {
  ExpectUsageError({"run", "add.onnx", "--dim==2"},
                   "ortkit: error: --dim: '=2': no NAME before '='");
}

TEST_F(CliErrorsTest, DimForASymbolTheModelLacks) {
  ExpectError({"run", "add.onnx", "--dim", "btch=2"},
              "ortkit: error: --dim btch=2: the model has no free dimension 'btch' (its free dimensions: batch)");
}

TEST_F(CliErrorsTest, InputWithoutFile) {
  ExpectUsageError({"run", "add.onnx", "--input", "x"},
                   "ortkit: error: --input: expected NAME=FILE (e.g. image=image.npy), got 'x'");
}

TEST_F(CliErrorsTest, InputNameThatIsNotAnInput) {
  ExpectError({"run", "add.onnx", "--input", "xx=x_2x3.npy"},
              "ortkit: error: input 'xx' is not an input of 'add.onnx' (did you mean 'x'?); its inputs are: "
              "x (float32[batch,3]), y (float32[batch,3])");
}

TEST_F(CliErrorsTest, InputFileWithTheWrongShape) {
  ExpectError({"run", "add.onnx", "--input", "x=x_2x4.npy"},
              "ortkit: error: input 'x': dimension 1 must be 3 (float32[batch,3]), got 4 in shape [2,4]");
}

TEST_F(CliErrorsTest, InputFileThatDoesNotExist) {
  ExpectError({"run", "add.onnx", "--input", "x=nothere.npy"},
              "ortkit: error: cannot read 'nothere.npy': No such file or directory");
}

TEST_F(CliErrorsTest, UnknownProviderIsAUsageError) {
  const CliResult r = Run({"run", "add.onnx", "--provider", "gpu"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out, "");
  const auto lines = Lines(r.err);
  ASSERT_EQ(lines.size(), 2u) << r.err;
  EXPECT_EQ(lines[0].rfind("ortkit: error: --provider: unknown provider 'gpu'; this ONNX Runtime build has: ", 0), 0u)
      << r.err;
  EXPECT_NE(lines[0].find("cpu"), std::string::npos) << r.err;
  EXPECT_EQ(lines[1], "Run 'ortkit run --help' for usage.");
}

// This ORT lists CUDA, but its libraries are missing here; where CUDA works, there is nothing to test.
TEST_F(CliErrorsTest, UnavailableProviderGivesOneLine) {
  if (ProviderUsable("cuda")) GTEST_SKIP() << "CUDA is usable on this machine";
  const CliResult r = Run({"run", "add.onnx", "--provider", "cuda"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out, "");
  ASSERT_EQ(Lines(r.err).size(), 1u) << r.err;
  EXPECT_EQ(r.err.rfind("ortkit: error: provider 'cuda' ", 0), 0u) << r.err;
  EXPECT_EQ(r.err.find("Stacktrace"), std::string::npos) << r.err;
}

TEST_F(CliErrorsTest, BadSeed) {
  ExpectUsageError({"run", "add.onnx", "--seed", "-3"},
                   "ortkit: error: --seed: expected a non-negative integer, got '-3'");
}

TEST_F(CliErrorsTest, SaveOutputsOntoAFile) {
  const CliResult r = Run({"run", "add.onnx", "--save-outputs", "add.onnx"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out, "");
  ASSERT_EQ(Lines(r.err).size(), 1u) << r.err;
  EXPECT_EQ(r.err.rfind("ortkit: error: --save-outputs: ", 0), 0u) << r.err;
}

TEST_F(CliErrorsTest, MissingConfigFile) {
  const CliResult r = Run({"run", "add.onnx", "--config", "nothere.json"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out, "");
  ASSERT_EQ(Lines(r.err).size(), 1u) << r.err;
  EXPECT_NE(r.err.find("nothere.json"), std::string::npos) << r.err;
}

TEST_F(CliErrorsTest, NoSubcommand) {
  ExpectUsageError({}, "ortkit: error: A subcommand is required", "ortkit");
}

TEST_F(CliErrorsTest, UnknownSubcommand) {
  const CliResult r = Run({"frobnicate"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(Lines(r.err).size(), 2u) << r.err;
  EXPECT_EQ(Lines(r.err).back(), "Run 'ortkit --help' for usage.");
}

TEST_F(CliErrorsTest, RunWithoutModel) {
  ExpectUsageError({"run"}, "ortkit: error: MODEL is required");
}

TEST_F(CliErrorsTest, UnknownFlag) {
  ExpectUsageError({"run", "add.onnx", "--bogus"}, "ortkit: error: The following argument was not expected: --bogus");
}

TEST_F(CliErrorsTest, SuccessExitsZeroAndFlagsMayPrecedeTheModel) {
  const CliResult r = Run({"run", "--dim", "batch=2", "--input", "x=x_2x3.npy", "add.onnx"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "");
}

}  // namespace
}  // namespace ortkit::testing
