// `ortkit profile --roofline` through the real binary: the section's golden text (measured
// figures masked) against seeded ceilings, JSON, the ceilings cache written on a first run, and
// each refused flag combination.
#include <sys/wait.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <memory>
#include <regex>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli/cli_runner.h"
#include "graph/model_builder.h"
#include "profile/machine_ceilings.h"
#include "testing/temp_dir.h"

namespace ortkit::testing {
namespace {

// X[128,512] x W[512,512], Relu, + b, TopK(k=4): a MatMul long enough to time well, elementwise
// ops, and TopK, which has no cost model (listed without a point). Relu sits between MatMul and
// Add so that level basic's MatMul+Add fusion leaves every name as written.
std::string RooflineModel() {
  graph::ModelBuilder b("roofline");
  b.Input("X", ElementType::kFloat32, {128, 512})
      .Initializer("W", graph::SeededWeights(512 * 512, 0.1f, 1), Shape{512, 512})
      .Initializer("bias", graph::SeededWeights(512, 0.1f, 2), Shape{512})
      .Initializer("k", std::vector<int64_t>{4}, Shape{1})
      .Node("MatMul", {"X", "W"}, {"h"}, {}, "proj")
      .Node("Relu", {"h"}, {"r"}, {}, "act")
      .Node("Add", {"r", "bias"}, {"rb"}, {}, "bias_add")
      .Node("TopK", {"rb", "k"}, {"values", "indices"}, {}, "top")
      .Output("values", ElementType::kFloat32, {128, 4})
      .Output("indices", ElementType::kInt64, {128, 4});
  return b.Serialize();
}

class CliProfileRooflineTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = std::make_unique<TempDir>();
    std::ofstream(dir_->File("roofline.onnx"), std::ios::binary) << RooflineModel();
    // One thread and basic optimisation: the threads key the cache, and basic keeps the names
    // the same on every CPU (level "all" adds layout transforms on some).
    std::ofstream(dir_->File("one.json")) << "{\"intra_op_threads\": 1, \"optimization_level\": \"basic\"}";
    // Seeded ceilings for this machine at 1 thread: no measurement, fixed figures.
    profile::MachineCeilings c;
    c.key = profile::ThisMachine(1);
    c.gemm_gflops = 40;
    c.bandwidth_gbs = 10;
    c.gemm_n = 1024;
    c.stream_bytes = 128u << 20;
    c.repeats = 5;
    c.measured_at = "2026-01-02T03:04:05Z";
    profile::WriteCachedCeilings(profile::CeilingsCachePath(dir_->File("seeded")), c);
  }
  static void TearDownTestSuite() { dir_.reset(); }

  // Runs in the model's directory with ORTKIT_CACHE_DIR=`cache` (relative: stable in the output).
  static CliResult Run(const std::vector<std::string>& args, const std::string& cache = "seeded") {
    return RunCli(args, dir_->path(), {"ORTKIT_CACHE_DIR=" + cache});
  }
  static CliResult Ok(const std::vector<std::string>& args, const std::string& cache = "seeded") {
    CliResult r = Run(args, cache);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.err, "");
    return r;
  }

  static std::unique_ptr<TempDir> dir_;
};

std::unique_ptr<TempDir> CliProfileRooflineTest::dir_;

TEST_F(CliProfileRooflineTest, TextSectionAgainstCachedCeilings) {
  const CliResult r = Ok({"profile", "roofline.onnx", "--config", "one.json", "--runs", "3", "--no-node-memory",
                          "--roofline"});
  const std::size_t at = r.out.find("\nroofline\n");
  ASSERT_NE(at, std::string::npos) << r.out;
  ExpectGolden("profile_roofline.txt", SortTableBlocks(MaskMeasured(r.out.substr(at))));
  EXPECT_NE(r.out.find("cached in seeded/roofline_ceilings.json, measured 2026-01-02T03:04:05Z"), std::string::npos)
      << r.out;
}

TEST_F(CliProfileRooflineTest, JsonCarriesTheRooflineWithEveryProfiledNode) {
  const auto doc = nlohmann::json::parse(
      Ok({"profile", "roofline.onnx", "--config", "one.json", "--runs", "2", "--no-node-memory", "--roofline", "--json"})
          .out);
  const auto& roofline = doc["roofline"];
  EXPECT_EQ(roofline["ceilings"]["gemm_gflops"], 40.0);
  EXPECT_EQ(roofline["ceilings"]["threads"], 1);
  EXPECT_EQ(roofline["nodes"].size(), doc["nodes"].size());
  bool topk_unknown = false;
  for (const auto& node : roofline["nodes"]) {
    if (node["op_type"] == "TopK") {
      topk_unknown = node["point"].is_null() && node["unknown_reason"] == "cost unknown: no cost model for op 'TopK'";
    }
    // X[128,512] x W[512,512]: 128 x 512 x 512 multiply-adds; 4 x (512x512 + 2 x 128x512) bytes.
    if (node["name"] == "proj") {
      EXPECT_EQ(node["point"]["flops"], 128 * 512 * 512) << node;
      EXPECT_EQ(node["point"]["bytes"], 4 * (512 * 512 + 2 * 128 * 512)) << node;
      EXPECT_EQ(node["point"]["bound"], "compute") << node;  // 26.9 FLOP/byte against a ridge of 4
    }
  }
  EXPECT_TRUE(topk_unknown) << roofline.dump(2);
  EXPECT_FALSE(roofline["ops"].empty());
}

TEST_F(CliProfileRooflineTest, NoCeilingsGivesAchievedRatesOnlyAndReadsNoCache) {
  const auto doc = nlohmann::json::parse(Ok({"profile", "roofline.onnx", "--config", "one.json", "--runs", "2",
                                             "--no-node-memory", "--roofline", "--no-ceilings", "--json"},
                                            "absent")
                                             .out);
  EXPECT_TRUE(doc["roofline"]["ceilings"].is_null());
  EXPECT_FALSE(std::filesystem::exists(dir_->File("absent")));
}

// The one test that measures for real (about a second): an empty cache is filled.
TEST_F(CliProfileRooflineTest, AFirstRunMeasuresAndCachesTheCeilings) {
  const auto doc = nlohmann::json::parse(Ok({"profile", "roofline.onnx", "--config", "one.json", "--runs", "1",
                                             "--no-node-memory", "--roofline", "--json"},
                                            "fresh")
                                             .out);
  EXPECT_EQ(doc["roofline"]["ceilings"]["origin"], "measured now");
  EXPECT_GT(doc["roofline"]["ceilings"]["gemm_gflops"].get<double>(), 0);
  const auto cached = profile::ReadCachedCeilings(profile::CeilingsCachePath(dir_->File("fresh")), profile::ThisMachine(1));
  ASSERT_TRUE(cached);
  EXPECT_DOUBLE_EQ(cached->gemm_gflops, doc["roofline"]["ceilings"]["gemm_gflops"].get<double>());
}

TEST_F(CliProfileRooflineTest, ContradictoryOrOrphanFlagsAreRefused) {
  ExpectRefusal(Run({"profile", "roofline.onnx", "--no-ceilings"}),
                "ortkit: error: --no-ceilings goes with --roofline; add it\n");
  ExpectRefusal(Run({"profile", "roofline.onnx", "--remeasure-ceilings"}),
                "ortkit: error: --remeasure-ceilings goes with --roofline; add it\n");
  ExpectRefusal(Run({"profile", "roofline.onnx", "--roofline", "--no-ceilings", "--remeasure-ceilings"}),
                "ortkit: error: --remeasure-ceilings and --no-ceilings contradict each other; give one\n");
  ExpectRefusal(Run({"profile", "roofline.onnx", "--roofline", "--format", "csv"}),
                "ortkit: error: --roofline: expected --format text, markdown or json, found csv\n");
  ExpectRefusal(Run({"profile", "--diff", "a.json", "b.json", "--roofline"}),
                "ortkit: error: --roofline needs a model profiled now, not --diff\n");
}

}  // namespace
}  // namespace ortkit::testing
