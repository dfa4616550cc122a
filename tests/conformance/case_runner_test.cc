// Tests of both case runners on small cases built from libonnx-testdata: pass, mismatch, skip,
// several data sets, and inputs matched by the name stored in the file.
#include "conformance/case_runner.h"

#include <filesystem>

#include <gtest/gtest.h>

#include "conformance/raw_ort_runner.h"
#include "ortkit/runtime.h"
#include "ortkit/tensor_io.h"
#include "testing/temp_dir.h"

namespace ortkit::conformance {
namespace {

namespace fs = std::filesystem;

const std::string kNodeDir = std::string(ORTKIT_ONNX_TESTDATA_DIR) + "/node";

// A case directory "test_x" in `root` with `model` copied from the test data and no data set yet.
ConformanceCase MakeCase(const testing::TempDir& root, const std::string& model_case) {
  ConformanceCase c;
  c.suite = "node";
  c.name = "test_x";
  c.dir = root.File("test_x");
  c.model_path = c.dir + "/model.onnx";
  fs::create_directories(c.dir);
  fs::copy_file(kNodeDir + "/" + model_case + "/model.onnx", c.model_path);
  return c;
}

std::string AddDataSet(ConformanceCase& c) {
  const std::string dir = c.dir + "/test_data_set_" + std::to_string(c.data_sets.size());
  fs::create_directories(dir);
  c.data_sets.push_back(dir);
  return dir;
}

// One raw runner for the whole test program, made after ortkit's Env (see raw_ort_runner.h).
RawOrtRunner& Raw() {
  static RawOrtRunner& raw = [] () -> RawOrtRunner& {
    SetLogSink(nullptr);  // creates ortkit's Env, with its default sink
    static RawOrtRunner runner;
    return runner;
  }();
  return raw;
}

std::pair<Outcome, Outcome> RunBoth(const ConformanceCase& c) { return {RunWithOrtkit(c), Raw().Run(c)}; }

class CaseRunnerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!fs::is_directory(kNodeDir)) GTEST_SKIP() << "no ONNX test data at " << kNodeDir;
  }
  testing::TempDir root_;
};

TEST_F(CaseRunnerTest, CopiedCasePassesOnBothSides) {
  ConformanceCase c = MakeCase(root_, "test_abs");
  fs::copy(kNodeDir + "/test_abs/test_data_set_0", AddDataSet(c));
  const auto [ortkit, raw] = RunBoth(c);
  EXPECT_EQ(ortkit.status, Status::kPass) << ortkit.message;
  EXPECT_EQ(raw.status, Status::kPass) << raw.message;
}

TEST_F(CaseRunnerTest, WrongExpectedOutputFailsNamingTheDataSetAndOutput) {
  ConformanceCase c = MakeCase(root_, "test_abs");
  fs::copy(kNodeDir + "/test_abs/test_data_set_0", AddDataSet(c));
  const std::string second = AddDataSet(c);
  fs::copy(kNodeDir + "/test_abs/test_data_set_0", second);
  const Tensor x = ReadTensorProto(second + "/input_0.pb");
  WriteTensorProto(second + "/output_0.pb", x, "y");  // |x| != x where x < 0
  const auto [ortkit, raw] = RunBoth(c);
  for (const Outcome& o : {ortkit, raw}) {
    EXPECT_EQ(o.status, Status::kFail);
    EXPECT_EQ(o.message.rfind("test_data_set_1: output 'y': ", 0), 0u) << o.message;
  }
}

TEST_F(CaseRunnerTest, InputsAreMatchedByTheirStoredNames) {
  // Sub is not commutative: the swapped files only pass when matched by name.
  ConformanceCase c = MakeCase(root_, "test_sub");
  const std::string dir = AddDataSet(c);
  const std::string original = kNodeDir + "/test_sub/test_data_set_0";
  WriteTensorProto(dir + "/input_0.pb", ReadTensorProto(original + "/input_1.pb"), "y");
  WriteTensorProto(dir + "/input_1.pb", ReadTensorProto(original + "/input_0.pb"), "x");
  fs::copy_file(original + "/output_0.pb", dir + "/output_0.pb");
  const auto [ortkit, raw] = RunBoth(c);
  EXPECT_EQ(ortkit.status, Status::kPass) << ortkit.message;
  EXPECT_EQ(raw.status, Status::kPass) << raw.message;
}

TEST_F(CaseRunnerTest, CasesWithoutModelOrDataAreSkipped) {
  ConformanceCase c = MakeCase(root_, "test_abs");
  const auto [no_data_ortkit, no_data_raw] = RunBoth(c);
  EXPECT_EQ(no_data_ortkit.status, Status::kSkip);
  EXPECT_EQ(no_data_raw.status, Status::kSkip);
  fs::remove(c.model_path);
  AddDataSet(c);
  const auto [no_model_ortkit, no_model_raw] = RunBoth(c);
  EXPECT_EQ(no_model_ortkit.message, "no model.onnx");
  EXPECT_EQ(no_model_raw.message, "no model.onnx");
}

TEST_F(CaseRunnerTest, UnreadableTestDataFailsAsSuch) {
  ConformanceCase c = MakeCase(root_, "test_abs");
  const std::string dir = AddDataSet(c);
  fs::copy(kNodeDir + "/test_abs/test_data_set_0", dir);
  fs::resize_file(dir + "/input_0.pb", 7);
  const auto [ortkit, raw] = RunBoth(c);
  EXPECT_EQ(ortkit.status, Status::kFail);
  EXPECT_EQ(ortkit.message.rfind("test data not readable: ", 0), 0u) << ortkit.message;
  EXPECT_EQ(raw.message.rfind("test data not readable: ", 0), 0u) << raw.message;
}

}  // namespace
}  // namespace ortkit::conformance
