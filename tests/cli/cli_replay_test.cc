// Replaying saved inputs (`--inputs-from DIR`, the layout `ortkit trace --save-inputs` writes) in
// run, bench, memcheck and compare; and `ortkit compare --tensors A B`.
#include <filesystem>
#include <fstream>
#include <memory>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli/cli_runner.h"
#include "sanitizers/sanitizer_build.h"
#include "ortkit/tensor_io.h"
#include "testing/temp_dir.h"
#include "testing/test_models.h"

namespace ortkit::testing {
namespace {

namespace fs = std::filesystem;

// x = 1..15, y = 0, shape [5,3]: z's max is 15, which seeded random inputs ([-1,1)) never reach.
// x = 1..rows*3 (+ offset), y = 0, shape [rows,3].
void WriteSavedRun(const std::string& dir, int session, int run, float offset, int64_t rows = 5) {
  const std::string rel = "session" + std::to_string(session) + "/run" + std::to_string(run);
  fs::create_directories(dir + "/" + rel);
  const auto n = static_cast<std::size_t>(rows * 3);
  std::vector<float> x(n), y(n, 0.0f);
  for (std::size_t i = 0; i < n; ++i) x[i] = static_cast<float>(i + 1) + offset;
  WriteNpy(dir + "/" + rel + "/0_x.npy", Tensor::FromVector<float>(x, {rows, 3}));
  WriteNpy(dir + "/" + rel + "/1_y.npy", Tensor::FromVector<float>(y, {rows, 3}));
  const std::string shape = "[" + std::to_string(rows) + ",3]";
  std::ofstream(dir + "/manifest.jsonl", std::ios::app)
      << R"({"pid":42,"session":)" << session << R"(,"model":"add.onnx","run":)" << run
      << R"(,"inputs":[{"name":"x","file":")" << rel << R"(/0_x.npy","dtype":"<f4","shape":)" << shape << "},"
      << R"({"name":"y","file":")" << rel << R"(/1_y.npy","dtype":"<f4","shape":)" << shape << "}]}\n";
}

void WriteText(const std::string& path, const std::string& text) { std::ofstream(path) << text; }

class CliReplayTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = std::make_unique<TempDir>();
    WriteFile(dir_->File("add.onnx"), AddModel());
    WriteFile(dir_->File("add_copy.onnx"), AddModel());
    WriteSavedRun(dir_->File("saved"), 1, 1, 0.0f);
    WriteSavedRun(dir_->File("saved"), 1, 2, 100.0f);
    // Two sessions: one must be chosen.
    WriteSavedRun(dir_->File("two"), 1, 1, 0.0f);
    WriteSavedRun(dir_->File("two"), 3, 1, 1000.0f);
    // Three runs, two shapes: [5,3], [2,3], [5,3].
    WriteSavedRun(dir_->File("shapes"), 1, 1, 0.0f, 5);
    WriteSavedRun(dir_->File("shapes"), 1, 2, 0.0f, 2);
    WriteSavedRun(dir_->File("shapes"), 1, 3, 100.0f, 5);
  }
  static void TearDownTestSuite() { dir_.reset(); }

  static CliResult Run(const std::vector<std::string>& args, int exit_code) {
    CliResult r = RunCli(args, dir_->path());
    EXPECT_EQ(r.exit_code, exit_code) << r.err << r.out;
    return r;
  }
  static std::string Error(const std::vector<std::string>& args) {
    const CliResult r = Run(args, 2);
    EXPECT_EQ(r.out, "");
    return r.err;
  }
  static std::string Path(const std::string& name) { return dir_->File(name); }

  static std::unique_ptr<TempDir> dir_;
};

std::unique_ptr<TempDir> CliReplayTest::dir_;

#define EXPECT_HAS(text, part) EXPECT_NE((text).find(part), std::string::npos) << (text)

TEST_F(CliReplayTest, RunFeedsTheFirstSavedRun) {
  const auto doc = nlohmann::json::parse(Run({"run", "add.onnx", "--inputs-from", "saved", "--json"}, 0).out);
  ASSERT_EQ(doc["inputs"].size(), 2u);
  for (const auto& input : doc["inputs"]) {
    EXPECT_EQ(input["shape"], nlohmann::json::array({5, 3}));
    EXPECT_EQ(input["source"].get<std::string>().rfind("file:saved/session1/run1/", 0), 0u) << input;
  }
  EXPECT_EQ(doc["outputs"][0]["max"], 15.0);  // run 1's values, not run 2's (115) nor random ones
}

TEST_F(CliReplayTest, RunChoosesAmongSessions) {
  EXPECT_HAS(Error({"run", "add.onnx", "--inputs-from", "two"}),
             "--inputs-from two: 2 sessions saved, choose one with --inputs-session N: 1 (add.onnx, 1 run); 3 "
             "(add.onnx, 1 run)");
  const auto doc =
      nlohmann::json::parse(Run({"run", "add.onnx", "--inputs-from", "two", "--inputs-session", "3", "--json"}, 0).out);
  EXPECT_EQ(doc["outputs"][0]["max"], 1015.0);
  EXPECT_HAS(Error({"run", "add.onnx", "--inputs-from", "two", "--inputs-session", "2"}),
             "no session 2 saved (sessions: 1 (add.onnx, 1 run); 3 (add.onnx, 1 run))");
}

TEST_F(CliReplayTest, CompareFeedsBothSidesTheSavedRun) {
  const auto doc =
      nlohmann::json::parse(Run({"compare", "add.onnx", "add_copy.onnx", "--inputs-from", "saved", "--json"}, 0).out);
  ASSERT_EQ(doc["inputs"].size(), 2u);
  EXPECT_EQ(doc["inputs"][0]["shape"], nlohmann::json::array({5, 3}));
  EXPECT_HAS(doc["inputs"][0]["source"].get<std::string>(), "saved/session1/run1/0_x.npy");
  EXPECT_EQ(doc["pass"], true);
}

TEST_F(CliReplayTest, BenchRunsTheSavedShapes) {
  const auto doc = nlohmann::json::parse(Run({"bench", "add.onnx", "--inputs-from", "saved", "--cold-runs", "1",
                                              "--warmup", "1", "--runs", "5", "--max-variation", "1000000%", "--json"},
                                             0)
                                             .out);
  EXPECT_EQ(doc["steady_state"][0]["inputs"]["x"], nlohmann::json::array({5, 3}));
}

TEST_F(CliReplayTest, MemcheckRunsTheSavedRun) {
  // Under a sanitizer's allocator (quarantine, no glibc counters) memcheck can call resident growth
  // a leak and exit 1; the verdict is judged in cli_memcheck_test, what this checks is the workload.
  const CliResult r = RunCli({"memcheck", "add.onnx", "--inputs-from", "saved", "--runs", "20"}, dir_->path());
  const int verdict_allowed = ORTKIT_SANITIZER_BUILD ? 1 : 0;
  EXPECT_TRUE(r.exit_code == 0 || r.exit_code == verdict_allowed) << r.err << r.out;
  EXPECT_HAS(r.out, "saved runs (2): 20 iterations (5 warm-up), 1 distinct shape");
  EXPECT_HAS(Error({"memcheck", "add.onnx", "--inputs-from", "saved", "--shape-file", "x.txt"}),
             "--inputs-from and --shape-file both give shapes");
}

TEST_F(CliReplayTest, MemcheckReplaysEverySavedRunInTurn) {
  const CliResult r = RunCli({"memcheck", "add.onnx", "--inputs-from", "shapes", "--runs", "30", "--json"}, dir_->path());
  EXPECT_TRUE(r.exit_code == 0 || r.exit_code == (ORTKIT_SANITIZER_BUILD ? 1 : 0)) << r.err;
  const auto doc = nlohmann::json::parse(r.out);
  EXPECT_EQ(doc["schedule"]["kind"], "saved runs (3)");
  EXPECT_EQ(doc["schedule"]["distinct_shapes"], 2);
  EXPECT_EQ(doc["schedule"]["iterations"], 30);
}

TEST_F(CliReplayTest, BenchMeasuresEachSavedShapeAndTheirMix) {
  const auto doc = nlohmann::json::parse(Run({"bench", "add.onnx", "--inputs-from", "shapes", "--cold-runs", "1",
                                              "--warmup", "1", "--runs", "5", "--max-variation", "1000000%", "--json"},
                                             0)
                                             .out);
  const auto& phases = doc["steady_state"];
  ASSERT_EQ(phases.size(), 3u) << phases;  // each shape, then the mix
  EXPECT_EQ(phases[0]["name"], "x:0=5,y:0=5");
  EXPECT_EQ(phases[0]["inputs"]["x"], nlohmann::json::array({5, 3}));
  EXPECT_EQ(phases[1]["name"], "x:0=2,y:0=2");
  EXPECT_EQ(phases[1]["inputs"]["x"], nlohmann::json::array({2, 3}));
}

TEST_F(CliReplayTest, ProfileRunsTheSavedRun) { Run({"profile", "add.onnx", "--inputs-from", "saved"}, 0); }

TEST_F(CliReplayTest, ErrorsNameTheDirectorySessionRunAndInput) {
  EXPECT_EQ(Error({"run", "add.onnx", "--inputs-from", "nowhere"}), "ortkit: error: --inputs-from nowhere: no such directory\n");
  fs::create_directories(Path("empty"));
  EXPECT_HAS(Error({"run", "add.onnx", "--inputs-from", "empty"}), "--inputs-from empty: no manifest.jsonl there");

  fs::create_directories(Path("malformed"));
  WriteText(Path("malformed/manifest.jsonl"),
            R"({"pid":1,"session":1,"model":"m","run":1,"inputs":[{"name":"x","file":"a.npy","dtype":"<f4","shape":[2]}]})"
            "\n"
            R"({"pid":1,"session":"one","model":"m","run":2,"inputs":[]})"
            "\n");
  EXPECT_HAS(Error({"run", "add.onnx", "--inputs-from", "malformed"}),
             "malformed/manifest.jsonl:2: session: expected an integer, found a string");
  WriteText(Path("malformed/manifest.jsonl"), "{\"pid\":1,\n");
  EXPECT_HAS(Error({"bench", "add.onnx", "--inputs-from", "malformed"}), "malformed/manifest.jsonl:1: not JSON");
  WriteText(Path("malformed/manifest.jsonl"), R"({"pid":1,"session":1,"model":"m","run":1,"inputs":[{"name":"x"}]})");
  EXPECT_HAS(Error({"memcheck", "add.onnx", "--inputs-from", "malformed"}),
             "malformed/manifest.jsonl:1: inputs[0].file: missing");

  // A file gone, an input the model does not have, a model input the run did not save.
  fs::create_directories(Path("broken"));
  fs::copy(Path("saved/session1"), Path("broken/session1"), fs::copy_options::recursive);
  WriteText(Path("broken/manifest.jsonl"),
            R"({"pid":1,"session":1,"model":"m","run":1,"inputs":[{"name":"x","file":"session1/run1/9_x.npy","dtype":"<f4","shape":[5,3]}]})"
            "\n");
  EXPECT_EQ(Error({"run", "add.onnx", "--inputs-from", "broken"}),
            "ortkit: error: --inputs-from broken (session 1, run 1): input 'x': file broken/session1/run1/9_x.npy is "
            "not there\n");
  WriteText(Path("broken/manifest.jsonl"),
            R"({"pid":1,"session":1,"model":"m","run":1,"inputs":[{"name":"x","file":"session1/run1/0_x.npy","dtype":"<f4","shape":[5,3]},)"
            R"({"name":"y","file":"session1/run1/1_y.npy","dtype":"<f4","shape":[5,3]},)"
            R"({"name":"w","file":"session1/run1/1_y.npy","dtype":"<f4","shape":[5,3]}]})"
            "\n");
  const std::string unknown = "--inputs-from broken (session 1, run 1): input 'w' (broken/session1/run1/1_y.npy) is not an input of the model (its inputs: x, y)";
  EXPECT_HAS(Error({"run", "add.onnx", "--inputs-from", "broken"}), unknown);
  EXPECT_HAS(Error({"bench", "add.onnx", "--inputs-from", "broken"}), unknown);
  EXPECT_HAS(Error({"memcheck", "add.onnx", "--inputs-from", "broken", "--runs", "10"}), unknown);
  WriteText(Path("broken/manifest.jsonl"),
            R"({"pid":1,"session":1,"model":"m","run":1,"inputs":[{"name":"x","file":"session1/run1/0_x.npy","dtype":"<f4","shape":[5,3]}]})"
            "\n");
  const std::string missing = "--inputs-from broken (session 1, run 1): the model's input 'y' was not saved in that run";
  EXPECT_HAS(Error({"run", "add.onnx", "--inputs-from", "broken"}), missing);
  EXPECT_HAS(Error({"compare", "add.onnx", "add_copy.onnx", "--inputs-from", "broken"}), missing);
  EXPECT_HAS(Error({"bench", "add.onnx", "--inputs-from", "broken"}), missing);
  EXPECT_HAS(Error({"profile", "add.onnx", "--inputs-from", "broken"}), missing);

  EXPECT_HAS(Error({"run", "add.onnx", "--inputs-from", "saved", "--dim", "batch=2"}),
             "--inputs-from saved gives every input and its shape; drop --dim");
  EXPECT_HAS(Error({"run", "add.onnx", "--inputs-session", "1"}), "--inputs-session 1 needs --inputs-from DIR");
}

class CliCompareTensorsTest : public CliReplayTest {
 protected:
  static void SetUpTestSuite() {
    CliReplayTest::SetUpTestSuite();
    WriteNpy(Path("a.npy"), Tensor::FromVector<float>({1, 2, 3, 4}, {2, 2}));
    WriteTensorProto(Path("a_copy.pb"), Tensor::FromVector<float>({1, 2, 3, 4}, {2, 2}));
    WriteNpy(Path("close.npy"), Tensor::FromVector<float>({1, 2, 3, 4.0001f}, {2, 2}));
    WriteNpy(Path("far.npy"), Tensor::FromVector<float>({1, 2, 3, 5}, {2, 2}));
    WriteNpy(Path("reshaped.npy"), Tensor::FromVector<float>({1, 2, 3, 4}, {4}));
    WriteNpy(Path("double.npy"), Tensor::FromVector<double>({1, 2, 3, 4}, {2, 2}));
    fs::create_directories(Path("left"));
    fs::create_directories(Path("right"));
    WriteNpy(Path("left/same.npy"), Tensor::FromVector<float>({1, 2}, {2}));
    WriteNpy(Path("right/same.npy"), Tensor::FromVector<float>({1, 2}, {2}));
    WriteNpy(Path("left/only_left.npy"), Tensor::FromVector<int64_t>({7}, {1}));
    WriteNpy(Path("right/only_right.npy"), Tensor::FromVector<int64_t>({7}, {1}));
  }
};

TEST_F(CliCompareTensorsTest, EqualFilesPassAcrossFormats) {
  const CliResult r = Run({"compare", "--tensors", "a.npy", "a_copy.pb"}, 0);
  EXPECT_HAS(r.out, "A          a.npy\nB          a_copy.pb\n");
  EXPECT_HAS(r.out, "result  pass (1 of 1 tensors match)");
}

TEST_F(CliCompareTensorsTest, CloseFilesPassWithinTolerance) {
  Run({"compare", "--tensors", "close.npy", "a.npy"}, 0);
  const auto doc = nlohmann::json::parse(Run({"compare", "--tensors", "close.npy", "a.npy", "--rtol", "0", "--atol",
                                              "1e-6", "--json"},
                                             1)
                                             .out);
  EXPECT_EQ(doc["tensors"][0]["mismatches"], 1);
  EXPECT_EQ(doc["tolerance"]["atol"], 1e-6);
  EXPECT_EQ(doc["pass"], false);
}

TEST_F(CliCompareTensorsTest, DifferentValuesShapesAndTypesFail) {
  const auto far = nlohmann::json::parse(Run({"compare", "--tensors", "far.npy", "a.npy", "--json"}, 1).out);
  EXPECT_EQ(far["tensors"][0]["name"], "far.npy");
  EXPECT_EQ(far["tensors"][0]["mismatches"], 1);
  EXPECT_DOUBLE_EQ(far["tensors"][0]["max_abs"].get<double>(), 1.0);
  const CliResult shape = Run({"compare", "--tensors", "reshaped.npy", "a.npy"}, 1);
  EXPECT_HAS(shape.out, "reshaped.npy: shape");
  EXPECT_HAS(shape.out, "result  FAIL (1 of 1 tensors differ: reshaped.npy)");
  const auto type = nlohmann::json::parse(Run({"compare", "--tensors", "double.npy", "a.npy", "--json"}, 1).out);
  EXPECT_EQ(type["tensors"][0]["type_a"], "float64");
  EXPECT_EQ(type["tensors"][0]["type_b"], "float32");
  EXPECT_EQ(type["tensors"][0]["pass"], false);
}

TEST_F(CliCompareTensorsTest, DirectoriesMatchByFileName) {
  const auto doc = nlohmann::json::parse(Run({"compare", "--tensors", "left", "right", "--json"}, 1).out);
  ASSERT_EQ(doc["tensors"].size(), 3u);
  std::map<std::string, nlohmann::json> by_name;
  for (const auto& t : doc["tensors"]) by_name[t["name"]] = t;
  EXPECT_EQ(by_name["same.npy"]["pass"], true);
  EXPECT_EQ(by_name["only_left.npy"]["note"], "only in A");
  EXPECT_EQ(by_name["only_right.npy"]["note"], "only in B");
  Run({"compare", "--tensors", "left", "left"}, 0);
}

TEST_F(CliCompareTensorsTest, UnreadableOrMismatchedPathsAreErrors) {
  WriteText(Path("garbage.npy"), "not a numpy file");
  EXPECT_HAS(Error({"compare", "--tensors", "garbage.npy", "a.npy"}), "garbage.npy");
  EXPECT_HAS(Error({"compare", "--tensors", "missing.npy", "a.npy"}), "--tensors: missing.npy is not there");
  EXPECT_HAS(Error({"compare", "--tensors", "left", "a.npy"}), "compare two files or two directories");
  EXPECT_HAS(Error({"compare", "--tensors", "a.npy"}), "--tensors needs two paths");
  EXPECT_HAS(Error({"compare", "--tensors", "a.npy", "a.npy", "--provider", "cpu"}), "no model or input flags");
}

}  // namespace
}  // namespace ortkit::testing
