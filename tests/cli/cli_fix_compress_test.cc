// `ortkit fix --pass quantize-dynamic|quantize-static|float16` through the real binary: the gate's report, exit
// statuses, files written or not, and flag errors as one line.
#include <filesystem>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli/cli_runner.h"
#include "core/scratch_dir.h"
#include "testing/compress_models.h"
#include "testing/temp_dir.h"

namespace ortkit::testing {
namespace {

namespace fs = std::filesystem;

class CliFixCompressTest : public ::testing::Test {
 protected:
  void SetUp() override {
    core::WriteWholeFile(dir_.File("enc.onnx"), ExportedEncoderModel(64, 2));
    core::WriteWholeFile(dir_.File("outlier.onnx"), OutlierWeightModel());
  }
  CliResult Run(const std::vector<std::string>& args) const { return RunCli(args, dir_.path()); }
  void ExpectError(const std::vector<std::string>& args, const std::string& line, bool usage = false) const {
    ExpectRefusal(Run(args), "ortkit: error: " + line + "\n" + (usage ? "Run 'ortkit fix --help' for usage.\n" : ""));
  }
  TempDir dir_;
};

TEST_F(CliFixCompressTest, QuantizeDynamicPassesTheGateAndWritesASmallerModel) {
  const CliResult r = Run({"fix", "enc.onnx", "-o", "q.onnx", "--pass", "quantize-dynamic", "--samples", "4"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("verification  passed the accuracy gate: all 2 outputs (cosine >= 0.99, top-1 disagreement "
                       "<= 1%, 4 samples from seed 0)"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("MatMul/Gemm quantized: 13"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("top-5 overlap"), std::string::npos) << r.out;
  EXPECT_LT(fs::file_size(dir_.File("q.onnx")) * 3, fs::file_size(dir_.File("enc.onnx")));
}

TEST_F(CliFixCompressTest, JsonCarriesTheGateFigures) {
  const CliResult r = Run({"fix", "enc.onnx", "-o", "q.onnx", "--pass", "quantize-dynamic", "--samples", "2", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto doc = nlohmann::json::parse(r.out);
  const auto& gate = doc["verification"]["accuracy_gate"];
  EXPECT_EQ(gate["passed"], true);
  EXPECT_EQ(gate["samples"], 2);
  EXPECT_EQ(gate["outputs"][1]["name"], "logits");
  EXPECT_EQ(gate["outputs"][1]["scores"], true);
  EXPECT_GE(gate["outputs"][1]["cosine"].get<double>(), 0.99);
  EXPECT_TRUE(gate["outputs"][1]["top5_overlap"].is_number());
  EXPECT_EQ(doc["passes"][0]["name"], "quantize-dynamic");
  EXPECT_EQ(doc["passes"][0]["counts"]["nodes_quantized"], 13);
}

TEST_F(CliFixCompressTest, AFailingVariantExitsOneAndIsNotWrittenUnlessKeepUnverified) {
  const CliResult r = Run({"fix", "outlier.onnx", "-o", "q.onnx", "--pass", "quantize-dynamic", "--per-tensor"});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.out.find("NOT written"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("FAILED the accuracy gate: 1 of 1 outputs"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("FAILS: top-1 disagreement"), std::string::npos) << r.out;
  EXPECT_FALSE(fs::exists(dir_.File("q.onnx")));
  const CliResult kept =
      Run({"fix", "outlier.onnx", "-o", "q.onnx", "--pass", "quantize-dynamic", "--per-tensor", "--keep-unverified"});
  EXPECT_EQ(kept.exit_code, 1);
  EXPECT_TRUE(fs::exists(dir_.File("q.onnx")));
  // A looser gate lets the same variant through.
  const CliResult loose = Run({"fix", "outlier.onnx", "-o", "q2.onnx", "--pass", "quantize-dynamic", "--per-tensor",
                               "--max-top1-disagreement", "100%", "--min-cosine", "0.5"});
  EXPECT_EQ(loose.exit_code, 0) << loose.out;
}

TEST_F(CliFixCompressTest, Float16HalvesTheModelAndExcludePatternsAreHonoured) {
  const CliResult r = Run({"fix", "enc.onnx", "-o", "h.onnx", "--pass", "float16", "--samples", "2", "--exclude-nodes",
                           "/head/*", "--block-op", "Softmax"});
  EXPECT_EQ(r.exit_code, 0) << r.err << r.out;
  EXPECT_NE(r.out.find("'/head/MatMul' (MatMul): kept float32: excluded by --exclude-nodes '/head/*'"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("kept float32: --block-op Softmax"), std::string::npos) << r.out;
  EXPECT_LT(fs::file_size(dir_.File("h.onnx")) * 10, fs::file_size(dir_.File("enc.onnx")) * 6);
}

TEST_F(CliFixCompressTest, QuantizeStaticCalibratesAndGatesOnTheCalibrationSets) {
  const std::string resnet = ExportedResNetModel(8, 2, 10, 32);
  core::WriteWholeFile(dir_.File("resnet.onnx"), resnet);
  WriteCalibrationSets(dir_.File("calib"), resnet, 3, {{"batch", 1}});
  const CliResult r = Run({"fix", "resnet.onnx", "-o", "q.onnx", "--pass", "quantize-static", "--calibration", "calib",
                           "--calibration-method", "minmax"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("nodes quantized: 17"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Relus folded into the node before: 9"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("calibrated 28 tensors over 3 sets of --calibration calib (min-max)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("3 samples: the calibration sets of calib)"), std::string::npos) << r.out;
  EXPECT_TRUE(fs::exists(dir_.File("q.onnx")));

  ExpectError({"fix", "resnet.onnx", "-o", "q2.onnx", "--pass", "quantize-static"},
              "fix option calibration_dir: quantize-static needs calibration data: --calibration DIR, one subdirectory "
              "per input set with a .npy or .pb file per input (ranges from random inputs would be meaningless)");
  ExpectError({"fix", "resnet.onnx", "-o", "q2.onnx", "--pass", "quantize-static", "--calibration", "nowhere"},
              "--calibration: 'nowhere' is not a directory", true);
  ExpectError({"fix", "resnet.onnx", "-o", "q2.onnx", "--pass", "quantize-static", "--calibration", "calib",
               "--percentile", "40"},
              "fix option calibration_percentile: 40: must be in (50, 100]");
  ExpectError({"fix", "resnet.onnx", "-o", "q2.onnx", "--calibration-method", "entropy"},
              "--calibration-method: entropy not in {minmax,percentile}", true);
  EXPECT_FALSE(fs::exists(dir_.File("q2.onnx")));
}

TEST_F(CliFixCompressTest, FlagMistakesAreOneLineErrors) {
  ExpectError({"fix", "enc.onnx", "-o", "q.onnx", "--pass", "quantize-dynamic", "--samples", "0"},
              "--samples 0: at least 1 input set is needed");
  ExpectError({"fix", "enc.onnx", "-o", "q.onnx", "--pass", "quantize-dynamic", "--min-cosine", "2"},
              "--min-cosine 2: expected a number in [-1, 1]");
  ExpectError({"fix", "enc.onnx", "-o", "q.onnx", "--max-top1-disagreement", "lots"},
              "--max-top1-disagreement: expected a fraction in [0, 1] or a percentage (0.01 or 1%), got 'lots'", true);
  ExpectError({"fix", "enc.onnx", "-o", "q.onnx", "--pass", "float16", "--exclude-nodes", ""},
              "fix option exclude_nodes: a node pattern is empty");
  ExpectError({"fix", "enc.onnx", "-o", "q.onnx", "--min-weight-bytes", "-1"},
              "fix option quantize_min_weight_bytes: -1: must be >= 0");
  ExpectError({"fix", "enc.onnx", "-o", "q.onnx", "--keep-io-types", "--no-keep-io-types"},
              "--keep-io-types excludes --no-keep-io-types", true);
  EXPECT_FALSE(fs::exists(dir_.File("q.onnx")));
}

}  // namespace
}  // namespace ortkit::testing
