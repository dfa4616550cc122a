// --custom-op-library through the real binary: a DCNv2 model runs in every subcommand with the
// example library, fails with the advice without it, and decompose-deformable-conv makes it
// portable.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/cli_runner.h"
#include "sanitizers/sanitizer_build.h"
#include "testing/custom_op_models.h"
#include "testing/temp_dir.h"

namespace ortkit::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

class CliCustomOpsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    library_ = ExampleOpsLibraryPath();
    std::ofstream(dir_.File("dcn.onnx"), std::ios::binary) << DeformConvModel(DeformConvSpec{});
  }

  CliResult Run(std::vector<std::string> args) { return RunCli(args, dir_.path()); }

  TempDir dir_;
  std::string library_;
};

TEST_F(CliCustomOpsTest, RunWithoutTheLibraryNamesTheOpAndTheFlag) {
  const CliResult r = Run({"run", "dcn.onnx"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("mmcv:MMCVModulatedDeformConv2d(-1) is not a registered function/op"));
  EXPECT_THAT(r.err, HasSubstr("load that with --custom-op-library PATH"));
  EXPECT_EQ(Lines(r.err).size(), 1u) << r.err;
}

TEST_F(CliCustomOpsTest, RunsInRunBenchProfileCompareAndMemcheckWithTheLibrary) {
  const std::vector<std::vector<std::string>> commands{
      {"run", "dcn.onnx"},
      {"bench", "dcn.onnx", "--runs", "3", "--warmup", "1", "--cold-runs", "1"},
      {"profile", "dcn.onnx", "--runs", "2", "--no-node-memory"},
      {"compare", "dcn.onnx", "--opt-level", "disabled", "--opt-level", "all"},
  };
  for (std::vector<std::string> args : commands) {
    args.insert(args.end(), {"--custom-op-library", library_});
    const CliResult r = Run(args);
    EXPECT_EQ(r.exit_code, 0) << args[0] << ": " << r.err;
  }
  // memcheck's verdict on 40 runs is its own business (exit 1 is a finding); it must run the model.
  const CliResult memcheck = Run({"memcheck", "dcn.onnx", "--runs", "40", "--custom-op-library", library_, "--json"});
  ASSERT_LE(memcheck.exit_code, 1) << memcheck.err;
  EXPECT_EQ(nlohmann::json::parse(memcheck.out).at("schedule").at("iterations"), 40) << memcheck.out;
}

TEST_F(CliCustomOpsTest, MemcheckFindsTheLeakInACustomOp) {
  ORTKIT_SKIP_UNDER_SANITIZER("memcheck reads glibc's heap counters, and LeakSanitizer fails the process on the "
                              "planted leak");
  std::ofstream(dir_.File("leaky.onnx"), std::ios::binary) << LeakyIdentityModel(64 * 1024);
  const CliResult r = Run({"memcheck", "leaky.onnx", "--custom-op-library", library_, "--runs", "400", "--json"});
  ASSERT_EQ(r.exit_code, 1) << r.err;  // findings: a leak
  const auto doc = nlohmann::json::parse(r.out);
  EXPECT_EQ(doc.at("leak"), true);
  EXPECT_EQ(doc.at("analysis").at("verdict").get<std::string>(), "leak") << r.out;
  // 64 KiB per run: the estimate must be in that neighbourhood (allocator rounding, sampling).
  const double per_run = doc.at("analysis").at("leak_test").at("slope_bytes_per_iteration").get<double>();
  EXPECT_GT(per_run, 48 * 1024.0);
  EXPECT_LT(per_run, 96 * 1024.0);
}

TEST_F(CliCustomOpsTest, CheckCallsAProvidedOpInfoAndAMissingOneAnError) {
  const CliResult without = Run({"check", "dcn.onnx", "--format", "json"});
  EXPECT_EQ(without.exit_code, 1);
  const auto refused = nlohmann::json::parse(without.out);
  bool advised = false;
  for (const auto& f : refused.at("findings")) {
    if (f.at("rule_id") != "ORTKIT004") continue;
    EXPECT_EQ(f.at("severity"), "error");
    EXPECT_THAT(f.at("fix").get<std::string>(), HasSubstr("--custom-op-library PATH"));
    EXPECT_EQ(f.at("fix_pass"), "decompose-deformable-conv");
    EXPECT_EQ(f.at("command"), "ortkit fix dcn.onnx -o fixed.onnx --pass decompose-deformable-conv");
    advised = true;
  }
  EXPECT_TRUE(advised) << without.out;

  const CliResult with = Run({"check", "dcn.onnx", "--custom-op-library", library_, "--format", "json"});
  EXPECT_EQ(with.exit_code, 0) << with.out;
  const auto loaded = nlohmann::json::parse(with.out);
  EXPECT_EQ(loaded.at("loads_in_ort"), true);
  bool provided = false;
  for (const auto& f : loaded.at("findings")) {
    EXPECT_NE(f.at("severity"), "error") << f.dump();
    if (f.at("rule_id") == "ORTKIT004") {
      EXPECT_EQ(f.at("severity"), "info");
      EXPECT_EQ(f.at("message"),
                "mmcv::MMCVModulatedDeformConv2d provided by libortkit_example_ops.so; used by 1 node");
      provided = true;
    }
  }
  EXPECT_TRUE(provided) << with.out;
}

TEST_F(CliCustomOpsTest, CheckSaysWhenTheLibraryGivenLacksTheOp) {
  // The example library with a model whose op it does not have: the op's name changed in the
  // serialized bytes, keeping its length so that the protobuf stays valid.
  std::string renamed = DeformConvModel(DeformConvSpec{});
  const std::string from = "MMCVModulatedDeformConv2d", to = "MMCVModulatedDeformConv3d";
  for (auto at = renamed.find(from); at != std::string::npos; at = renamed.find(from, at + to.size())) {
    renamed.replace(at, from.size(), to);
  }
  std::ofstream(dir_.File("unknown.onnx"), std::ios::binary) << renamed;
  const CliResult r = Run({"check", "unknown.onnx", "--custom-op-library", library_});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_THAT(r.out, HasSubstr("the custom-op library given does not provide it (libortkit_example_ops.so)"));
}

TEST_F(CliCustomOpsTest, FixDecomposesAndVerifiesAgainstTheLibrary) {
  const CliResult r = Run({"fix", "dcn.onnx", "-o", "portable.onnx", "--pass", "decompose-deformable-conv",
                           "--custom-op-library", library_, "--format", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
  const auto doc = nlohmann::json::parse(r.out);
  // The original, with the library, is the reference: every output compared.
  EXPECT_EQ(doc.at("verification").at("reference"), "original") << r.out;
  EXPECT_EQ(doc.at("verification").at("passed"), true) << r.out;
  // The result runs without the library.
  const CliResult run = Run({"run", "portable.onnx"});
  EXPECT_EQ(run.exit_code, 0) << run.err;
}

TEST_F(CliCustomOpsTest, FixWithoutTheLibrarySaysNothingWasCompared) {
  const CliResult r = Run({"fix", "dcn.onnx", "-o", "portable.onnx", "--pass", "decompose-deformable-conv"});
  ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
  EXPECT_THAT(r.out, HasSubstr("outputs not compared: no reference"));
}

TEST_F(CliCustomOpsTest, DecomposedModelHasNoUnknownOpForWebGpu) {
  ASSERT_EQ(Run({"fix", "dcn.onnx", "-o", "portable.onnx", "--pass", "decompose-deformable-conv"}).exit_code, 0);
  const CliResult r = Run({"check", "portable.onnx", "--target", "webgpu", "--format", "json"});
  const auto doc = nlohmann::json::parse(r.out);
  for (const auto& f : doc.at("findings")) EXPECT_NE(f.at("rule_id"), "ORTKIT004") << f.dump();
}

TEST_F(CliCustomOpsTest, RefusesAMissingLibraryBeforeReadingTheModel) {
  for (const char* command : {"run", "check", "fix", "compare", "bench", "profile", "memcheck", "tune", "doctor"}) {
    std::vector<std::string> args{command, "dcn.onnx", "--custom-op-library", "missing.so"};
    if (std::string(command) == "fix" || std::string(command) == "tune") args.insert(args.end(), {"-o", "out"});
    const CliResult r = Run(args);
    EXPECT_EQ(r.exit_code, 2) << command;
    EXPECT_THAT(r.err, HasSubstr("custom-op library '" + dir_.path() + "/missing.so': no such file")) << command;
  }
}

TEST_F(CliCustomOpsTest, RefusesAFileThatIsNotASharedLibrary) {
  std::ofstream(dir_.File("notes.txt")) << "not a library\n";
  const CliResult r = Run({"run", "dcn.onnx", "--custom-op-library", "notes.txt"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("custom-op library '" + dir_.path() + "/notes.txt' could not be registered"));
  EXPECT_EQ(Lines(r.err).size(), 1u) << r.err;
}

TEST_F(CliCustomOpsTest, DoctorHandsTheLibraryToEveryStep) {
  const CliResult r = Run({"doctor", "dcn.onnx", "--custom-op-library", library_, "--budget", "40s", "--json"});
  ASSERT_LE(r.exit_code, 1) << r.err;
  const auto doc = nlohmann::json::parse(r.out);
  EXPECT_EQ(doc.at("request").at("custom_op_libraries"), nlohmann::json::array({library_}));
  for (const auto& step : doc.at("steps")) {
    const std::string command = step.at("command_line").get<std::string>();
    // inspect reads the file only; a skipped step ran nothing.
    if (command.find(" inspect ") != std::string::npos || step.at("status") == "skipped") continue;
    EXPECT_THAT(command, HasSubstr("--custom-op-library")) << step.dump();
    EXPECT_NE(step.at("status"), "failed") << step.dump();
  }
}

}  // namespace
}  // namespace ortkit::testing
