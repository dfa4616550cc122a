// The workload layer through the real binary, as a new user meets it: an exported speech encoder
// that fails at T=1 and has a lengths input, a token embedding whose ids must stay in range, and
// the one --dim/--value grammar with each old dialect refused.
#include <memory>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli/cli_runner.h"
#include "testing/temp_dir.h"
#include "testing/test_models.h"
#include "testing/workload_models.h"

namespace ortkit::testing {
namespace {

using nlohmann::json;

class CliWorkloadTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = std::make_unique<TempDir>();
    WriteFile(dir_->File("encoder.onnx"), SpeechEncoderModel());
    WriteFile(dir_->File("embed.onnx"), TokenEmbeddingModel());
    WriteFile(dir_->File("add.onnx"), AddModel());
    WriteFile(dir_->File("unnamed.onnx"), UnnamedDimModel());
    WriteFile(dir_->File("basic.json"), R"({"optimization_level": "basic"})");
  }
  static void TearDownTestSuite() { dir_.reset(); }

  static CliResult Run(const std::vector<std::string>& args) { return RunCli(args, dir_->path()); }
  static CliResult Ok(const std::vector<std::string>& args) {
    CliResult r = Run(args);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.err, "");
    return r;
  }
  static json OkJson(const std::vector<std::string>& args) { return json::parse(Ok(args).out); }

  static const json& Output(const json& run, const std::string& name) {
    for (const json& o : run["outputs"]) {
      if (o["name"] == name) return o;
    }
    ADD_FAILURE() << "no output " << name;
    static const json none;
    return none;
  }

  static std::unique_ptr<TempDir> dir_;
};

std::unique_ptr<TempDir> CliWorkloadTest::dir_;

// Which Conv ORT names depends on its optimisation level and CPU (the NCHWc rewrite renames it);
// the golden files hold the run at level "basic", where the exported name stays.
TEST_F(CliWorkloadTest, RunWithoutSizesProbesTAndFillsTheLengthsFromIt) {
  ExpectGolden("run_encoder_probed.txt", Ok({"run", "encoder.onnx", "--config", "basic.json"}).out);
  const json doc = OkJson({"run", "encoder.onnx", "--json"});
  EXPECT_EQ(doc["sizes"], (json{{"B", 1}, {"T", 8}}));
  EXPECT_EQ(doc["probed"], json::array({"T"}));
  EXPECT_EQ(doc["probe_runs"], 4);  // T = 1, 2, 4 failed; 8 ran
  ASSERT_EQ(doc["notes"].size(), 2u);
  EXPECT_EQ(doc["notes"][0], "speech_lengths = T (a lengths input; override with --value)");
  EXPECT_NE(doc["notes"][1].get<std::string>().find("T=8 is the smallest power of two that runs; using T=8. Pass "
                                                    "--dim T=... for your real sizes."),
            std::string::npos)
      << doc["notes"][1];
  EXPECT_EQ(doc["inputs"][1]["source"], "value(@T)");
  EXPECT_EQ(Output(doc, "encoder_out_lens")["max"], 1);  // ((8-3)/2+1-3)/2+1
}

TEST_F(CliWorkloadTest, WithTheRealSizeTheOutputLengthsAreTheSubsampledT) {
  const json doc = OkJson({"run", "encoder.onnx", "--dim", "T=400", "--dim", "B=2", "--json"});
  EXPECT_EQ(doc["probe_runs"], 0);
  EXPECT_EQ(Output(doc, "encoder_out_lens")["min"], 99);
  EXPECT_EQ(Output(doc, "encoder_out_lens")["max"], 99);
  EXPECT_EQ(Output(doc, "encoder_out")["shape"], (std::vector<int64_t>{2, 99, 16}));
  // The user's --value replaces the guess.
  const json shorter = OkJson({"run", "encoder.onnx", "--dim", "T=400", "--value", "speech_lengths=200", "--json"});
  EXPECT_EQ(Output(shorter, "encoder_out_lens")["max"], 49);
  EXPECT_EQ(shorter["notes"], json::array());
}

TEST_F(CliWorkloadTest, TokenIdsStayBelowTheVocabulary) {
  // Random int64 values would be 0..9 and pass by luck; the guess says why they are in range.
  const json doc = OkJson({"run", "embed.onnx", "--dim", "batch=8", "--dim", "seq=256", "--json"});
  EXPECT_EQ(doc["inputs"][0]["source"], "value(0..999)");
  EXPECT_EQ(doc["notes"][0],
            "input_ids = uniform in 0..999 (indices of Gather '/embed/Gather', which has 1000 rows; override with "
            "--value)");
  // Past the vocabulary, ORT says so, in one line.
  const CliResult past = Run({"run", "embed.onnx", "--value", "input_ids=1000"});
  EXPECT_EQ(past.exit_code, 2);
  EXPECT_NE(past.err.find("/embed/Gather"), std::string::npos) << past.err;
}

TEST_F(CliWorkloadTest, AnUnnamedDimensionIsSizedByInputAndAxis) {
  const json doc = OkJson({"run", "unnamed.onnx", "--dim", "x:0=3", "--json"});
  EXPECT_EQ(doc["inputs"][0]["shape"], (std::vector<int64_t>{3, 4}));
  EXPECT_EQ(doc["sizes"], (json{{"x:0", 3}}));
}

TEST_F(CliWorkloadTest, BenchMemcheckProfileAndCompareWorkWithoutSizes) {
  const json bench = OkJson({"bench", "encoder.onnx", "--cold-runs", "1", "--runs", "3", "--json"});
  EXPECT_EQ(bench["steady_state"][0]["name"], "T=8");
  ASSERT_EQ(bench["notes"].size(), 2u);
  EXPECT_EQ(bench["notes"][0], "speech_lengths = T (a lengths input; override with --value)");

  // Exit 1 is memcheck's verdict on memory (under a sanitizer's allocator it can call growth a
  // leak); what this test checks is the workload it ran.
  const CliResult mem_run = Run({"memcheck", "encoder.onnx", "--runs", "20", "--json"});
  EXPECT_TRUE(mem_run.exit_code == 0 || mem_run.exit_code == 1) << mem_run.err;
  const json mem = json::parse(mem_run.out);
  ASSERT_EQ(mem["notes"].size(), 2u) << mem["notes"];
  EXPECT_NE(mem["notes"][1].get<std::string>().find("using T=8"), std::string::npos);

  const CliResult profile = Ok({"profile", "encoder.onnx", "--runs", "2"});
  EXPECT_NE(profile.out.find("workload: speech_lengths = T (a lengths input; override with --value)"), std::string::npos)
      << profile.out;
  EXPECT_NE(profile.out.find("using T=8"), std::string::npos) << profile.out;

  const CliResult compared = Ok({"compare", "encoder.onnx", "--opt-level", "disabled", "--opt-level", "all"});
  EXPECT_NE(compared.out.find("using T=8"), std::string::npos) << compared.out;
}

TEST_F(CliWorkloadTest, BenchSweepsTheSizesGivenAndFillsTheLengthsInEach) {
  const json bench = OkJson({"bench", "encoder.onnx", "--dim", "T=7,64", "--cold-runs", "1", "--runs", "3", "--json"});
  ASSERT_EQ(bench["steady_state"].size(), 3u);  // each shape, then the mix
  EXPECT_EQ(bench["steady_state"][0]["name"], "T=7");
  EXPECT_EQ(bench["steady_state"][1]["name"], "T=64");
  EXPECT_EQ(bench["notes"], json::array({"speech_lengths = T (a lengths input; override with --value)"}));
}

TEST_F(CliWorkloadTest, WhenNoSizeRunsOneErrorSaysWhatFailedAndWhatToGive) {
  // Ids past the vocabulary fail at every size: the probe gives up at 4096 and says why.
  const CliResult r = Run({"run", "embed.onnx", "--value", "input_ids=5000"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out, "");
  ASSERT_EQ(Lines(r.err).size(), 1u) << r.err;
  EXPECT_EQ(r.err.rfind("ortkit: error: no size of seq up to 4096 runs (seq=1 failed in Gather '/embed/Gather' "
                        "(indices element out of data bounds",
                        0),
            0u)
      << r.err;
  EXPECT_NE(r.err.find("pass --dim seq=... with sizes that fit the model, and its other inputs with --input or "
                       "--value"),
            std::string::npos)
      << r.err;
}

TEST_F(CliWorkloadTest, EachOldDialectIsRefusedWithTheOneGrammar) {
  ExpectRefusal(Run({"run", "add.onnx", "--dim", "batch=1,4"}),
                "ortkit: error: --dim 'batch=1,4': `ortkit run` runs one shape, so give one size (e.g. batch=4); "
                "bench, memcheck and doctor take lists and ranges\n");
  ExpectRefusal(Run({"profile", "add.onnx", "--dim", "batch=2..8"}),
                "ortkit: error: --dim 'batch=2..8': `ortkit profile` runs one shape, so give one size (e.g. "
                "batch=8); bench, memcheck and doctor take lists and ranges\n");
  ExpectRefusal(Run({"compare", "add.onnx", "--opt-level", "basic", "--opt-level", "all", "--dim", "batch=1,2"}),
                "ortkit: error: --dim 'batch=1,2': `ortkit compare` runs one shape, so give one size (e.g. "
                "batch=2); bench, memcheck and doctor take lists and ranges\n");
  ExpectRefusal(Run({"memcheck", "add.onnx", "--dim", "batch=0..4"}),
                "ortkit: error: --dim: 'batch=0..4': sizes must be at least 1\nRun 'ortkit memcheck --help' for "
                "usage.\n");
  ExpectRefusal(Run({"bench", "add.onnx", "--range", "x=0..1"}),
                "ortkit: error: --range: retired: use --value NAME=LOW..HIGH (uniform values; the same grammar in "
                "every subcommand)\nRun 'ortkit bench --help' for usage.\n");
  const std::string zeros = "ortkit: error: --zeros: retired: use --value NAME=0 for each input to fill with zeros (the "
                            "same grammar in every subcommand)\n";
  ExpectRefusal(Run({"bench", "add.onnx", "--zeros"}), zeros + "Run 'ortkit bench --help' for usage.\n");
  ExpectRefusal(Run({"profile", "add.onnx", "--zeros"}), zeros + "Run 'ortkit profile --help' for usage.\n");
  ExpectRefusal(Run({"run", "add.onnx", "--value", "x=@"}),
                "ortkit: error: --value: 'x=@': no dimension after '@'; expected NAME=@DIM (a dimension's size), "
                "NAME=LOW..HIGH (uniform) or NAME=C (a constant)\nRun 'ortkit run --help' for usage.\n");
  ExpectRefusal(Run({"run", "add.onnx", "--value", "z=1"}),
                "ortkit: error: --value z=1: the model has no input 'z' (its inputs: x, y)\n");
  ExpectRefusal(Run({"doctor", "add.onnx", "--dim", "batch=1", "--dim", "batch=2"}),
                "ortkit: error: --dim 'batch=2': 'batch' is already given by --dim 'batch=1'; give each dimension "
                "once\n");
}

}  // namespace
}  // namespace ortkit::testing
