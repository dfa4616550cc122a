// The saved-inputs manifest (`ortkit trace --save-inputs`): read strictly, sessions chosen, runs
// checked against a model's inputs.
#include "workload/saved_inputs.h"

#include <filesystem>
#include <fstream>
#include <functional>

#include <gtest/gtest.h>

#include "ortkit/error.h"
#include "testing/temp_dir.h"

namespace ortkit::workload {
namespace {

namespace fs = std::filesystem;

constexpr const char* kRun1 =
    R"({"pid":7,"session":1,"model":"enc.onnx","run":2,"inputs":[{"name":"x","file":"session1/run2/0_x.npy","dtype":"<f4","shape":[1,3]}]})";
constexpr const char* kRun2 =
    R"({"pid":7,"session":1,"model":"enc.onnx","run":1,"inputs":[{"name":"x","file":"session1/run1/0_x.npy","dtype":"<f4","shape":[2,3]}]})";
constexpr const char* kOther = R"({"pid":7,"session":2,"model":"dec.onnx","run":1,"inputs":[]})";

std::string Manifest(const testing::TempDir& dir, const std::string& text) {
  std::ofstream(dir.File("manifest.jsonl")) << text;
  return dir.path();
}

std::string ErrorOf(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  return "no error";
}

TEST(SavedInputsTest, ReadsEveryFieldOfEveryLine) {
  testing::TempDir dir;
  const SavedInputsDir saved = ReadSavedInputs(Manifest(dir, std::string(kRun1) + "\n\n" + kOther + "\n"));
  ASSERT_EQ(saved.runs.size(), 2u);
  const SavedRun& run = saved.runs[0];
  EXPECT_EQ(run.pid, 7);
  EXPECT_EQ(run.session, 1);
  EXPECT_EQ(run.model, "enc.onnx");
  EXPECT_EQ(run.run, 2);
  EXPECT_EQ(run.line, 1);
  ASSERT_EQ(run.inputs.size(), 1u);
  EXPECT_EQ(run.inputs[0].name, "x");
  EXPECT_EQ(run.inputs[0].file, "session1/run2/0_x.npy");
  EXPECT_EQ(run.inputs[0].dtype, "<f4");
  EXPECT_EQ(run.inputs[0].shape, (std::vector<int64_t>{1, 3}));
  EXPECT_EQ(saved.runs[1].line, 3);
}

TEST(SavedInputsTest, MalformedLinesNameTheFileLineAndField) {
  testing::TempDir dir;
  const std::string manifest = dir.File("manifest.jsonl");
  EXPECT_EQ(ErrorOf([&] { ReadSavedInputs(Manifest(dir, std::string(kRun1) + "\n[1,2]\n")); }),
            manifest + ":2: line: expected a JSON object, found an array");
  EXPECT_EQ(ErrorOf([&] { ReadSavedInputs(Manifest(dir, R"({"pid":1,"session":1,"run":1,"inputs":[]})")); }),
            manifest + ":1: model: missing");
  EXPECT_EQ(ErrorOf([&] {
              ReadSavedInputs(Manifest(dir, R"({"pid":1,"session":1,"model":"m","run":1.5,"inputs":[]})"));
            }),
            manifest + ":1: run: expected an integer, found a number");
  EXPECT_EQ(ErrorOf([&] {
              ReadSavedInputs(Manifest(
                  dir, R"({"pid":1,"session":1,"model":"m","run":1,"inputs":[{"name":"x","file":"f","dtype":"<f4","shape":[-1]}]})"));
            }),
            manifest + ":1: inputs[0].shape: expected an array of non-negative integers, found -1");
  EXPECT_EQ(ErrorOf([&] { ReadSavedInputs(Manifest(dir, "\n")); }), manifest + ": no runs");
  EXPECT_NE(ErrorOf([&] { ReadSavedInputs(Manifest(dir, "{oops")); }).find(manifest + ":1: not JSON"), std::string::npos);
  EXPECT_EQ(ErrorOf([&] { ReadSavedInputs(dir.File("nowhere")); }),
            "--inputs-from " + dir.File("nowhere") + ": no such directory");
}

TEST(SavedInputsTest, SessionRunsAreInRunOrderAndChosenWhenSeveral) {
  testing::TempDir dir;
  const SavedInputsDir one = ReadSavedInputs(Manifest(dir, std::string(kRun1) + "\n" + kRun2 + "\n"));
  const std::vector<SavedRun> runs = SessionRuns(one, std::nullopt);
  ASSERT_EQ(runs.size(), 2u);
  EXPECT_EQ(runs[0].run, 1);
  EXPECT_EQ(runs[1].run, 2);
  EXPECT_EQ(SavedRunLabel(one, runs[0]), "--inputs-from " + dir.path() + " (session 1, run 1)");

  const SavedInputsDir two = ReadSavedInputs(Manifest(dir, std::string(kRun1) + "\n" + kOther + "\n"));
  EXPECT_EQ(ErrorOf([&] { SessionRuns(two, std::nullopt); }),
            "--inputs-from " + dir.path() +
                ": 2 sessions saved, choose one with --inputs-session N: 1 (enc.onnx, 1 run); 2 (dec.onnx, 1 run)");
  EXPECT_EQ(SessionRuns(two, 2).front().model, "dec.onnx");
  EXPECT_NE(ErrorOf([&] { SessionRuns(two, 5); }).find("no session 5 saved"), std::string::npos);
}

SavedRun RunWith(std::vector<SavedInput> inputs) {
  SavedRun run;
  run.inputs = std::move(inputs);
  return run;
}

TEST(SavedInputsTest, VaryingAxesAreThoseThatDifferBetweenRuns) {
  // audio [1,T,80] with T varying, lengths [1] fixed, mask [1,T] varying with it.
  const std::vector<SavedRun> runs = {
      RunWith({{"audio", "a", "<f4", {1, 412, 80}}, {"lengths", "b", "<i8", {1}}, {"mask", "c", "|b1", {1, 412}}}),
      RunWith({{"audio", "a", "<f4", {1, 97, 80}}, {"lengths", "b", "<i8", {1}}, {"mask", "c", "|b1", {1, 97}}}),
      RunWith({{"audio", "a", "<f4", {1, 412, 80}}, {"lengths", "b", "<i8", {1}}, {"mask", "c", "|b1", {1, 412}}}),
  };
  const std::vector<DimSizes> varying = VaryingAxes(runs);
  ASSERT_EQ(varying.size(), 3u);
  EXPECT_EQ(varying[0], (DimSizes{{"audio:1", 412}, {"mask:1", 412}}));
  EXPECT_EQ(varying[1], (DimSizes{{"audio:1", 97}, {"mask:1", 97}}));
  EXPECT_EQ(varying[2], varying[0]);

  // Same shapes everywhere: nothing varies. Another rank: the axes it has or lacks vary.
  EXPECT_EQ(VaryingAxes({runs[0], runs[2]}), (std::vector<DimSizes>{{}, {}}));
  const std::vector<DimSizes> ranks =
      VaryingAxes({RunWith({{"x", "a", "<f4", {2, 3}}}), RunWith({{"x", "a", "<f4", {2}}})});
  EXPECT_EQ(ranks[0], (DimSizes{{"x:1", 3}}));
  EXPECT_EQ(ranks[1], DimSizes{});
  EXPECT_TRUE(VaryingAxes({}).empty());
}

TEST(SavedInputsTest, FilesMustBeThereAndMatchTheModelInputs) {
  testing::TempDir dir;
  const SavedInputsDir saved = ReadSavedInputs(Manifest(dir, kRun2));
  const std::string label = SavedRunLabel(saved, saved.runs[0]);
  EXPECT_EQ(ErrorOf([&] { SavedRunFiles(saved, saved.runs[0]); }),
            label + ": input 'x': file " + dir.path() + "/session1/run1/0_x.npy is not there");
  fs::create_directories(dir.File("session1/run1"));
  std::ofstream(dir.File("session1/run1/0_x.npy")) << "";
  const auto files = SavedRunFiles(saved, saved.runs[0]);
  ASSERT_EQ(files.size(), 1u);
  EXPECT_EQ(files[0].first, "x");

  ValueSpec x, y, opt;
  x.name = "x";
  y.name = "y";
  opt.name = "opt";
  opt.kind = ValueKind::kOptional;
  CheckSavedRunInputs({x, opt}, files, label);  // an optional input may be absent
  EXPECT_EQ(ErrorOf([&] { CheckSavedRunInputs({x, y}, files, label); }),
            label + ": the model's input 'y' was not saved in that run (was it created on another device, or of a "
                    "type NumPy can't hold?)");
  EXPECT_EQ(ErrorOf([&] { CheckSavedRunInputs({y}, files, label); }),
            label + ": input 'x' (" + files[0].second + ") is not an input of the model (its inputs: y)");
}

}  // namespace
}  // namespace ortkit::workload
