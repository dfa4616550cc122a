// `ortkit doctor` as a user runs it: help with examples, the summary on stdout with the reports
// written, --format json with --report, and one error line with exit status 2 for every mistake.
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli/cli_runner.h"
#include "testing/temp_dir.h"
#include "testing/test_models.h"
#include "testing/workload_models.h"
#include "testing/time_scale.h"

namespace ortkit::testing {
namespace {

void ExpectOneErrorLine(const CliResult& r, const std::string& contains) {
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_TRUE(r.out.empty()) << r.out;
  const auto lines = Lines(r.err);
  ASSERT_FALSE(lines.empty());
  EXPECT_EQ(lines[0].rfind("ortkit: error: ", 0), 0u) << r.err;
  EXPECT_NE(r.err.find(contains), std::string::npos) << r.err;
}

TEST(CliDoctorTest, HelpShowsExamplesAndTheBudgetSplit) {
  TempDir dir;
  const CliResult r = RunCli({"doctor", "--help"}, dir.path());
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("Examples:"), std::string::npos);
  EXPECT_NE(r.out.find("ortkit doctor model.onnx --dim batch=1,4 -o report.html\n"), std::string::npos);
  EXPECT_NE(r.out.find("ortkit doctor model.onnx --format json --report doctor.json\n"), std::string::npos);
  EXPECT_NE(r.out.find("bench 40%"), std::string::npos);
}

TEST(CliDoctorTest, SummaryOnStdoutAndTheJsonReportWrittenWithReport) {
  TempDir dir;
  WriteFile(dir.File("add.onnx"), AddModel());
  const CliResult r = RunCli({"doctor", "add.onnx", "--budget", ScaledDuration(10)}, dir.path());
  // Add has nothing to fix and no leak: every area good, unless a step overran on a busy machine.
  EXPECT_TRUE(r.exit_code == 0 || r.exit_code == 1) << r.err;
  EXPECT_NE(r.out.find("ortkit doctor  add.onnx"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("  loads        good"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("steps not completed\n  fix       skipped"), std::string::npos) << r.out;
  EXPECT_TRUE(r.err.empty()) << r.err;  // no progress: stdout is not a terminal

  const CliResult json = RunCli({"doctor", "add.onnx", "--budget", ScaledDuration(8), "--json", "--report", "report.json"},
                                dir.path());
  EXPECT_TRUE(json.exit_code == 0 || json.exit_code == 1) << json.err;
  EXPECT_TRUE(json.out.empty()) << json.out;  // the report went to the file
  std::ifstream in(dir.File("report.json"));
  const nlohmann::json doc = nlohmann::json::parse(in);
  EXPECT_EQ(doc["schema_version"], 1);
  EXPECT_EQ(doc["model"]["path"], "add.onnx");
  EXPECT_EQ(doc["verdicts"].size(), 4u);
  EXPECT_EQ(doc["steps"].size(), 6u);
  EXPECT_EQ(doc["steps"][0]["command_line"], "ortkit check add.onnx --provider cpu --format json");
}

TEST(CliDoctorTest, AnEncoderWithoutSizesSaysWhereTheSizesCameFromAndAsksForTheRealOnes) {
  TempDir dir;
  WriteFile(dir.File("encoder.onnx"), SpeechEncoderModel());
  const CliResult r = RunCli({"doctor", "encoder.onnx", "--budget", ScaledDuration(20)}, dir.path());
  EXPECT_TRUE(r.exit_code == 0 || r.exit_code == 1) << r.err;
  EXPECT_NE(r.out.find("\nworkload\n  speech_lengths = T (a lengths input; override with --value)\n  T=1 failed in "),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("top actions\n  1. [optional] give the real sizes of T"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("     run:    ortkit doctor encoder.onnx --dim T=8,32,128\n"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("speed        not measured"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("memory       not measured"), std::string::npos) << r.out;
}

TEST(CliDoctorTest, MistakesAreOneErrorLineAndExitTwo) {
  TempDir dir;
  WriteFile(dir.File("add.onnx"), AddModel());
  ExpectOneErrorLine(RunCli({"doctor", "missing.onnx"}, dir.path()), "model 'missing.onnx' does not exist");
  ExpectOneErrorLine(RunCli({"doctor", "."}, dir.path()), "is not a file");
  ExpectOneErrorLine(RunCli({"doctor", "add.onnx", "--budget", "2h"}, dir.path()), "--budget '2h'");
  ExpectOneErrorLine(RunCli({"doctor", "add.onnx", "--dim", "batch=0"}, dir.path()), "'batch=0': sizes must be at least 1");
  ExpectOneErrorLine(RunCli({"doctor", "add.onnx", "--target", "palm"}, dir.path()), "unknown target 'palm'");
  ExpectOneErrorLine(RunCli({"doctor", "add.onnx", "--value", "x=1..0"}, dir.path()),
                     "'x=1..0': the range '1..0' is empty: LOW is above HIGH");
  ExpectOneErrorLine(RunCli({"doctor", "add.onnx", "--provider", "tpu"}, dir.path()), "unknown provider 'tpu'");
  ExpectOneErrorLine(RunCli({"doctor"}, dir.path()), "MODEL");
  // Checked before any step runs: no budget is spent on a report that cannot be written.
  ExpectOneErrorLine(RunCli({"doctor", "add.onnx", "-o", "no/such/dir/r.html"}, dir.path()), "does not exist");
  ExpectOneErrorLine(RunCli({"doctor", "add.onnx", "--report", "."}, dir.path()), "is a directory");
  // The one overwrite rule: a report or HTML file that exists needs --force, also checked first.
  WriteFile(dir.File("taken.html"), "mine");
  ExpectOneErrorLine(RunCli({"doctor", "add.onnx", "-o", "taken.html"}, dir.path()),
                     "-o 'taken.html' exists; pass --force to overwrite it");
  ExpectOneErrorLine(RunCli({"doctor", "add.onnx", "--report", "taken.html"}, dir.path()),
                     "--report 'taken.html' exists; pass --force to overwrite it");
  std::ifstream kept(dir.File("taken.html"));
  EXPECT_EQ(std::string(std::istreambuf_iterator<char>(kept), {}), "mine");
}

}  // namespace
}  // namespace ortkit::testing
