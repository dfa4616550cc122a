// `ortkit fix` through the real binary: golden text and JSON (figures masked), exit statuses, and
// its errors as one line.
#include <filesystem>
#include <fstream>
#include <memory>
#include <regex>
#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli/cli_runner.h"
#include "graph/demo_model.h"
#include "graph/model_builder.h"
#include "testing/fix_models.h"
#include "testing/temp_dir.h"
#include "testing/test_models.h"

namespace ortkit::testing {
namespace {

namespace fs = std::filesystem;

// Output differences depend on the CPU's kernels; the golden files keep their place, not their value.
std::string MaskFigures(const std::string& text) {
  static const std::regex kSci(R"(-?[0-9]\.[0-9]{2}e[-+][0-9]{2})");
  static const std::regex kJson(R"re(("(max_abs|max_rel|speedup)"): -?[0-9][0-9.eE+-]*)re");
  return std::regex_replace(std::regex_replace(text, kSci, "<num>"), kJson, "$1: \"<num>\"");
}

std::string ReadBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

class CliFixTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::make_unique<TempDir>();
    graph::SaveModel(graph::MakeDemoModel(), dir_->File("demo.onnx"));
    graph::SaveModel(CancellationModel(), dir_->File("cancel.onnx"));
    graph::SaveModel(FreeDimsModel(), dir_->File("dims.onnx"));
  }

  CliResult Run(const std::vector<std::string>& args) const { return RunCli(args, dir_->path()); }

  // Success with a quiet stderr.
  CliResult Ok(const std::vector<std::string>& args) const {
    CliResult r = Run(args);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.err, "");
    return r;
  }

  // One error line, exit 2, nothing on stdout; `usage` adds the hint to `ortkit fix --help`.
  void ExpectError(const std::vector<std::string>& args, const std::string& line, bool usage = false) const {
    ExpectRefusal(Run(args), "ortkit: error: " + line + "\n" + (usage ? "Run 'ortkit fix --help' for usage.\n" : ""));
  }

  std::unique_ptr<TempDir> dir_;
};

TEST_F(CliFixTest, DemoModelTextReportsChangesAndVerification) {
  const CliResult r = Ok({"fix", "demo.onnx", "-o", "demo.fixed.onnx"});
  ExpectGolden("fix_demo.txt", MaskFigures(r.out));
  EXPECT_TRUE(fs::exists(dir_->File("demo.fixed.onnx")));
}

TEST_F(CliFixTest, DemoModelJsonListsCountsChangesAndFigures) {
  const CliResult r = Ok({"fix", "demo.onnx", "--output", "demo.fixed.onnx", "--json", "--dim", "batch=2"});
  ExpectGolden("fix_demo.json", MaskFigures(r.out));
  const auto doc = nlohmann::json::parse(r.out);
  EXPECT_EQ(doc["passes"][0]["counts"]["inputs_removed"], 8);
  EXPECT_EQ(doc["verification"]["passed"], true);
  EXPECT_EQ(doc["verification"]["inputs"][0], "image: float32[2,3,64,64]");
  EXPECT_TRUE(doc["verification"]["outputs"][0]["max_abs"].is_number());
  EXPECT_TRUE(doc["latency"].is_null());
}

TEST_F(CliFixTest, BenchPrintsBothMediansAndTheirRatio) {
  const CliResult r = Ok({"fix", "demo.onnx", "-o", "out.onnx", "--bench", "--runs", "3", "--json"});
  const auto doc = nlohmann::json::parse(r.out);
  EXPECT_EQ(doc["latency"]["runs"], 3);
  EXPECT_GT(doc["latency"]["before_ms"].get<double>(), 0);
  EXPECT_GT(doc["latency"]["after_ms"].get<double>(), 0);
  EXPECT_GE(doc["latency"]["noise"].get<double>(), 0);
  EXPECT_NEAR(doc["latency"]["speedup"].get<double>(),
              doc["latency"]["before_ms"].get<double>() / doc["latency"]["after_ms"].get<double>(), 1e-9);
  const CliResult text = Ok({"fix", "demo.onnx", "-o", "out2.onnx", "--bench", "--runs", "3"});
  EXPECT_NE(text.out.find("latency (median of 3 runs after 3 warm-up, 1 intra-op thread)\n  before   "),
            std::string::npos)
      << text.out;
  EXPECT_TRUE(std::regex_search(text.out, std::regex(R"(\n  speedup  [0-9]+\.[0-9]{2}x \(noise \+-[0-9]+\.[0-9]%\)\n)"))) << text.out;
}

TEST_F(CliFixTest, FailedVerificationExitsOneShowsTheFiguresAndWritesNothing) {
  const CliResult r = Run({"fix", "cancel.onnx", "-o", "cancel.fixed.onnx"});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_EQ(r.err, "");
  ExpectGolden("fix_verification_failed.txt", MaskFigures(r.out));
  EXPECT_FALSE(fs::exists(dir_->File("cancel.fixed.onnx")));

  const CliResult kept = Run({"fix", "cancel.onnx", "-o", "cancel.fixed.onnx", "--keep-unverified"});
  EXPECT_EQ(kept.exit_code, 1);
  EXPECT_TRUE(fs::exists(dir_->File("cancel.fixed.onnx")));
  EXPECT_NE(kept.out.find("(onnx, written)"), std::string::npos) << kept.out;
}

TEST_F(CliFixTest, NoVerifySkipsTheComparison) {
  const CliResult r = Ok({"fix", "cancel.onnx", "-o", "out.onnx", "--no-verify"});
  EXPECT_NE(r.out.find("\nverification  skipped (--no-verify)\n"), std::string::npos) << r.out;
  EXPECT_TRUE(fs::exists(dir_->File("out.onnx")));
}

TEST_F(CliFixTest, ShapeAndPassSelectOnlyWhatWasAsked) {
  const CliResult r = Ok({"fix", "dims.onnx", "-o", "out.onnx", "--pass", "remove-unused", "--shape", "x=2x3x4", "--json"});
  const auto doc = nlohmann::json::parse(r.out);
  ASSERT_EQ(doc["passes"].size(), 2u);
  EXPECT_EQ(doc["passes"][0]["name"], "fix-dims");
  EXPECT_EQ(doc["passes"][0]["changes"][0], "input 'x': [batch,seq,4] -> [2,3,4]");
  EXPECT_EQ(doc["passes"][1]["name"], "remove-unused");
}

TEST_F(CliFixTest, OrtFormatWritesAnOrtFile) {
  const CliResult r = Ok({"fix", "demo.onnx", "-o", "demo.ort", "--model-format", "ort", "--opt-level", "extended", "--json"});
  const auto doc = nlohmann::json::parse(r.out);
  EXPECT_EQ(doc["format"], "ort");
  EXPECT_EQ(doc["passes"].back()["name"], "ort-optimize");
  EXPECT_EQ(ReadBytes(dir_->File("demo.ort")).substr(4, 4), "ORTM");
}

TEST_F(CliFixTest, InputIsNeverTheOutput) {
  ExpectError({"fix", "demo.onnx", "-o", "demo.onnx", "--force"},
              "while writing 'demo.onnx': it is the input model 'demo.onnx'; fix never writes over its input, "
              "even with --force: choose another output path");
}

TEST_F(CliFixTest, ExistingOutputNeedsForce) {
  std::ofstream(dir_->File("taken.onnx")) << "x";
  ExpectError({"fix", "demo.onnx", "-o", "taken.onnx"},
              "-o 'taken.onnx' exists; pass --force to overwrite it");
  EXPECT_EQ(ReadBytes(dir_->File("taken.onnx")), "x");
  Ok({"fix", "demo.onnx", "-o", "taken.onnx", "--force"});
}

TEST_F(CliFixTest, UnknownDimIsOneErrorLine) {
  ExpectError({"fix", "demo.onnx", "-o", "out.onnx", "--dim", "batchsize=1"},
              "fixing 'demo.onnx': fix-dims: --dim batchsize=1: the model's inputs have no free dimension 'batchsize' (their free "
              "dimensions: batch)");
}

TEST_F(CliFixTest, FlagMistakesAreUsageErrors) {
  ExpectError({"fix", "demo.onnx", "-o", "out.onnx", "--pass", "remove-unsued"},
              "--pass: unknown pass 'remove-unsued'; the passes are: remove-initializers-from-inputs, "
              "decompose-deformable-conv, float64-to-float32, fix-dims, remove-unused, quantize-dynamic, "
              "quantize-static, float16, "
              "ort-optimize",
              true);
  ExpectError({"fix", "demo.onnx", "-o", "out.onnx", "--shape", "image=1x3xbig"},
              "--shape: expected INPUT=DIMS (e.g. image=1x3x224x224), got 'image=1x3xbig'", true);
  ExpectError({"fix", "demo.onnx"}, "--output is required", true);
}

TEST_F(CliFixTest, MissingModelIsALoadError) {
  ExpectError({"fix", "missing.onnx", "-o", "out.onnx"}, "while reading 'missing.onnx': No such file or directory");
}

}  // namespace
}  // namespace ortkit::testing
