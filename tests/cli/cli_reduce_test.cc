// `ortkit reduce` end to end: real check commands run through /bin/sh on candidate files.
#include <memory>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli/cli_runner.h"
#include "graph/model_builder.h"
#include "graph/model_file.h"
#include "testing/temp_dir.h"
#include "testing/test_models.h"

namespace ortkit::testing {
namespace {

// x -> Relu -> Conv-free chain with a DCNv2 (no runtime has it) in the middle -> y.
void WriteCustomChain(const std::string& path) {
  graph::ModelBuilder("chain")
      .Opset("com.example", 1)
      .Input("x", ElementType::kFloat32, {1, 3, 8, 8})
      .Node("Relu", {"x"}, {"r"}, {}, "relu")
      .Node("Sigmoid", {"r"}, {"s"}, {}, "sigmoid")
      .Node("DCNv2", {"s"}, {"d"}, {}, "dcn", "com.example")
      .ValueInfo("d", ElementType::kFloat32, {1, 3, 8, 8})
      .Node("Tanh", {"d"}, {"t"}, {}, "tanh")
      .Node("Add", {"t", "r"}, {"y"}, {}, "add")
      .Output("y", ElementType::kFloat32, {1, 3, 8, 8})
      .Save(path);
}

class CliReduceTest : public ::testing::Test {
 protected:
  void SetUp() override { WriteCustomChain(dir_.File("chain.onnx")); }
  CliResult Run(const std::vector<std::string>& args) { return RunCli(args, dir_.path()); }
  TempDir dir_;
};

TEST_F(CliReduceTest, AGrepCheckReducesToTheNodeWithTheOp) {
  const CliResult r = Run({"reduce", "chain.onnx", "--check", "! grep -q DCNv2 {model}", "-o", "min.onnx"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  ExpectGolden("reduce_chain.txt", r.out);
  const onnx::ModelProto min = graph::ReadModel(dir_.File("min.onnx"));
  ASSERT_EQ(min.graph().node_size(), 1);
  EXPECT_EQ(min.graph().node(0).op_type(), "DCNv2");
}

TEST_F(CliReduceTest, OrtkitRunAsTheCheckFindsTheOpOrtCannotLoad) {
  const std::string check = std::string("'") + ORTKIT_CLI_PATH + "' run {model}";
  const CliResult r = Run({"reduce", "chain.onnx", "--check", check, "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto doc = nlohmann::json::parse(r.out);
  EXPECT_EQ(doc["result"]["nodes"], std::vector<std::string>{"DCNv2 'dcn'"});
  EXPECT_EQ(doc["result"]["inputs"], std::vector<std::string>{"s"});
  EXPECT_EQ(doc["original_nodes"], 5);
  EXPECT_EQ(doc["steps"][0]["phase"], "full");
  EXPECT_FALSE(doc.contains("written"));
}

TEST_F(CliReduceTest, ACheckThatPassesOrCannotRunIsAnError) {
  CliResult r = Run({"reduce", "chain.onnx", "--check", "true {model}"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err,
            "ortkit: error: the check passes on the full model 'chain.onnx' (exit 0): nothing to reduce; the check "
            "must fail (exit status != 0) on it\n");
  r = Run({"reduce", "chain.onnx", "--check", "no_such_command_ortkit {model}"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err,
            "ortkit: error: the check could not run on the full model (exit 127 (command not found)): "
            "'no_such_command_ortkit {model}'\n");
  r = Run({"reduce", "chain.onnx", "--check", "true"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err,
            "ortkit: error: --check: the check must contain {model} (where the candidate's path goes), got 'true'\n"
            "Run 'ortkit reduce --help' for usage.\n");
}

TEST_F(CliReduceTest, AnExistingOutputIsKeptUnlessForced) {
  WriteFile(dir_.File("min.onnx"), "keep me");
  const CliResult r = Run({"reduce", "chain.onnx", "--check", "! grep -q DCNv2 {model}", "-o", "min.onnx"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "ortkit: error: -o 'min.onnx' exists; pass --force to overwrite it\n");
}

}  // namespace
}  // namespace ortkit::testing
