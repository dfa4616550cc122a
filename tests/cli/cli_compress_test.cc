// `ortkit compress` through the real binary: the table (golden, numbers masked), JSON, -o and its
// refusals, the no-pass finding, and the skipped static variant.
#include <algorithm>
#include <filesystem>
#include <regex>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli/cli_runner.h"
#include "core/scratch_dir.h"
#include "testing/compress_models.h"
#include "testing/temp_dir.h"

namespace ortkit::testing {
namespace {

namespace fs = std::filesystem;

// Few runs and one fresh process per variant: these tests check what is reported, not how fast.
const std::vector<std::string> kQuick{"--samples", "4", "--runs", "3", "--repeats", "1", "--warmup", "1",
                                      "--cold-runs", "1", "--rss-runs", "1"};

// What changes between runs and machines masked: every number that stands alone (not the 16 of
// float16 or the 50 of p50), the Pareto marks (they follow the timings) and the column alignment
// that follows the numbers' widths.
std::string MaskTable(const std::string& text) {
  std::string out = std::regex_replace(text, std::regex(R"((^|[^A-Za-z0-9.-])[0-9]+(\.[0-9]+)?)"), "$1#");
  out = std::regex_replace(out, std::regex(R"( \*( |$))"), "$1");
  return std::regex_replace(out, std::regex(" {2,}"), "  ");
}

class CliCompressTest : public ::testing::Test {
 protected:
  void SetUp() override { core::WriteWholeFile(dir_.File("enc.onnx"), ExportedEncoderModel(64, 2)); }
  CliResult Run(std::vector<std::string> args, bool quick = true) const {
    if (quick) args.insert(args.end(), kQuick.begin(), kQuick.end());
    return RunCli(args, dir_.path());
  }
  TempDir dir_;
};

TEST_F(CliCompressTest, TableShowsEveryVariantAgainstTheOriginal) {
  const CliResult r = Run({"compress", "enc.onnx", "--objective", "size"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "");  // no progress on stderr when stdout is not a terminal
  ExpectGolden("compress_encoder.txt", MaskTable(r.out));
  // What the masked golden can't show: the smallest variant is int8, and it is on the front.
  EXPECT_NE(r.out.find("best     quantize-dynamic (by size)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("quantize-dynamic *"), std::string::npos) << r.out;
}

TEST_F(CliCompressTest, JsonHasEveryFigureAndOutputWritesTheBest) {
  const CliResult r = Run({"compress", "enc.onnx", "--json", "--objective", "size", "-o", "small.onnx"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto doc = nlohmann::json::parse(r.out);
  EXPECT_EQ(doc["objective"], "size");
  EXPECT_EQ(doc["best"], "quantize-dynamic");
  EXPECT_EQ(doc["written"], true);
  ASSERT_EQ(doc["variants"].size(), 4u);
  EXPECT_EQ(doc["variants"][0]["name"], "original");
  const auto& q = doc["variants"][2];
  EXPECT_EQ(q["name"], "quantize-dynamic");
  EXPECT_EQ(q["passes_gate"], true);
  EXPECT_LT(q["size_ratio"].get<double>(), 0.5);
  ASSERT_EQ(q["latency"].size(), 2u);
  EXPECT_EQ(q["latency"][0]["intra_op_threads"], 1);
  EXPECT_EQ(q["latency"][1]["intra_op_threads"], 0);
  EXPECT_GT(q["latency"][0]["p50_ms"].get<double>(), 0);
  EXPECT_GE(q["latency"][0]["p99_ms"].get<double>(), q["latency"][0]["p50_ms"].get<double>());
  EXPECT_GT(q["peak_rss_mib"].get<double>(), 0);
  EXPECT_GT(q["cold_start_ms"].get<double>(), 0);
  EXPECT_GE(q["min_cosine"].get<double>(), 0.99);
  EXPECT_EQ(q["accuracy"]["samples"], 4);
  EXPECT_EQ(doc["variants"][3]["name"], "quantize-static");
  EXPECT_EQ(doc["variants"][3]["measured"], false);
  EXPECT_NE(doc["variants"][3]["skipped"].get<std::string>().find("no --calibration DIR"), std::string::npos);
  // The written file is the variant measured: its size is the one reported.
  EXPECT_EQ(fs::file_size(dir_.File("small.onnx")), q["file_bytes"].get<uint64_t>());
}

TEST_F(CliCompressTest, CalibrationAddsTheStaticVariantJudgedOnTheCalibrationSets) {
  WriteCalibrationSets(dir_.File("calib"), ExportedEncoderModel(64, 2), 4, {{"batch", 1}, {"seq", 4}});
  const CliResult r = Run({"compress", "enc.onnx", "--calibration", "calib", "--json"});
  ASSERT_LE(r.exit_code, 1) << r.err;  // whether int8 activations pass the gate here is not the point
  const auto doc = nlohmann::json::parse(r.out);
  ASSERT_EQ(doc["variants"].size(), 4u);
  const auto& s = doc["variants"][3];
  EXPECT_EQ(s["name"], "quantize-static");
  ASSERT_EQ(s["measured"], true) << s["skipped"];
  EXPECT_LT(s["size_ratio"].get<double>(), 0.5);
  EXPECT_GT(s["latency"][0]["p50_ms"].get<double>(), 0);
  EXPECT_NE(s["accuracy"]["inputs"].get<std::string>().find("calib"), std::string::npos) << s["accuracy"];
  EXPECT_EQ(doc["calibration_dir"], "calib");
}

TEST_F(CliCompressTest, NoVariantPassingTheGateIsAFindingAndWritesNothing) {
  // A cosine of exactly 1 is beyond any lossy variant.
  const CliResult r = Run({"compress", "enc.onnx", "--min-cosine", "1", "-o", "small.onnx"});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.out.find("best     none: no compressed variant passes the gate; nothing written to small.onnx"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("fails    quantize-dynamic: "), std::string::npos) << r.out;
  EXPECT_FALSE(fs::exists(dir_.File("small.onnx")));
}

TEST_F(CliCompressTest, AnExistingOutputIsRefusedBeforeAnyWorkWithoutForce) {
  core::WriteWholeFile(dir_.File("small.onnx"), "keep me");
  const CliResult r = Run({"compress", "enc.onnx", "-o", "small.onnx"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out, "");
  EXPECT_NE(r.err.find("ortkit: error: "), std::string::npos);
  EXPECT_NE(r.err.find("--force"), std::string::npos) << r.err;
  EXPECT_EQ(core::ReadWholeFile(dir_.File("small.onnx")), "keep me");
}

TEST_F(CliCompressTest, TheInputIsNeverTheOutputEvenWithForce) {
  const auto before = core::ReadWholeFile(dir_.File("enc.onnx"));
  const CliResult r = Run({"compress", "enc.onnx", "-o", "enc.onnx", "--force"});
  ExpectRefusal(r, "ortkit: error: -o 'enc.onnx' is the input model: compress never writes its input\n");
  EXPECT_EQ(core::ReadWholeFile(dir_.File("enc.onnx")), before);
}

TEST_F(CliCompressTest, BadFlagsAreRefusedInOneLine) {
  ExpectRefusal(Run({"compress", "enc.onnx", "--objective", "fast"}, false),
                "ortkit: error: --objective: expected p50, size or peak-memory, got 'fast'\n"
                "Run 'ortkit compress --help' for usage.\n");
  ExpectRefusal(Run({"compress", "enc.onnx", "--calibration", "nowhere"}, false),
                "ortkit: error: --calibration: 'nowhere' is not a directory\n"
                "Run 'ortkit compress --help' for usage.\n");
  const CliResult runs = Run({"compress", "enc.onnx", "--runs", "0"}, false);
  ExpectRefusal(runs, "ortkit: error: --runs must be at least 1, got 0\n");
}

TEST_F(CliCompressTest, AModelThatDoesNotLoadIsAnError) {
  core::WriteWholeFile(dir_.File("junk.onnx"), "not a model");
  const CliResult r = Run({"compress", "junk.onnx"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err.rfind("ortkit: error: ", 0), 0u) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
}

TEST_F(CliCompressTest, HelpShowsExamplesAndWhatParetoIsOver) {
  const CliResult r = Run({"compress", "--help"}, false);
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("Examples:"), std::string::npos);
  EXPECT_NE(r.out.find("ortkit compress model.onnx --calibration calib/"), std::string::npos);
  EXPECT_NE(r.out.find("file size, p50 at 1 thread and peak RSS"), std::string::npos);
  for (const char* flag : {"--objective", "--calibration", "--samples", "--min-cosine", "--max-top1-disagreement",
                           "--runs", "--repeats", "--cold-runs", "--format", "--force"}) {
    EXPECT_NE(r.out.find(flag), std::string::npos) << flag;
  }
}

}  // namespace
}  // namespace ortkit::testing
