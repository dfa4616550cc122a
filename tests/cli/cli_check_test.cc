// `ortkit check` end to end: golden text, JSON and SARIF for the demo model, --fail-on exit codes,
// --list-rules, --output, and the errors (exit 2, one line).
#include <filesystem>
#include <fstream>
#include <memory>
#include <set>
#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli/cli_runner.h"
#include "graph/demo_model.h"
#include "graph/model_builder.h"
#include "testing/temp_dir.h"
#include "testing/test_models.h"

namespace ortkit::testing {
namespace {

class CliCheckTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = std::make_unique<TempDir>();
    graph::SaveModel(graph::MakeDemoModel(), dir_->File("demo.onnx"));
    WriteFile(dir_->File("add.onnx"), AddModel());
    WriteFile(dir_->File("div.onnx"), DoubleFloatDivModel());
    WriteFile(dir_->File("not_onnx.onnx"), "this is not a protobuf model\n");
  }
  static void TearDownTestSuite() { dir_.reset(); }

  static CliResult Run(const std::vector<std::string>& args) { return RunCli(args, dir_->path()); }

  // Ran fine: the exit code is the verdict, stderr stays quiet.
  static CliResult Checked(const std::vector<std::string>& args, int exit_code) {
    CliResult r = Run(args);
    EXPECT_EQ(r.exit_code, exit_code) << r.err;
    EXPECT_EQ(r.err, "");
    return r;
  }

  static void ExpectError(const std::vector<std::string>& args, const std::string& err) {
    ExpectRefusal(Run(args), err);
  }

  static std::unique_ptr<TempDir> dir_;
};

std::unique_ptr<TempDir> CliCheckTest::dir_;

TEST_F(CliCheckTest, DemoModelTextGolden) {
  const CliResult r = Checked({"check", "demo.onnx"}, 0);
  ExpectGolden("check_demo.txt", r.out);
  EXPECT_LE(Lines(r.out).size(), 50u) << "the demo's report should fit one screen";
}

TEST_F(CliCheckTest, DemoModelJsonGolden) {
  const CliResult r = Checked({"check", "demo.onnx", "--format", "json"}, 0);
  ExpectGolden("check_demo.json", r.out);
  const auto doc = nlohmann::json::parse(r.out);
  EXPECT_EQ(doc["loads_in_ort"], true);
  std::set<std::string> ids;
  for (const auto& f : doc["findings"]) ids.insert(f["rule_id"].get<std::string>());
  for (const char* id : {"ORTKIT001", "ORTKIT006", "ORTKIT007", "ORTKIT008"}) EXPECT_TRUE(ids.count(id)) << id;
}

TEST_F(CliCheckTest, DemoModelSarifGoldenAndStructure) {
  const CliResult r = Checked({"check", "demo.onnx", "--format", "sarif"}, 0);
  ExpectGolden("check_demo.sarif", r.out);
  const auto doc = nlohmann::json::parse(r.out);
  EXPECT_EQ(doc["version"], "2.1.0");
  EXPECT_TRUE(doc.contains("$schema"));
  const auto& run = doc["runs"][0];
  std::set<std::string> rule_ids;
  for (const auto& rule : run["tool"]["driver"]["rules"]) rule_ids.insert(rule["id"].get<std::string>());
  EXPECT_EQ(rule_ids.size(), 11u);
  ASSERT_FALSE(run["results"].empty());
  for (const auto& result : run["results"]) {
    EXPECT_TRUE(rule_ids.count(result["ruleId"].get<std::string>())) << result["ruleId"];
    EXPECT_EQ(result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], "demo.onnx");
  }
}

TEST_F(CliCheckTest, FailOnSetsTheExitCode) {
  // The demo has warnings and info but no error.
  Checked({"check", "demo.onnx", "--no-ort"}, 0);
  Checked({"check", "demo.onnx", "--no-ort", "--fail-on", "error"}, 0);
  Checked({"check", "demo.onnx", "--no-ort", "--fail-on", "warning"}, 1);
  Checked({"check", "demo.onnx", "--no-ort", "--fail-on", "info"}, 1);
  Checked({"check", "demo.onnx", "--no-ort", "--fail-on", "never"}, 0);
  // Div of double and float is an error.
  Checked({"check", "div.onnx"}, 1);
  Checked({"check", "div.onnx", "--fail-on", "never"}, 0);
}

TEST_F(CliCheckTest, NoOrtSkipsTheLoad) {
  const CliResult r = Checked({"check", "demo.onnx", "--no-ort"}, 0);
  EXPECT_NE(r.out.find("ORT load  not tried (--no-ort)\nrules     10 run\n"), std::string::npos) << r.out;
}

TEST_F(CliCheckTest, AModelOrtRefusesSaysSo) {
  const CliResult r = Checked({"check", "div.onnx"}, 1);
  EXPECT_NE(r.out.find("ORT load  failed (see below)\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("  ORTKIT002 type-conflict  node 'Div_337' (Div)\n"), std::string::npos) << r.out;
}

TEST_F(CliCheckTest, TargetsAddCoverageFindings) {
  const CliResult r = Run({"check", "demo.onnx", "--target", "nnapi", "--format", "json"});
  EXPECT_NE(r.exit_code, 2) << r.err;
  const auto doc = nlohmann::json::parse(r.out);  // kept: the loop must not walk a destroyed temporary
  bool coverage = false;
  for (const auto& f : doc["findings"]) coverage |= f["rule_id"] == "ORTKIT009";
  EXPECT_TRUE(coverage);
}

TEST_F(CliCheckTest, ListRulesNeedsNoModel) {
  const CliResult r = Checked({"check", "--list-rules"}, 0);
  const std::vector<std::string> lines = Lines(r.out);
  ASSERT_EQ(lines.size(), 12u) << r.out;
  EXPECT_EQ(lines[0].rfind("id         name", 0), 0u);
  for (int i = 1; i <= 11; ++i) {
    const std::string id = std::string("ORTKIT0") + (i < 10 ? "0" : "") + std::to_string(i);
    EXPECT_EQ(lines[static_cast<std::size_t>(i)].rfind(id, 0), 0u) << lines[static_cast<std::size_t>(i)];
  }
  const auto json = nlohmann::json::parse(Checked({"check", "--list-rules", "--format", "json"}, 0).out);
  EXPECT_EQ(json.size(), 11u);
}

TEST_F(CliCheckTest, OutputWritesTheReportToAFile) {
  TempDir work;
  std::filesystem::copy_file(dir_->File("demo.onnx"), work.File("demo.onnx"));
  const CliResult r = RunCli({"check", "demo.onnx", "--format", "sarif", "--report", "out.sarif", "--fail-on",
                              "warning"},
                             work.path());
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_EQ(r.out, "");
  std::ifstream in(work.File("out.sarif"));
  std::stringstream content;
  content << in.rdbuf();
  EXPECT_EQ(content.str(), RunCli({"check", "demo.onnx", "--format", "sarif"}, work.path()).out);
}

TEST_F(CliCheckTest, MissingFileIsOneErrorLine) {
  ExpectError({"check", "missing.onnx"}, "ortkit: error: while reading 'missing.onnx': No such file or directory\n");
}

TEST_F(CliCheckTest, NotAModelIsOneErrorLine) {
  ExpectError({"check", "not_onnx.onnx"},
              "ortkit: error: while reading 'not_onnx.onnx': not an ONNX model (protobuf parse failed)\n");
}

TEST_F(CliCheckTest, BadOptionsAreUsageErrors) {
  const std::string hint = "Run 'ortkit check --help' for usage.\n";
  ExpectError({"check", "demo.onnx", "--format", "xml"},
              "ortkit: error: --format: expected text, json or sarif, got 'xml'\n" + hint);
  ExpectError({"check", "demo.onnx", "--fail-on", "sometimes"},
              "ortkit: error: --fail-on: expected error, warning, info or never, got 'sometimes'\n" + hint);
  ExpectError({"check", "demo.onnx", "--target", "abacus"},
              "ortkit: error: --target: unknown target 'abacus'; ortkit has op tables for coreml, cuda, nnapi, "
              "webgpu, xnnpack\n" + hint);
  ExpectError({"check"}, "ortkit: error: MODEL is required\n" + hint);
  const CliResult r = Run({"check", "demo.onnx", "--provider", "warp"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err.rfind("ortkit: error: --provider: unknown provider 'warp'; this ONNX Runtime build has: ", 0), 0u)
      << r.err;
}

TEST_F(CliCheckTest, HelpShowsExamples) {
  const CliResult r = Checked({"check", "--help"}, 0);
  EXPECT_NE(r.out.find("Examples:\n  ortkit check model.onnx"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("--fail-on"), std::string::npos);
}

}  // namespace
}  // namespace ortkit::testing
