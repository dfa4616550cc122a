// `ortkit memcheck` as a user runs it: its help, the report's layout (numbers masked: they are
// measurements), JSON, CSV, variants in child processes with the profile they write, and one
// clear error line with exit status 2 for every mistake.
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <regex>
#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli/cli_runner.h"
#include "ortkit/session_config.h"
#include "testing/temp_dir.h"
#include "testing/test_models.h"
#include "sanitizers/sanitizer_build.h"

namespace ortkit::testing {
namespace {

// Why these cases cannot be judged in a sanitizer build: memcheck's verdict and figures come from
// glibc's heap counters, which stay at zero when the sanitizer's allocator serves malloc, and
// from resident memory, which its quarantine grows (the child reports a leak and exits 1).
constexpr const char* kNotUnderSanitizers = "memcheck's heap counters and resident memory are the sanitizer's, not ORT's";

// Measurements change from run to run, and so do the widths of the columns holding them: sizes
// become <size>, other numbers #, runs of blanks one blank; the gpu line depends on the machine.
std::string MaskMeasurements(const std::string& text) {
  static const std::regex kSize(R"([-+]?[0-9]+(\.[0-9]+)? (B|KiB|MiB|GiB)\b)");
  static const std::regex kNumber(R"([0-9]+(\.[0-9]+)?)");
  static const std::regex kBlanks(R"( {2,})");
  static const std::regex kGpu(R"(^gpu .*$)", std::regex::multiline);
  std::string out = std::regex_replace(text, kSize, "<size>");
  out = std::regex_replace(out, kNumber, "#");
  out = std::regex_replace(out, kBlanks, " ");
  return std::regex_replace(out, kGpu, "gpu <gpu>");
}

// The lines that start a section or a header field, and the tables' header rows: the report's
// layout, without the measured rows.
std::string Layout(const std::string& text) {
  static const std::regex kTableHeader(R"(^ (phase|where|iteration|variant) )");
  std::string out;
  std::istringstream in(MaskMeasurements(text));
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || (line[0] == ' ' && !std::regex_search(line, kTableHeader))) continue;
    // Whether PSS is also read every # iterations depends on the run's speed.
    out += std::regex_replace(line, std::regex("PSS every # and "), "PSS ") + "\n";
  }
  return out;
}

class CliMemcheckTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = std::make_unique<TempDir>();
    WriteFile(dir_->File("add.onnx"), AddModel());
    WriteFile(dir_->File("bad.onnx"), DoubleFloatDivModel());
    WriteFile(dir_->File("convnet.onnx"), ConvNetModel());
    WriteFile(dir_->File("transformer.onnx"), TransformerEncoderModel());
    WriteFile(dir_->File("shapes.txt"), "batch=1\nbatch=3\n");
  }
  static void TearDownTestSuite() { dir_.reset(); }

  static CliResult Run(const std::vector<std::string>& args) { return RunCli(args, dir_->path()); }

  static void ExpectError(const std::vector<std::string>& args, const std::string& line, bool usage = false) {
    ExpectRefusal(Run(args), line + "\n" + (usage ? "Run 'ortkit memcheck --help' for usage.\n" : ""));
  }

  static std::unique_ptr<TempDir> dir_;
};

std::unique_ptr<TempDir> CliMemcheckTest::dir_;

TEST_F(CliMemcheckTest, HelpListsTheOptionsAndExamples) {
  const CliResult r = Run({"memcheck", "--help"});
  EXPECT_EQ(r.exit_code, 0);
  ExpectGolden("memcheck_help.txt", r.out);
  EXPECT_NE(r.out.find("Examples:"), std::string::npos);
}

TEST_F(CliMemcheckTest, TheVariantChildIsHiddenFromTheCommandList) {
  const CliResult r = Run({"--help"});
  EXPECT_NE(r.out.find("memcheck"), std::string::npos);
  EXPECT_EQ(r.out.find("__memcheck-variant"), std::string::npos);
}

TEST_F(CliMemcheckTest, TextReportLayout) {
  ORTKIT_SKIP_UNDER_SANITIZER(kNotUnderSanitizers);
  const CliResult r = Run({"memcheck", "add.onnx", "--runs", "40"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  ExpectGolden("memcheck_add_layout.txt", Layout(r.out));
}

TEST_F(CliMemcheckTest, JsonAndCsvCarryTheSameRun) {
  ORTKIT_SKIP_UNDER_SANITIZER(kNotUnderSanitizers);
  const CliResult r = Run({"memcheck", "add.onnx", "--dim", "batch=1..4", "--runs", "30", "--json", "--series",
                           "series.csv"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["model"], "add.onnx");
  EXPECT_EQ(j["schedule"]["kind"], "sweep");
  EXPECT_EQ(j["schedule"]["distinct_shapes"], 4);
  EXPECT_EQ(j["analysis"]["phases"].size(), 3u);
  EXPECT_EQ(j["leak"], false);
  EXPECT_TRUE(j["analysis"]["leak_test"]["r_squared"].is_number());
  std::ifstream csv(dir_->File("series.csv"));
  std::vector<std::string> rows;
  for (std::string line; std::getline(csv, line);) rows.push_back(line);
  ASSERT_EQ(rows.size(), 1u + 2u + 30u);
  EXPECT_EQ(rows[3].rfind("1,warm-up,batch=1,1,1,", 0), 0u) << rows[3];
  EXPECT_EQ(rows.back().rfind("30,steady,batch=2,0,0,", 0), 0u) << rows.back();
}

TEST_F(CliMemcheckTest, ShapeFileAndSessionCyclesAreReported) {
  const CliResult r = Run({"memcheck", "add.onnx", "--shape-file", "shapes.txt", "--runs", "20",
                           "--session-cycles", "12", "--json", "--series", "s.csv"});
  ASSERT_TRUE(r.exit_code == 0 || r.exit_code == 1) << r.err;  // 12 cycles sit inside ORT's own growth
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["schedule"]["kind"], "shape file (2 rows)");
  EXPECT_EQ(j["session_cycles"]["cycles"], 12);
  EXPECT_EQ(j["leak"], r.exit_code == 1);
  EXPECT_TRUE(std::filesystem::exists(dir_->File("s.cycles.csv")));
}

TEST_F(CliMemcheckTest, VariantsRunInChildProcessesAndTheProfileIsWritten) {
  ORTKIT_SKIP_UNDER_SANITIZER(kNotUnderSanitizers);
  const CliResult r = Run({"memcheck", "add.onnx", "--dim", "batch=1..4", "--runs", "20", "-o", "deployment.json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string text = r.out;
  EXPECT_NE(text.find("\nvariants (the same schedule, each in a fresh process)\n"), std::string::npos) << text;
  for (const char* name : {"baseline", "arena-off", "pattern-off", "same-as-requested", "shrink", "malloc-trim",
                           "shrink+trim", "bucket16"}) {
    EXPECT_NE(text.find("\n  " + std::string(name) + " "), std::string::npos) << name;
  }
  EXPECT_EQ(text.find("failed:"), std::string::npos) << text;
  EXPECT_NE(text.find("\nrecommendation\n"), std::string::npos);
  EXPECT_NE(text.find("  profile: wrote deployment.json ("), std::string::npos) << text;
  EXPECT_NO_THROW(SessionConfig::FromFile(dir_->File("deployment.json")));
}

// The variants' results by name, from --json.
std::map<std::string, nlohmann::json> VariantsByName(const CliResult& r) {
  std::map<std::string, nlohmann::json> out;
  const nlohmann::json doc = nlohmann::json::parse(r.out);
  for (const auto& v : doc.at("variants")) out[v.at("name").get<std::string>()] = v;
  return out;
}

TEST_F(CliMemcheckTest, ConvNetSweepWithArenaShrinkageHasALowerSteadyHeapAndWithMallocTrimLowerResidentMemory) {
  ORTKIT_SKIP_UNDER_SANITIZER(kNotUnderSanitizers);
  const CliResult r = Run({"memcheck", "convnet.onnx", "--dim", "batch=1..16", "--runs", "160", "--variant",
                           "shrink", "--variant", "shrink+trim", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto v = VariantsByName(r);
  ASSERT_EQ(v.size(), 3u);
  for (const auto& [name, result] : v) EXPECT_NE(result["verdict"], "leak") << name;
  EXPECT_LT(v["shrink"]["steady_heap"], v["baseline"]["steady_heap"]);
  // Shrinkage alone hands the chunks to glibc, which may keep their pages resident: with
  // malloc_trim they go back to the OS, and resident memory is lower too.
  EXPECT_LT(v["shrink+trim"]["steady_anon"], v["baseline"]["steady_anon"]);
}

TEST_F(CliMemcheckTest, TransformerSweepWithArenaShrinkageHasALowerSteadyHeap) {
  ORTKIT_SKIP_UNDER_SANITIZER(kNotUnderSanitizers);
  // Batches up to 8 make the attention scores outgrow the arena's first chunk.
  const CliResult r = Run({"memcheck", "transformer.onnx", "--dim", "batch=1..8", "--dim", "seq=5..100", "--random",
                           "--seed", "1", "--variant", "shrink", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto v = VariantsByName(r);
  ASSERT_EQ(v.size(), 2u);
  EXPECT_NE(v["shrink"]["verdict"], "leak");
  EXPECT_LT(v["shrink"]["steady_heap"], v["baseline"]["steady_heap"]);
}

TEST_F(CliMemcheckTest, AnUnknownVariantIsAUsageError) {
  ExpectError({"memcheck", "add.onnx", "--variant", "turbo"},
              "ortkit: error: --variant: unknown variant 'turbo' (known: baseline, arena-off, pattern-off, "
              "same-as-requested, shrink, malloc-trim, shrink+trim, bucket16)",
              true);
}

TEST_F(CliMemcheckTest, MissingAndUnloadableModels) {
  ExpectError({"memcheck", "missing.onnx"}, "ortkit: error: while loading 'missing.onnx': No such file or directory");
  const CliResult r = Run({"memcheck", "bad.onnx"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out, "");
  ASSERT_EQ(Lines(r.err).size(), 1u) << r.err;
  EXPECT_EQ(r.err.rfind("ortkit: error: while loading 'bad.onnx': ", 0), 0u) << r.err;
}

TEST_F(CliMemcheckTest, BadDimsAreUsageErrors) {
  ExpectError({"memcheck", "add.onnx", "--dim", "batch"},
              "ortkit: error: --dim: 'batch': expected NAME=8, NAME=1,2,4 or NAME=5..100[:STEP], or "
              "INPUT:AXIS=... for an unnamed dimension", true);
  ExpectError({"memcheck", "add.onnx", "--dim", "batch=9..2"},
              "ortkit: error: --dim: 'batch=9..2': the range '9..2' is empty: its start is above its end", true);
  ExpectError({"memcheck", "add.onnx", "--runs", "many"},
              "ortkit: error: --runs: expected a non-negative integer, got 'many'", true);
  ExpectError({"memcheck", "add.onnx", "--sample-every", "-1"},
              "ortkit: error: --sample-every: expected a non-negative integer, got '-1'", true);
}

TEST_F(CliMemcheckTest, InconsistentSchedulesAreErrors) {
  ExpectError({"memcheck", "add.onnx", "--runs", "3"},
              "ortkit: error: --runs must be at least 10 (a warm-up and a steady phase), got 3");
  ExpectError({"memcheck", "add.onnx", "--random"}, "ortkit: error: --random needs at least one --dim with several sizes (NAME=1,2,4 or NAME=MIN..MAX)");
  ExpectError({"memcheck", "add.onnx", "--warmup", "299"},
              "ortkit: error: --warmup must leave at least 5 steady iterations of 300, got 299");
  ExpectError({"memcheck", "add.onnx", "--session-cycles", "3"}, "ortkit: error: --session-cycles must be at least 10, got 3");
  ExpectError({"memcheck", "add.onnx", "--shape-file", "nofile.txt"},
              "ortkit: error: --shape-file: cannot read 'nofile.txt': No such file or directory");
  ExpectError({"memcheck", "add.onnx", "--dim", "batch=1..3", "--shape-file", "shapes.txt"},
              "ortkit: error: --shape-file and a --dim with several sizes can't be combined");
}

TEST_F(CliMemcheckTest, ADimensionTheModelLacksNamesTheOnesItHas) {
  const CliResult r = Run({"memcheck", "add.onnx", "--dim", "seq=1..3"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out, "");
  ASSERT_EQ(Lines(r.err).size(), 1u) << r.err;
  EXPECT_NE(r.err.find("'seq'"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("batch"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace ortkit::testing
