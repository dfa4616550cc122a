// Every command ortkit prints must work as printed: check's fix and extract commands on the test
// models of the rules that print them (models ORT refuses to load included), and doctor's actions
// and "reproduce" commands on the demo model. Each runs through /bin/sh exactly as printed, with
// the real binary first on PATH, in a directory of its own.
#include <filesystem>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli/cli_runner.h"
#include "ortkit/model.h"
#include "process/child_process.h"
#include "sanitizers/sanitizer_build.h"
#include "testing/fix_models.h"
#include "testing/temp_dir.h"
#include "testing/test_models.h"
#include "testing/time_scale.h"

namespace ortkit::testing {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

struct Printed {
  std::string source;   // "check: ORTKIT002 on div.onnx"
  std::string command;  // as printed
};

// Runs `command` through /bin/sh in `cwd` with the ortkit under test first on PATH.
process::ChildResult RunPrinted(const std::string& command, const std::string& cwd) {
  process::ChildOptions options;
  const std::string bin_dir = fs::path(ORTKIT_CLI_PATH).parent_path().string();
  options.argv = {"/bin/sh", "-c", "cd '" + cwd + "' && PATH='" + bin_dir + "':\"$PATH\" && " + command};
  options.stdout_mode = process::Stdout::kCapture;
  options.stderr_mode = process::Stderr::kCaptureTail;
  options.timeout_s = Scaled(300);
  return process::RunChild(options);
}

// The word after `flag` in `command` ("-o fixed.onnx" -> "fixed.onnx"); "" when absent.
std::string FlagValue(const std::string& command, const std::string& flag) {
  const auto at = command.find(" " + flag + " ");
  if (at == std::string::npos) return "";
  const auto start = at + flag.size() + 2;
  return command.substr(start, command.find(' ', start) - start);
}

// Runs each command in a directory of its own; a command that writes a model (-o *.onnx) must
// leave one ONNX Runtime loads.
void ExpectEachWorks(const std::vector<Printed>& printed, const TempDir& dir) {
  int n = 0;
  for (const Printed& p : printed) {
    SCOPED_TRACE(p.source + ": " + p.command);
    const std::string cwd = dir.File("run" + std::to_string(n++));
    fs::create_directories(cwd);
    const process::ChildResult r = RunPrinted(p.command, cwd);
    std::string err;
    for (const std::string& line : r.err_tail) err += line + "\n";
    // Under a sanitizer's allocator (quarantine, no glibc counters) a printed memcheck can call
    // resident growth a leak and exit 1, a finding; what this test checks is that the command runs.
    const bool memcheck = p.command.find(" memcheck ") != std::string::npos;
    const int findings_allowed = ORTKIT_SANITIZER_BUILD && memcheck ? 1 : 0;
    EXPECT_TRUE(r.exit_code == 0 || r.exit_code == findings_allowed)
        << process::DescribeEnd(r) << "\n" << r.out << "\n" << err;
    const std::string written = FlagValue(p.command, "-o");
    if (written.size() > 5 && written.substr(written.size() - 5) == ".onnx") {
      const fs::path path = fs::path(written).is_absolute() ? fs::path(written) : fs::path(cwd) / written;
      EXPECT_NO_THROW(Model::Load(path.string())) << path;
    }
  }
}

// check --format json on `model` (an absolute path): the commands its findings print.
std::vector<Printed> CheckCommands(const std::string& model, const TempDir& dir) {
  const CliResult r = RunCli({"check", model, "--format", "json"}, dir.path());
  EXPECT_LE(r.exit_code, 1) << r.err;
  const json doc = json::parse(r.out);
  std::vector<Printed> out;
  for (const json& f : doc["findings"]) {
    const std::string command = f["command"];
    if (!command.empty()) out.push_back({"check: " + f["rule_id"].get<std::string>() + " on " + model, command});
  }
  return out;
}

std::string Save(const TempDir& dir, const std::string& name, const std::string& bytes) {
  WriteFile(dir.File(name), bytes);
  return dir.File(name);
}

TEST(CliPrintedCommandsTest, EveryCommandCheckPrintsWorksOnTheModelsOfItsRule) {
  TempDir dir;
  const std::vector<std::pair<std::string, std::string>> models{
      {"weights_as_inputs.onnx", Bytes(WeightsAsInputsModel())},       // ORTKIT001
      {"div.onnx", DoubleFloatDivModel()},                             // ORTKIT002, ORT refuses it
      {"normalize.onnx", Bytes(NormalizeWithDoubleStdModel())},        // ORTKIT002, ORT refuses it
      {"double_conv.onnx", Bytes(DoubleWeightConvModel())},            // ORTKIT002, no reference loads
      {"float64.onnx", Bytes(Float64Model())},                         // ORTKIT006
      {"free_dims.onnx", Bytes(FreeDimsModel())},                      // ORTKIT008
      {"demo.onnx", ReadFileOrEmpty(ORTKIT_DEMO_MODEL_PATH)},          // ORTKIT001, 006, 007 (extract), 008
  };
  std::vector<Printed> printed;
  for (const auto& [name, bytes] : models) {
    ASSERT_FALSE(bytes.empty()) << name;
    const std::vector<Printed> found = CheckCommands(Save(dir, name, bytes), dir);
    EXPECT_FALSE(found.empty()) << name << " should make check print a command";
    printed.insert(printed.end(), found.begin(), found.end());
  }
  bool extract = false;
  for (const Printed& p : printed) extract |= p.command.rfind("ortkit extract ", 0) == 0;
  EXPECT_TRUE(extract) << "the demo's post-processing finding prints an extract command";
  ExpectEachWorks(printed, dir);
}

// A problem no ortkit command fixes prints none: an unknown op, a bool fed to Add, an integer
// type conflict.
TEST(CliPrintedCommandsTest, AProblemNoCommandFixesPrintsNone) {
  TempDir dir;
  EXPECT_TRUE(CheckCommands(Save(dir, "unknown.onnx", UnknownOpModel()), dir).empty());
  EXPECT_TRUE(CheckCommands(Save(dir, "bool_add.onnx", BoolIntoAddModel()), dir).empty());
}

TEST(CliPrintedCommandsTest, EveryActionAndReproduceCommandOfDoctorWorks) {
  TempDir dir;
  const std::string model = Save(dir, "demo.onnx", ReadFileOrEmpty(ORTKIT_DEMO_MODEL_PATH));
  const CliResult r = RunCli({"doctor", model, "--dim", "batch=1,4", "--budget", ScaledDuration(30), "--json"}, dir.path());
  ASSERT_LE(r.exit_code, 1) << r.err;
  const json doc = json::parse(r.out);
  std::vector<Printed> printed;
  for (const json& a : doc["actions"]) {
    const std::string command = a["command"];
    // A doctor action re-runs doctor as a whole; its steps are run below one by one.
    if (!command.empty() && command.rfind("ortkit doctor ", 0) != 0) printed.push_back({"doctor action", command});
  }
  EXPECT_GE(printed.size(), 3u);
  for (const json& step : doc["steps"]) {
    const std::string line = step["command_line"];
    if (step["status"] == "ok" && !line.empty()) printed.push_back({"doctor reproduce", line});
  }
  ExpectEachWorks(printed, dir);
}

}  // namespace
}  // namespace ortkit::testing
