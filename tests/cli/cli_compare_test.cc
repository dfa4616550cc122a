// `ortkit compare` end to end: the real binary on generated models; goldens with numbers masked.
#include <filesystem>
#include <fstream>
#include <memory>
#include <regex>
#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli/cli_runner.h"
#include "graph/model_builder.h"
#include "ortkit/runtime.h"
#include "ortkit/session_config.h"
#include "ortkit/tensor_io.h"
#include "testing/temp_dir.h"
#include "testing/test_models.h"

namespace ortkit::testing {
namespace {

// Floating-point figures in JSON (they vary with providers and optimisations): "<num>".
std::string MaskFloats(const std::string& json) {
  static const std::regex kFloat(R"(: -?[0-9]+\.[0-9]+([eE][-+]?[0-9]+)?)");
  return std::regex_replace(json, kFloat, ": \"<num>\"");
}

std::string ReadBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

class CliCompareTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = std::make_unique<TempDir>();
    WriteFile(dir_->File("add.onnx"), AddModel());
    WriteFile(dir_->File("add_copy.onnx"), AddModel());
    WriteFile(dir_->File("convnet.onnx"), ConvNetModel());
    // z = (x + y) + [0.5, 0, 0]: the first column off by exactly 0.5.
    graph::ModelBuilder("perturbed_add")
        .Input("x", ElementType::kFloat32, {"batch", 3})
        .Input("y", ElementType::kFloat32, {"batch", 3})
        .Initializer("eps", std::vector<float>{0.5f, 0, 0}, {3})
        .Node("Add", {"x", "y"}, {"sum"})
        .Node("Add", {"sum", "eps"}, {"z"})
        .Output("z", ElementType::kFloat32, {"batch", 3})
        .Save(dir_->File("perturbed.onnx"));
    WriteNpy(dir_->File("x.npy"), Tensor::FromVector<float>({1, 2, 3, 4, 5, 6}, {2, 3}));
    WriteNpy(dir_->File("y.npy"), Tensor::FromVector<float>({0, 0, 0, 0, 0, 0}, {2, 3}));
  }
  static void TearDownTestSuite() { dir_.reset(); }

  static CliResult Run(const std::vector<std::string>& args, int exit_code) {
    CliResult r = RunCli(args, dir_->path());
    EXPECT_EQ(r.exit_code, exit_code) << r.err;
    return r;
  }

  static void ExpectError(const std::vector<std::string>& args, const std::string& line) {
    ExpectRefusal(RunCli(args, dir_->path()), line + "\n");
  }

  static std::unique_ptr<TempDir> dir_;
};

std::unique_ptr<TempDir> CliCompareTest::dir_;

TEST_F(CliCompareTest, EqualModelsPassWithExitZero) {
  const CliResult r = Run({"compare", "add.onnx", "add_copy.onnx", "--dim", "batch=2"}, 0);
  EXPECT_EQ(r.err, "");
  ExpectGolden("compare_equal.txt", r.out);
}

TEST_F(CliCompareTest, APerturbedModelFailsWithExitOneAndExactFigures) {
  const std::vector<std::string> args{"compare", "perturbed.onnx", "add.onnx", "--input", "x=x.npy", "--input", "y=y.npy"};
  ExpectGolden("compare_perturbed.txt", Run(args, 1).out);
  std::vector<std::string> json_args = args;
  json_args.push_back("--json");
  const CliResult r = Run(json_args, 1);
  ExpectGolden("compare_perturbed.json", MaskFloats(r.out));
  const auto z = nlohmann::json::parse(r.out)["outputs"][0];
  EXPECT_EQ(z["mismatches"], 2);
  EXPECT_EQ(z["elements"], 6);
  EXPECT_EQ(z["max_abs"], 0.5);
  EXPECT_EQ(z["max_rel"], 0.5);
  EXPECT_EQ(z["pass"], false);
  // Within --atol 0.5 it passes.
  std::vector<std::string> loose = args;
  loose.insert(loose.end(), {"--atol", "0.5"});
  Run(loose, 0);
}

TEST_F(CliCompareTest, CpuAgainstWebGpu) {
  if (!ProviderUsable("webgpu")) GTEST_SKIP() << "WebGPU is not usable here";
  const CliResult r = Run({"compare", "add.onnx", "--provider", "cpu", "--provider", "webgpu", "--json"}, 0);
  const auto doc = nlohmann::json::parse(r.out);
  EXPECT_EQ(doc["a"]["providers"][0], "CPUExecutionProvider");
  EXPECT_EQ(doc["b"]["providers"][0], "WebGpuExecutionProvider");
  EXPECT_EQ(doc["pass"], true);
}

TEST_F(CliCompareTest, OptimizationOffAgainstOnAndConfigAgainstConfig) {
  const CliResult levels =
      Run({"compare", "convnet.onnx", "--opt-level", "disabled", "--opt-level", "all", "--dim", "batch=2"}, 0);
  EXPECT_NE(levels.out.find("A     convnet.onnx  CPUExecutionProvider  disabled"), std::string::npos) << levels.out;

  TempDir work;
  SessionConfig off, basic;
  off.optimization_level = OptimizationLevel::kDisabled;
  basic.optimization_level = OptimizationLevel::kBasic;
  off.SaveToFile(work.File("off.json"));
  basic.SaveToFile(work.File("basic.json"));
  const CliResult configs = Run({"compare", "convnet.onnx", "--config", work.File("off.json"), "--config",
                                 work.File("basic.json"), "--json"},
                                0);
  const auto doc = nlohmann::json::parse(configs.out);
  EXPECT_EQ(doc["a"]["optimization"], "disabled");
  EXPECT_EQ(doc["b"]["optimization"], "basic");
}

TEST_F(CliCompareTest, SavedInputsFedBackGiveIdenticalResults) {
  TempDir work;
  const auto first = nlohmann::json::parse(Run({"compare", "perturbed.onnx", "add.onnx", "--dim", "batch=2", "--seed",
                                                "4", "--save-inputs", work.File("in"), "--save-outputs",
                                                work.File("out1"), "--json"},
                                               1)
                                               .out);
  EXPECT_EQ(first["saved"].size(), 8u);  // x and y as .pb and .npy; z of both sides as .pb and .npy
  for (const char* file : {"in/x.pb", "in/x.npy", "in/y.pb", "in/y.npy", "out1/a/z.pb", "out1/b/z.npy"}) {
    EXPECT_TRUE(std::filesystem::exists(work.File(file))) << file;
  }
  const auto second = nlohmann::json::parse(Run({"compare", "perturbed.onnx", "add.onnx", "--input",
                                                 "x=" + work.File("in/x.pb"), "--input", "y=" + work.File("in/y.npy"),
                                                 "--save-outputs", work.File("out2"), "--json"},
                                                1)
                                                .out);
  EXPECT_EQ(first["outputs"], second["outputs"]);
  EXPECT_EQ(second["inputs"][0]["shape"], first["inputs"][0]["shape"]);
  for (const char* file : {"a/z.pb", "b/z.pb", "a/z.npy"}) {
    EXPECT_EQ(ReadBytes(work.File(std::string("out1/") + file)), ReadBytes(work.File(std::string("out2/") + file)))
        << file;
  }
}

TEST_F(CliCompareTest, ErrorsExitTwoWithOneLine) {
  ExpectError({"compare", "add.onnx"},
              "ortkit: error: both sides are 'add.onnx' under the same session config; give a second model, or two "
              "--provider, --config or --opt-level values");
  ExpectError({"compare", "add.onnx", "--provider", "cpu", "--provider", "cpu", "--provider", "cpu"},
              "ortkit: error: --provider given 3 times; give it once (both sides) or twice (A, then B)");
  ExpectError({"compare", "add.onnx", "convnet.onnx"},
              "ortkit: error: inputs differ, and compare pairs them by name: only in A: x, y; only in B: input; A "
              "has x, y; B has input");
  ExpectError({"compare", "add.onnx", "missing.onnx"},
              "ortkit: error: B: while loading 'missing.onnx': No such file or directory");
  const CliResult usage = RunCli({"compare", "add.onnx", "add_copy.onnx", "--rtol", "-1"}, dir_->path());
  EXPECT_EQ(usage.exit_code, 2);
  EXPECT_NE(usage.err.find("--rtol"), std::string::npos) << usage.err;
}

}  // namespace
}  // namespace ortkit::testing
