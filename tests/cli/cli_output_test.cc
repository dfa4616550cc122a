// The output flags every subcommand shares (src/cli/output.h): --format with --json as its alias,
// --report FILE, one overwrite rule with --force, the unified --runs / --opt-level / time flags,
// and one line of advice for each retired dialect.
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli/cli_runner.h"
#include "testing/temp_dir.h"
#include "testing/test_models.h"

namespace ortkit::testing {
namespace {

namespace fs = std::filesystem;

class CliOutputTest : public ::testing::Test {
 protected:
  void SetUp() override { WriteFile(dir_.File("add.onnx"), AddModel()); }

  CliResult Run(const std::vector<std::string>& args) { return RunCli(args, dir_.path()); }

  std::string Slurp(const std::string& name) {
    std::ifstream in(dir_.File(name), std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
  }

  TempDir dir_;
};

TEST_F(CliOutputTest, JsonIsAnAliasOfFormatJsonInEverySubcommandThatPrintsJson) {
  for (const std::vector<std::string>& command : std::vector<std::vector<std::string>>{
           {"run", "add.onnx"}, {"inspect", "add.onnx"}, {"check", "add.onnx", "--no-ort"}, {"version"}}) {
    std::vector<std::string> alias = command, format = command;
    alias.push_back("--json");
    format.insert(format.end(), {"--format", "json"});
    const CliResult a = Run(alias), f = Run(format);
    ASSERT_EQ(a.exit_code, 0) << command[0] << ": " << a.err;
    EXPECT_NO_THROW((void)nlohmann::json::parse(a.out)) << command[0];
    EXPECT_EQ(MaskVolatile(a.out), MaskVolatile(f.out)) << command[0];
  }
}

TEST_F(CliOutputTest, AFormatASubcommandLacksIsRefusedWithItsList) {
  ExpectRefusal(Run({"run", "add.onnx", "--format", "csv"}),
                "ortkit: error: --format: expected text or json, got 'csv'\nRun 'ortkit run --help' for usage.\n");
  ExpectRefusal(Run({"bench", "add.onnx", "--format", "sarif"}),
                "ortkit: error: --format: expected text, json, csv or markdown, got 'sarif'\nRun 'ortkit bench --help' "
                "for usage.\n");
  ExpectRefusal(Run({"run", "add.onnx", "--json", "--format", "text"}),
                "ortkit: error: --json: is --format json; it contradicts --format text\nRun 'ortkit run --help' for usage.\n");
}

TEST_F(CliOutputTest, ReportWritesThePrintedReportToAFileAndRefusesToReplaceOneWithoutForce) {
  const CliResult printed = Run({"inspect", "add.onnx", "--json"});
  ASSERT_EQ(printed.exit_code, 0) << printed.err;
  const CliResult written = Run({"inspect", "add.onnx", "--json", "--report", "inspect.json"});
  ASSERT_EQ(written.exit_code, 0) << written.err;
  EXPECT_EQ(written.out, "");
  EXPECT_EQ(Slurp("inspect.json"), printed.out);

  std::ofstream(dir_.File("mine.txt")) << "precious";
  ExpectRefusal(Run({"inspect", "add.onnx", "--report", "mine.txt"}),
                "ortkit: error: --report 'mine.txt' exists; pass --force to overwrite it\n");
  EXPECT_EQ(Slurp("mine.txt"), "precious");
  ASSERT_EQ(Run({"inspect", "add.onnx", "--report", "mine.txt", "--force"}).exit_code, 0);
  EXPECT_NE(Slurp("mine.txt").find("add.onnx"), std::string::npos);
  ExpectRefusal(Run({"run", "add.onnx", "--report", "no/such/dir/r.txt"}),
                "ortkit: error: --report 'no/such/dir/r.txt': directory '" + dir_.File("no/such/dir") +
                    "' does not exist\n");
  // No temporary file is left beside the report.
  int files = 0;
  for (const auto& entry : fs::directory_iterator(dir_.path())) files += entry.is_regular_file();
  EXPECT_EQ(files, 3);  // add.onnx, inspect.json, mine.txt
}

TEST_F(CliOutputTest, ArtifactsFollowTheSameRuleBeforeAnyWork) {
  std::ofstream(dir_.File("taken.json")) << "precious";
  // memcheck's -o, checked before minutes of measuring.
  ExpectRefusal(Run({"memcheck", "add.onnx", "-o", "taken.json"}),
                "ortkit: error: -o 'taken.json' exists; pass --force to overwrite it\n");
  ExpectRefusal(Run({"memcheck", "add.onnx", "--series", "taken.json"}),
                "ortkit: error: --series 'taken.json' exists; pass --force to overwrite it\n");
  ExpectRefusal(Run({"profile", "add.onnx", "--trace", "taken.json"}),
                "ortkit: error: --trace 'taken.json' exists; pass --force to overwrite it\n");
  EXPECT_EQ(Slurp("taken.json"), "precious");
}

TEST_F(CliOutputTest, SavedOutputsThatExistAreRefusedWithoutForceAndNothingIsWritten) {
  ASSERT_EQ(Run({"run", "add.onnx", "--save-outputs", "out"}).exit_code, 0);
  std::ofstream(dir_.File("out/z.pb")) << "old";
  ExpectRefusal(Run({"run", "add.onnx", "--save-outputs", "out"}),
                "ortkit: error: --save-outputs 'out/z.pb' exists; pass --force to overwrite it\n");
  EXPECT_EQ(Slurp("out/z.pb"), "old");
  const CliResult forced = Run({"run", "add.onnx", "--save-outputs", "out", "--force"});
  ASSERT_EQ(forced.exit_code, 0) << forced.err;
  EXPECT_NE(Slurp("out/z.pb"), "old");
}

TEST_F(CliOutputTest, TimeFlagsShareOneGrammar) {
  ExpectRefusal(Run({"bench", "add.onnx", "--duration", "3x"}),
                "ortkit: error: --duration: expected a duration such as 90s, 10m, 1h or 1m30s, got '3x'\nRun 'ortkit "
                "bench --help' for usage.\n");
  ExpectRefusal(Run({"reduce", "add.onnx", "--check", "false {model}", "--timeout", "0s"}),
                "ortkit: error: --timeout: the duration must be above zero, got '0s'\nRun 'ortkit reduce --help' for "
                "usage.\n");
  ExpectRefusal(Run({"tune", "add.onnx", "-o", "t.json", "--budget", "soon"}),
                "ortkit: error: --budget: expected a duration such as 90s, 10m, 1h or 1m30s, got 'soon'\nRun 'ortkit "
                "tune --help' for usage.\n");
}

// Each dialect the subcommands had before one grammar: one line saying what replaced it.
TEST_F(CliOutputTest, EveryRetiredFlagSaysWhatReplacedIt) {
  const std::vector<std::vector<std::string>> retired = {
      {"bench", "add.onnx", "--iterations", "5"},
      {"bench", "add.onnx", "--csv"},
      {"bench", "add.onnx", "--markdown"},
      {"bench", "add.onnx", "--range", "x=0..1"},
      {"profile", "add.onnx", "--csv"},
      {"profile", "add.onnx", "--zeros"},
      {"tune", "add.onnx", "-o", "t.json", "--csv"},
      {"memcheck", "add.onnx", "--iterations", "50"},
      {"memcheck", "add.onnx", "--csv", "series.csv"},
      {"fix", "add.onnx", "-o", "f.onnx", "--bench-runs", "5"},
      {"fix", "add.onnx", "-o", "f.onnx", "--level", "all"},
      {"compare", "add.onnx", "--optimization", "all"},
      {"check", "add.onnx", "--output", "check.txt"},
  };
  std::string transcript;
  for (const auto& args : retired) {
    const CliResult r = Run(args);
    EXPECT_EQ(r.exit_code, 2) << args[0];
    EXPECT_EQ(r.out, "") << args[0];
    transcript += "$ ortkit";
    for (const auto& a : args) transcript += " " + a;
    transcript += "\n" + r.err;
  }
  ExpectGolden("retired_flags.txt", transcript);
  EXPECT_FALSE(fs::exists(dir_.File("t.json")));
  EXPECT_FALSE(fs::exists(dir_.File("check.txt")));
}

TEST_F(CliOutputTest, ExtractPrintsJson) {
  WriteFile(dir_.File("convnet.onnx"), ConvNetModel());
  const CliResult r =
      Run({"extract", "convnet.onnx", "-o", "block.onnx", "--inputs", "stem_out", "--outputs", "block_out", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const nlohmann::json j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["model"], "block.onnx");
  EXPECT_EQ(j["nodes"], 5);
  EXPECT_GT(j["nodes_total"].get<int>(), 5);
  EXPECT_EQ(j["inputs"][0]["name"], "stem_out");
  EXPECT_EQ(j["outputs"][0]["name"], "block_out");
  EXPECT_TRUE(j["outputs"][0]["type"].is_string());
}

}  // namespace
}  // namespace ortkit::testing
