// Tests of doctor/dim_values and the step command lines built from them.
#include "doctor/dim_values.h"

#include <gtest/gtest.h>

#include "doctor/step_commands.h"
#include "ortkit/error.h"

namespace ortkit::doctor {
namespace {

TEST(DimValuesTest, ReadsListsAndRanges) {
  const DimValues list = ParseDimValues("batch=4,1,8");
  EXPECT_EQ(list.name, "batch");
  EXPECT_EQ(list.min, 1);
  EXPECT_EQ(list.max, 8);
  EXPECT_EQ(list.count, 3u);
  const DimValues range = ParseDimValues("seq=8..64:8");
  EXPECT_EQ(range.min, 8);
  EXPECT_EQ(range.max, 64);
  EXPECT_EQ(range.count, 8u);
  EXPECT_EQ(SweepSpec(list), "batch=1..8");
  EXPECT_EQ(LargestSpec(range), "seq=64");
  EXPECT_EQ(SweepSpec(ParseDimValues("n=3")), "n=3");
}

TEST(DimValuesTest, RejectsWhatBenchWouldNotTake) {
  for (const char* bad : {"batch", "=4", "batch=", "batch=0", "batch=a", "batch=4..2", "batch=1,,2", "batch=-1"}) {
    EXPECT_THROW(ParseDimValues(bad), Error) << bad;
  }
}

TEST(StepCommandsTest, BenchPhasesCountEveryCombinationAndTheMix) {
  EXPECT_EQ(BenchPhases({}), 1u);
  EXPECT_EQ(BenchPhases({ParseDimValues("batch=1")}), 1u);
  EXPECT_EQ(BenchPhases({ParseDimValues("batch=1,4")}), 3u);
  EXPECT_EQ(BenchPhases({ParseDimValues("batch=1,4"), ParseDimValues("seq=8,16,32")}), 7u);
}

TEST(StepCommandsTest, EachStepGetsTheFlagsItTakes) {
  DoctorRequest r;
  r.model_path = "m.onnx";
  r.provider = "webgpu";
  r.targets = {"nnapi", "coreml"};
  r.dims = {"batch=1,4"};
  const std::vector<DimValues> dims{ParseDimValues("batch=1,4")};
  EXPECT_EQ(ShellLine(CheckArgs(r)), "check m.onnx --provider webgpu --target nnapi --target coreml --format json");
  EXPECT_EQ(ShellLine(BenchArgs(r, BenchSettings{2, 0.5, 5})),
            "bench m.onnx --provider webgpu --dim batch=1,4 --cold-runs 2 --warmup 5 --duration 0.5 --json");
  EXPECT_EQ(ShellLine(MemcheckArgs(r, dims, MemcheckSettings{150, true})),
            "memcheck m.onnx --provider webgpu --dim batch=1..4 --iterations 150 --variants --json");
  EXPECT_EQ(ShellLine(ProfileArgs(r, dims, 10)), "profile m.onnx --provider webgpu --dim batch=4 --runs 10 --json");
  EXPECT_EQ(ShellLine(FixArgs(r, "/tmp/x/m.fixed.onnx", 20)),
            "fix m.onnx -o /tmp/x/m.fixed.onnx --force --bench --bench-runs 20 --json");
}

TEST(StepCommandsTest, ShellLineQuotesWhatTheShellWouldSplit) {
  EXPECT_EQ(ShellLine({"ortkit", "check", "my model.onnx"}), "ortkit check 'my model.onnx'");
  EXPECT_EQ(ShellLine({"it's"}), "'it'\\''s'");
  EXPECT_EQ(ShellLine({""}), "''");
}

}  // namespace
}  // namespace ortkit::doctor
