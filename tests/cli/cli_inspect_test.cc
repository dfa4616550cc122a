// `ortkit inspect`: golden text and JSON of the real binary on generated models (the demo model
// included), and one exact error line for each way a file can fail to be a model.
#include <filesystem>
#include <memory>
#include <random>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli/cli_runner.h"
#include "graph/demo_model.h"
#include "graph/model_builder.h"
#include "graph/model_file.h"
#include "graph/summary_test_models.h"
#include "testing/temp_dir.h"
#include "testing/test_models.h"

namespace ortkit::testing {
namespace {

// The models are written once; each test runs the binary in their directory so that paths in the
// output are short and stable.
class CliInspectTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = std::make_unique<TempDir>();
    WriteFile(dir_->File("convnet.onnx"), ConvNetModel());
    WriteFile(dir_->File("metadata.onnx"), MetadataModel());
    WriteFile(dir_->File("mixed.onnx"), MixedTypesModel());
    WriteFile(dir_->File("transformer.onnx"), TransformerEncoderModel());
    // The bytes of build/demo/demo.onnx: ortkit_make_demo_model saves this same model.
    graph::SaveModel(graph::MakeDemoModel(), dir_->File("demo.onnx"));
    graph::SaveModel(NestedIfModel(), dir_->File("nested_if.onnx"));
    graph::WriteOptions external;
    external.external_data_threshold = 0;  // weights of 1 KiB or more go to external.onnx.data
    graph::WriteModelAtomically(WeightsModel(64), dir_->File("external.onnx"), external);
    std::mt19937 rng(7);
    std::string noise(256, '\0');
    for (char& c : noise) c = static_cast<char>(rng());
    WriteFile(dir_->File("noise.onnx"), noise);
    // A nameless tensor .pb: valid protobuf whose fields ModelProto does not know.
    WriteFile(dir_->File("tensor.pb"), graph::MakeTensor("", std::vector<float>{1, 2}, {2}).SerializeAsString());
  }
  static void TearDownTestSuite() { dir_.reset(); }

  static CliResult Ok(const std::vector<std::string>& args) {
    CliResult r = RunCli(args, dir_->path());
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.err, "");
    return r;
  }

  // A failure: exactly one error line, exit status 2, nothing on stdout.
  static void ExpectError(const std::vector<std::string>& args, const std::string& line) {
    ExpectRefusal(RunCli(args, dir_->path()), line + "\n");
  }

  static std::unique_ptr<TempDir> dir_;
};

std::unique_ptr<TempDir> CliInspectTest::dir_;

TEST_F(CliInspectTest, ConvNetText) { ExpectGolden("inspect_convnet.txt", Ok({"inspect", "convnet.onnx"}).out); }

TEST_F(CliInspectTest, ConvNetJsonParsesAndAgreesWithTheText) {
  const CliResult r = Ok({"inspect", "convnet.onnx", "--json"});
  ExpectGolden("inspect_convnet.json", r.out);
  const auto doc = nlohmann::json::parse(r.out);
  EXPECT_EQ(doc["model"], "convnet.onnx");
  EXPECT_EQ(doc["file_size"], std::filesystem::file_size(dir_->File("convnet.onnx")));
  EXPECT_EQ(doc["graph"]["inputs"][0]["shape"], nlohmann::json::parse(R"(["batch", 3, 64, 64])"));
}

TEST_F(CliInspectTest, ConvNetNodesShowInferredShapes) {
  ExpectGolden("inspect_convnet_nodes.txt", Ok({"inspect", "convnet.onnx", "--nodes"}).out);
}

TEST_F(CliInspectTest, TransformerNodesFollowReshapesThroughSymbolicDims) {
  ExpectGolden("inspect_transformer_nodes.txt", Ok({"inspect", "transformer.onnx", "--nodes"}).out);
}

TEST_F(CliInspectTest, MetadataModelShowsProducerDocAndMetadata) {
  ExpectGolden("inspect_metadata.txt", Ok({"inspect", "metadata.onnx"}).out);
}

TEST_F(CliInspectTest, MixedTypesShowScalarsAndBools) {
  ExpectGolden("inspect_mixed.txt", Ok({"inspect", "mixed.onnx"}).out);
}

TEST_F(CliInspectTest, DemoModelShowsItsEightInitializersListedAsInputs) {
  const CliResult r = Ok({"inspect", "demo.onnx"});
  ExpectGolden("inspect_demo.txt", r.out);
  EXPECT_NE(r.out.find("initializers also listed as graph inputs (8)"), std::string::npos) << r.out;
  const auto doc = nlohmann::json::parse(Ok({"inspect", "demo.onnx", "--json"}).out);
  EXPECT_EQ(doc["graph"]["initializers_as_inputs"].size(), 8u);
  ExpectGolden("inspect_demo.json", Ok({"inspect", "demo.onnx", "--json"}).out);
}

TEST_F(CliInspectTest, SubgraphsAreListedWithTheirOwnCounts) {
  ExpectGolden("inspect_nested_if.txt", Ok({"inspect", "nested_if.onnx"}).out);
  ExpectGolden("inspect_nested_if_nodes.txt", Ok({"inspect", "nested_if.onnx", "--nodes"}).out);
  ExpectGolden("inspect_nested_if_nodes.json", Ok({"inspect", "nested_if.onnx", "--nodes", "--json"}).out);
}

TEST_F(CliInspectTest, ExternalDataFilesAreListedWithTheirSizes) {
  ExpectGolden("inspect_external.txt", Ok({"inspect", "external.onnx"}).out);
  const auto doc = nlohmann::json::parse(Ok({"inspect", "external.onnx", "--json"}).out);
  EXPECT_EQ(doc["external_data"][0]["location"], "external.onnx.data");
  EXPECT_EQ(doc["external_data"][0]["size"], 64 * 64 * 4);
}

TEST_F(CliInspectTest, MissingFile) {
  ExpectError({"inspect", "missing.onnx"}, "ortkit: error: while reading 'missing.onnx': No such file or directory");
}

TEST_F(CliInspectTest, Directory) {
  ExpectError({"inspect", "."}, "ortkit: error: while reading '.': it is a directory, not a model file");
}

TEST_F(CliInspectTest, TruncatedModel) {
  TempDir work;
  const std::string bytes = ConvNetModel();
  WriteFile(work.File("cut.onnx"), bytes.substr(0, bytes.size() / 2));
  const CliResult r = RunCli({"inspect", "cut.onnx"}, work.path());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out, "");
  // The graph (field 7, after ir_version's 2 bytes) is cut in half.
  EXPECT_EQ(r.err,
            "ortkit: error: while reading 'cut.onnx': malformed protobuf at byte 2 (in ModelProto): field 7 has length "
            "41515 but only 20757 bytes are left\n");
}

TEST_F(CliInspectTest, RandomBytes) {
  ExpectError({"inspect", "noise.onnx"},
              "ortkit: error: while reading 'noise.onnx': malformed protobuf at byte 0 (in ModelProto): field 52293 has "
              "wire type 7, which does not exist");
}

TEST_F(CliInspectTest, ProtobufThatIsNotAModel) {
  ExpectError({"inspect", "tensor.pb"},
              "ortkit: error: while reading 'tensor.pb': a protobuf message but not an ONNX model (it has no graph)");
}

TEST_F(CliInspectTest, MissingModelArgumentIsAUsageError) {
  ExpectError({"inspect"}, "ortkit: error: MODEL is required\nRun 'ortkit inspect --help' for usage.");
}

TEST_F(CliInspectTest, HelpExplainsWhatIsReadAndShowsExamples) {
  const CliResult r = Ok({"inspect", "--help"});
  EXPECT_NE(r.out.find("--nodes"), std::string::npos);
  EXPECT_NE(r.out.find("tensor payloads are skipped"), std::string::npos);
  EXPECT_NE(r.out.find("Examples:"), std::string::npos);
}

}  // namespace
}  // namespace ortkit::testing
