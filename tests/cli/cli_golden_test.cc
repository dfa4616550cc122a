// Golden tests of `ortkit run` and `ortkit version`: the real binary on generated models.
#include <sched.h>
#include <sys/wait.h>

#include <filesystem>
#include <memory>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli/cli_runner.h"
#include "ortkit/runtime.h"
#include "ortkit/session_config.h"
#include "ortkit/tensor_io.h"
#include "testing/temp_dir.h"
#include "testing/test_models.h"

namespace ortkit::testing {
namespace {

// The models are written once for the whole suite; each test runs the binary in this directory,
// so that the output shows "add.onnx" rather than a random temporary path.
class CliGoldenTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = std::make_unique<TempDir>();
    WriteFile(dir_->File("add.onnx"), AddModel());
    WriteFile(dir_->File("mixed.onnx"), MixedTypesModel());
    WriteFile(dir_->File("strings.onnx"), StringModel());
    WriteFile(dir_->File("sequence.onnx"), SequenceModel());
    WriteFile(dir_->File("convnet.onnx"), ConvNetModel());
    WriteFile(dir_->File("unnamed.onnx"), UnnamedDimModel());
  }
  static void TearDownTestSuite() { dir_.reset(); }

  // Runs in the models' directory and expects success with a quiet stderr.
  static CliResult Ok(const std::vector<std::string>& args) {
    CliResult r = RunCli(args, dir_->path());
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.err, "");
    return r;
  }

  static std::unique_ptr<TempDir> dir_;
};

std::unique_ptr<TempDir> CliGoldenTest::dir_;

TEST_F(CliGoldenTest, RunAddModelPrintsTablesOfInputsAndOutputs) {
  ExpectGolden("run_add.txt", Ok({"run", "add.onnx"}).out);
}

TEST_F(CliGoldenTest, RunAddModelJsonWithDimAndSeed) {
  const CliResult r = Ok({"run", "add.onnx", "--json", "--dim", "batch=2", "--seed", "3"});
  ExpectGolden("run_add.json", r.out);
  const auto doc = nlohmann::json::parse(r.out);
  EXPECT_EQ(doc["inputs"][0]["source"], "random(3)");
  EXPECT_EQ(doc["outputs"][0]["shape"], (std::vector<int64_t>{2, 3}));
  EXPECT_TRUE(doc["load_ms"].is_number());
  EXPECT_TRUE(doc["run_ms"].is_number());
}

TEST_F(CliGoldenTest, RunMixedTypesShowsIntegerBoolAndScalarOutputs) {
  ExpectGolden("run_mixed.txt", Ok({"run", "mixed.onnx", "--dim", "batch=2", "--dim", "seq=5"}).out);
  ExpectGolden("run_mixed.json", Ok({"run", "mixed.onnx", "--json", "--dim", "seq=4"}).out);
}

TEST_F(CliGoldenTest, RunStringModelShowsTheFirstStrings) {
  ExpectGolden("run_strings.txt", Ok({"run", "strings.onnx", "--dim", "n=5"}).out);
  ExpectGolden("run_strings.json", Ok({"run", "strings.onnx", "--dim", "n=2", "--json"}).out);
}

TEST_F(CliGoldenTest, RunSequenceModelCountsSequenceElements) {
  ExpectGolden("run_sequence.txt", Ok({"run", "sequence.onnx"}).out);
  ExpectGolden("run_sequence.json", Ok({"run", "sequence.onnx", "--json"}).out);
}

TEST_F(CliGoldenTest, RunConvNetWithBatchAndSeed) {
  ExpectGolden("run_convnet.txt", Ok({"run", "convnet.onnx", "--dim", "batch=2", "--seed", "7"}).out);
}

TEST_F(CliGoldenTest, RunUnnamedFreeDimensionDefaultsToOne) {
  ExpectGolden("run_unnamed.txt", Ok({"run", "unnamed.onnx"}).out);
}

TEST_F(CliGoldenTest, InputFileSetsTheFreeDimensionOfRandomInputs) {
  TempDir work;
  std::filesystem::copy_file(dir_->File("add.onnx"), work.File("add.onnx"));
  WriteNpy(work.File("x.npy"), Tensor::FromVector<float>({1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, {4, 3}));
  const CliResult r = RunCli({"run", "add.onnx", "--input", "x=x.npy"}, work.path());
  EXPECT_EQ(r.exit_code, 0) << r.err;
  ExpectGolden("run_add_input_file.txt", r.out);
}

TEST_F(CliGoldenTest, SaveOutputsWritesPbAndNpyPerTensorOutput) {
  TempDir work;
  std::filesystem::copy_file(dir_->File("mixed.onnx"), work.File("mixed.onnx"));
  const CliResult r = RunCli({"run", "mixed.onnx", "--json", "--save-outputs", "out/sub"}, work.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ExpectGolden("run_mixed_saved.json", r.out);
  for (const char* name : {"ids_out", "mask_int", "scale_sq"}) {
    for (const char* ext : {".pb", ".npy"}) {
      const std::string path = work.File(std::string("out/sub/") + name + ext);
      ASSERT_TRUE(std::filesystem::exists(path)) << path;
    }
  }
  const Tensor ids = ReadTensorFile(work.File("out/sub/ids_out.npy"));
  EXPECT_EQ(ids.type(), ElementType::kInt64);
  EXPECT_EQ(ids.shape(), (Shape{1, 1}));
  EXPECT_EQ(ReadTensorFile(work.File("out/sub/scale_sq.pb")).shape(), Shape{});
}

TEST_F(CliGoldenTest, ConfigFileIsUsedAndProviderReplacesItsProviders) {
  TempDir work;
  std::filesystem::copy_file(dir_->File("add.onnx"), work.File("add.onnx"));
  SessionConfig config;
  config.intra_op_threads = 1;
  config.providers = {ProviderConfig{"cpu", {}}};
  config.SaveToFile(work.File("deployment.json"));
  const CliResult r = RunCli({"run", "add.onnx", "--config", "deployment.json", "--json"}, work.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(nlohmann::json::parse(r.out)["providers"], std::vector<std::string>{"CPUExecutionProvider"});
  // The same numbers as without a config: threads change nothing in the result.
  const CliResult plain = RunCli({"run", "add.onnx", "--json"}, work.path());
  EXPECT_EQ(MaskVolatile(plain.out), MaskVolatile(r.out));

  const CliResult cpu = RunCli({"run", "add.onnx", "--config", "deployment.json", "--provider", "cpu"}, work.path());
  EXPECT_EQ(cpu.exit_code, 0) << cpu.err;
}

// WebGPU's Dawn prints "Warning: ..." lines straight to stderr; without --verbose they are dropped.
TEST_F(CliGoldenTest, WebGpuRunKeepsStderrQuiet) {
  if (!ProviderUsable("webgpu")) GTEST_SKIP() << "WebGPU is not usable here";
  const CliResult r = Ok({"run", "add.onnx", "--provider", "webgpu", "--json"});
  EXPECT_EQ(nlohmann::json::parse(r.out)["providers"][0], "WebGpuExecutionProvider");
}

TEST_F(CliGoldenTest, SameSeedGivesTheSameOutputAndAnotherSeedDoesNot) {
  const std::string a = MaskVolatile(Ok({"run", "convnet.onnx", "--seed", "11"}).out);
  const std::string b = MaskVolatile(Ok({"run", "convnet.onnx", "--seed", "11"}).out);
  const std::string c = MaskVolatile(Ok({"run", "convnet.onnx", "--seed", "12"}).out);
  EXPECT_EQ(a, b);
  EXPECT_NE(a, c);
}

TEST_F(CliGoldenTest, VersionJsonParsesAndListsAUsableCpuProvider) {
  const CliResult r = Ok({"version", "--json"});
  const auto doc = nlohmann::json::parse(r.out);
  EXPECT_FALSE(doc["ortkit"].get<std::string>().empty());
  EXPECT_FALSE(doc["onnxruntime"].get<std::string>().empty());
  EXPECT_GT(doc["ort_api_version"].get<int>(), 0);
  bool cpu = false;
  for (const auto& p : doc["providers"]) {
    if (p["name"] == "CPUExecutionProvider") cpu = p["usable"].get<bool>();
    if (!p["usable"].get<bool>()) {
      const std::string reason = p["reason"];
      EXPECT_FALSE(reason.empty());
      EXPECT_EQ(reason.find('\n'), std::string::npos) << reason;
    }
  }
  EXPECT_TRUE(cpu) << r.out;
}

TEST_F(CliGoldenTest, VersionTextShowsVersionsAndOneLinePerProvider) {
  const CliResult r = Ok({"version"});
  EXPECT_NE(r.out.find("onnxruntime   "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("  CPUExecutionProvider       usable"), std::string::npos) << r.out;
  const auto json = nlohmann::json::parse(Ok({"version", "--json"}).out);
  // Header lines (ortkit, onnxruntime, cpus), a blank line, "providers", the table header, one
  // line per provider, then a blank line, "devices", the table header and one line per device.
  EXPECT_EQ(Lines(r.out).size(), 6 + json["providers"].size() + 3 + json["ep_devices"].size()) << r.out;
  EXPECT_NE(r.out.find("\ncpus          "), std::string::npos) << r.out;
}

// ORT's own view of this machine (C API 27): a CPU device for the CPU provider, and the CPUs this
// process may use, which a CPU affinity mask narrows.
TEST_F(CliGoldenTest, VersionListsTheEpDevicesAndTheUsableCpus) {
  const auto doc = nlohmann::json::parse(Ok({"version", "--json"}).out);
  EXPECT_EQ(doc["ort_api_version"], 27);
  bool cpu_device = false;
  for (const auto& d : doc["ep_devices"]) {
    cpu_device = cpu_device || (d["ep_name"] == "CPUExecutionProvider" && d["device_type"] == "cpu");
  }
  EXPECT_TRUE(cpu_device) << doc["ep_devices"].dump();
  EXPECT_GE(doc["cpus"]["online"].get<int>(), doc["cpus"]["usable"].get<int>());
  EXPECT_GE(doc["cpus"]["usable"].get<int>(), 1);

  // The same under `taskset -c <first CPU>`, done in the child before exec.
  ChildSetup setup;
  setup.stdout_path = dir_->File("version_one_cpu.json");
  setup.before_exec = PinToFirstCpu;
  const pid_t pid = StartCli({"version", "--json"}, dir_->path(), setup);
  ASSERT_GT(pid, 0);
  int status = 0;
  ASSERT_EQ(::waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
  const auto pinned = nlohmann::json::parse(ReadFileOrEmpty(dir_->File("version_one_cpu.json")));
  EXPECT_EQ(pinned["cpus"]["affinity"], 1);
  EXPECT_EQ(pinned["cpus"]["usable"], 1);
  if (pinned["cpus"]["online"].get<int>() > 1) EXPECT_EQ(pinned["cpus"]["limited_by"], "affinity");
}

// profile and memcheck (doctor's steps, beside bench) start no more intra-op threads than the
// process may use, and say so.
TEST_F(CliGoldenTest, ProfileAndMemcheckFitThreadsToTheUsableCpus) {
  const auto cpus = nlohmann::json::parse(Ok({"version", "--json"}).out)["cpus"];
  if (cpus["online"].get<int>() < 2) GTEST_SKIP() << "one online CPU: nothing to narrow";
  const std::vector<std::vector<std::string>> commands = {
      {"profile", "add.onnx", "--dim", "batch=2", "--runs", "2", "--no-node-memory", "--json"},
      {"memcheck", "add.onnx", "--dim", "batch=2", "--runs", "40", "--json"}};
  for (const auto& args : commands) {
    ChildSetup setup;
    setup.stdout_path = dir_->File(args[0] + "_one_cpu.json");
    setup.before_exec = PinToFirstCpu;
    const pid_t pid = StartCli(args, dir_->path(), setup);
    ASSERT_GT(pid, 0);
    int status = 0;
    ASSERT_EQ(::waitpid(pid, &status, 0), pid);
    ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) <= 1) << args[0] << ": " << status;
    const std::string out = ReadFileOrEmpty(setup.stdout_path);
    EXPECT_NE(out.find("intra_op_threads=1: 1 of "), std::string::npos) << args[0] << ": " << out;
  }
}

TEST_F(CliGoldenTest, VersionFlagPrintsOneLine) {
  const CliResult r = Ok({"--version"});
  EXPECT_EQ(r.out.rfind("ortkit ", 0), 0u) << r.out;
  EXPECT_NE(r.out.find("(ONNX Runtime "), std::string::npos) << r.out;
  EXPECT_EQ(Lines(r.out).size(), 1u);
}

// Every subcommand listed by `ortkit --help` (so also those added later) shows examples.
TEST_F(CliGoldenTest, HelpOfTheToolAndOfEverySubcommandShowsExamples) {
  const CliResult top = Ok({"--help"});
  EXPECT_NE(top.out.find("Examples:"), std::string::npos) << top.out;
  std::vector<std::string> subcommands;
  bool in_list = false;
  for (const std::string& line : Lines(top.out)) {
    if (line == "Subcommands:") {
      in_list = true;
    } else if (in_list && line.empty()) {
      break;
    } else if (in_list) {
      subcommands.push_back(line.substr(2, line.find(' ', 2) - 2));
    }
  }
  EXPECT_GE(subcommands.size(), 2u) << top.out;
  for (const std::string& name : subcommands) {
    const CliResult help = Ok({name, "--help"});
    EXPECT_NE(help.out.find("Examples:"), std::string::npos) << name << ":\n" << help.out;
    EXPECT_NE(help.out.find("Usage: ortkit " + name), std::string::npos) << help.out;
  }
}

TEST_F(CliGoldenTest, RunHelpDocumentsTheRandomDistributions) {
  const CliResult r = Ok({"run", "--help"});
  EXPECT_NE(r.out.find("uniform in [-1,1)"), std::string::npos);
  EXPECT_NE(r.out.find("uniform integers in [0,10)"), std::string::npos);
  EXPECT_NE(r.out.find("50/50"), std::string::npos);
  EXPECT_NE(r.out.find("\"s<i>\""), std::string::npos);
}

}  // namespace
}  // namespace ortkit::testing
