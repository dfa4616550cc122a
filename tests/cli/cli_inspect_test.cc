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

// ConvNetModel by hand at batch=1 (3x3 kernels, biases): stem 3->16 stride 2 gives [16,32,32] and
// 16384 x (27 + 1); block.conv1 and conv2 16->16 give 16384 x (144 + 1) each; down 16->32 stride 2
// gives 8192 x (144 + 1); four Relus and the Add over [16,32,32] (but down's Relu over 8192) and
// the global pool over 8192; Gemm 10 x 32 + 10.
constexpr uint64_t kConvNetFlopsPerImage = 16384 * 28 + 2 * 16384 * 145 + 8192 * 145 + 4 * 16384 + 8192 + 8192 + 330;

TEST_F(CliInspectTest, CostJsonHasTypedTotalsPerModelAndOpType) {
  const CliResult r = Ok({"inspect", "convnet.onnx", "--cost", "--dim", "batch=2", "--json"});
  ExpectGolden("inspect_convnet_cost.json", r.out);
  const auto doc = nlohmann::json::parse(r.out);
  const auto& cost = doc["cost"];
  EXPECT_NE(cost["flop_convention"].get<std::string>().find("one multiply-add = 1 FLOP"), std::string::npos);
  EXPECT_EQ(cost["dim_sizes"], nlohmann::json::parse(R"({"batch": 2})"));
  EXPECT_EQ(cost["unsized_dims"], nlohmann::json::array());
  EXPECT_EQ(cost["total"]["flops"], 2 * kConvNetFlopsPerImage);
  EXPECT_EQ(cost["total"]["flops_unknown_nodes"], 0);
  EXPECT_EQ(cost["total"]["nodes"], 12);
  uint64_t sum = 0;
  for (const auto& row : cost["by_op_type"]) sum += row["flops"].get<uint64_t>();
  EXPECT_EQ(sum, 2 * kConvNetFlopsPerImage);
  EXPECT_EQ(cost["by_op_type"][0]["op_type"], "Conv");
  EXPECT_EQ(cost["by_op_type"][0]["nodes"], 4);
  EXPECT_EQ(doc["shape_inference"]["ran"], true);
  EXPECT_FALSE(doc["graph"].contains("nodes"));  // per node only with --nodes
}

TEST_F(CliInspectTest, CostWithNodesGivesEachNodeItsCost) {
  ExpectGolden("inspect_convnet_cost_nodes.txt", Ok({"inspect", "convnet.onnx", "--cost", "--nodes", "--dim", "batch=2"}).out);
  const auto doc = nlohmann::json::parse(Ok({"inspect", "convnet.onnx", "--cost", "--nodes", "--dim", "batch=2", "--json"}).out);
  const auto& nodes = doc["graph"]["nodes"];
  ASSERT_EQ(nodes.size(), 12u);
  EXPECT_EQ(nodes[0]["name"], "stem/Conv");
  EXPECT_EQ(nodes[0]["cost"]["flops"], 2 * 16384 * 28);
  EXPECT_EQ(nodes[0]["cost"]["param_bytes"], (16 * 3 * 9 + 16) * 4);
  EXPECT_EQ(nodes[0]["cost"]["activation_bytes_read"], 2 * 3 * 64 * 64 * 4);
  EXPECT_EQ(nodes[0]["cost"]["unknown_reason"], nullptr);
  EXPECT_EQ(nodes[0]["outputs"][0]["shape"], nlohmann::json::parse("[2, 16, 32, 32]"));  // --dim sizes the types too
}

TEST_F(CliInspectTest, TransformerCostCountsAttentionThroughItsMatMuls) {
  ExpectGolden("inspect_transformer_cost.txt", Ok({"inspect", "transformer.onnx", "--cost", "--dim", "batch=1", "--dim", "seq=8"}).out);
}

TEST_F(CliInspectTest, CostWithoutSizesSaysWhichDimensionIsMissingAndGuessesNothing) {
  const CliResult r = Ok({"inspect", "convnet.onnx", "--cost"});
  EXPECT_NE(r.out.find("free dimensions without a size: batch"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("free dimension 'batch' has no size (give --dim batch=N)"), std::string::npos) << r.out;
  const auto doc = nlohmann::json::parse(Ok({"inspect", "convnet.onnx", "--cost", "--json"}).out);
  EXPECT_EQ(doc["cost"]["unsized_dims"], nlohmann::json::parse(R"(["batch"])"));
  // Flatten moves data: 0 FLOPs at any size, but its bytes depend on batch.
  EXPECT_EQ(doc["cost"]["total"]["flops_unknown_nodes"], 11);
  EXPECT_EQ(doc["cost"]["total"]["bytes_unknown_nodes"], 12);
  EXPECT_EQ(doc["cost"]["total"]["intensity"], nullptr);
}

TEST_F(CliInspectTest, ADimTheModelDoesNotHaveIsOneErrorLine) {
  ExpectError({"inspect", "convnet.onnx", "--cost", "--dim", "seq=8"},
              "ortkit: error: --dim seq=8: the model has no free dimension 'seq' (its free dimensions: batch)");
  ExpectError({"inspect", "convnet.onnx", "--nodes", "--dim", "input:1=8"},
              "ortkit: error: --dim input:1=8: axis 1 of input 'input' (float32[batch,3,64,64]) is not a free dimension");
}

TEST_F(CliInspectTest, ADimListIsRefusedAsInspectCostsOneShape) {
  ExpectError({"inspect", "convnet.onnx", "--cost", "--dim", "batch=1,8"},
              "ortkit: error: --dim 'batch=1,8': `ortkit inspect` runs one shape, so give one size (e.g. batch=8); "
              "bench, memcheck and doctor take lists and ranges");
}

TEST_F(CliInspectTest, ADimWithoutCostOrNodesIsRefused) {
  ExpectError({"inspect", "convnet.onnx", "--dim", "batch=2"},
              "ortkit: error: --dim sizes the shapes of --nodes and --cost: give one of them");
}

TEST_F(CliInspectTest, AMalformedDimIsAUsageError) {
  // The grammar is checked while parsing, as in every subcommand: the error, then the usage hint.
  ExpectError({"inspect", "convnet.onnx", "--cost", "--dim", "batch=0"},
              "ortkit: error: --dim: 'batch=0': sizes must be at least 1\nRun 'ortkit inspect --help' for usage.");
  ExpectError({"inspect", "convnet.onnx", "--cost", "--dim", "batch"},
              "ortkit: error: --dim: 'batch': expected NAME=8, NAME=1,2,4 or NAME=5..100[:STEP], or INPUT:AXIS=... for an "
              "unnamed dimension\nRun 'ortkit inspect --help' for usage.");
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
  EXPECT_NE(r.out.find("--cost"), std::string::npos);
  EXPECT_NE(r.out.find("one multiply-add as 1 FLOP (MACs)"), std::string::npos);
  EXPECT_NE(r.out.find("--cost --dim batch=8"), std::string::npos);
  EXPECT_NE(r.out.find("Examples:"), std::string::npos);
}

}  // namespace
}  // namespace ortkit::testing
