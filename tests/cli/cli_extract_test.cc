// `ortkit extract` end to end: the real binary writes a subgraph that `ortkit run` can run.
#include <filesystem>
#include <memory>

#include <gtest/gtest.h>

#include "cli/cli_runner.h"
#include "graph/model_file.h"
#include "testing/temp_dir.h"
#include "testing/test_models.h"

namespace ortkit::testing {
namespace {

class CliExtractTest : public ::testing::Test {
 protected:
  void SetUp() override {
    WriteFile(dir_.File("convnet.onnx"), ConvNetModel());
    WriteFile(dir_.File("unknown.onnx"), UnknownOpModel());
  }

  CliResult Run(const std::vector<std::string>& args) { return RunCli(args, dir_.path()); }

  void ExpectError(const std::vector<std::string>& args, const std::string& line) {
    ExpectRefusal(Run(args), line + "\n");
  }

  TempDir dir_;
};

TEST_F(CliExtractTest, AMiddleSliceIsWrittenTypedAndRuns) {
  const CliResult r = Run({"extract", "convnet.onnx", "-o", "block.onnx", "--inputs", "stem_out", "--outputs", "block_out"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  ExpectGolden("extract_block.txt", r.out);
  EXPECT_EQ(graph::ReadModel(dir_.File("block.onnx")).graph().node_size(), 5);
  const CliResult run = Run({"run", "block.onnx", "--dim", "batch=2"});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("block_out  float32  [2,16,32,32]"), std::string::npos) << run.out;
}

TEST_F(CliExtractTest, SeveralOutputsAreCommaSeparated) {
  const CliResult r = Run({"extract", "convnet.onnx", "--output", "two.onnx", "--inputs", "input",
                           "--outputs", "stem_out,block_mid"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(graph::ReadModel(dir_.File("two.onnx")).graph().output_size(), 2);
}

TEST_F(CliExtractTest, AnExistingFileIsKeptUnlessForced) {
  const std::vector<std::string> args{"extract", "convnet.onnx", "-o", "x.onnx", "--inputs", "stem_out", "--outputs", "block_mid"};
  ASSERT_EQ(Run(args).exit_code, 0);
  ExpectError(args, "ortkit: error: -o 'x.onnx' exists; pass --force to overwrite it");
  std::vector<std::string> forced = args;
  forced.push_back("--force");
  EXPECT_EQ(Run(forced).exit_code, 0);
}

TEST_F(CliExtractTest, UnknownTensorsAndMissingInputsAreNamed) {
  ExpectError({"extract", "convnet.onnx", "-o", "x.onnx", "--inputs", "stem_ot", "--outputs", "block_out"},
              "ortkit: error: model 'convnet.onnx': no tensor 'stem_ot' in the main graph (did you mean 'stem_out'?)");
  ExpectError({"extract", "convnet.onnx", "-o", "x.onnx", "--inputs", "block_mid", "--outputs", "block_out"},
              "ortkit: error: model 'convnet.onnx': outputs 'block_out' depend on graph input 'input', which is "
              "neither among the given inputs nor an initializer; add it to the inputs");
  EXPECT_FALSE(std::filesystem::exists(dir_.File("x.onnx")));
}

TEST_F(CliExtractTest, ASubgraphOrtCannotLoadIsNotWrittenUnlessTheCheckIsSkipped) {
  const CliResult r = Run({"extract", "unknown.onnx", "-o", "dcn.onnx", "--inputs", "x", "--outputs", "y"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err.rfind("ortkit: error: while loading 'dcn.onnx': ", 0), 0u) << r.err;
  EXPECT_NE(r.err.find("DCNv2"), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists(dir_.File("dcn.onnx")));
  EXPECT_EQ(Run({"extract", "unknown.onnx", "-o", "dcn.onnx", "--inputs", "x", "--outputs", "y", "--skip-load-check"})
                .exit_code,
            0);
  EXPECT_TRUE(std::filesystem::exists(dir_.File("dcn.onnx")));
}

}  // namespace
}  // namespace ortkit::testing
