// Schedules: --dim syntax, sweeps, seeded random draws, shape files, bucketing, and their errors.
#include <gtest/gtest.h>

#include "memory/schedule.h"
#include "ortkit/error.h"
#include "testing/temp_dir.h"
#include "workload/shape_file.h"
#include "testing/test_models.h"

namespace ortkit::memory {
namespace {

std::vector<int64_t> Values(const Schedule& s, const std::string& name) {
  std::vector<int64_t> out;
  for (const Iteration& it : s.iterations) out.push_back(it.dims.at(name));
  return out;
}

template <typename F>
std::string ErrorOf(F f) {
  try {
    f();
  } catch (const Error& e) {
    return std::string(ToString(e.category())) + ": " + e.what();
  }
  return "no error";
}

TEST(ScheduleTest, DimSpecsAreTheSizesOfOneDimFlag) {
  const DimSpec fixed = ParseDimSpec("batch=4");
  EXPECT_EQ(fixed.name, "batch");
  EXPECT_EQ(fixed.values, (std::vector<int64_t>{4}));
  EXPECT_FALSE(fixed.varies());
  const DimSpec range = ParseDimSpec("seq=5..100");
  EXPECT_EQ(range.values.size(), 96u);
  EXPECT_TRUE(range.varies());
  EXPECT_EQ(ParseDimSpec("seq=1,4,16").values, (std::vector<int64_t>{1, 4, 16}));
  // The one --dim grammar's errors (workload/dim_flag.h).
  EXPECT_EQ(ErrorOf([] { ParseDimSpec("batch=-1"); }), "config: --dim 'batch=-1': '-1' is not a size");
}

TEST(ScheduleTest, AListIsSweptInTurnOrDrawnFrom) {
  ScheduleSpec spec;
  spec.dims = {ParseDimSpec("T=8,32,128")};
  spec.iterations = 12;
  EXPECT_EQ(Values(BuildSchedule(spec), "T"), (std::vector<int64_t>{8, 32, 128, 8, 32, 128, 8, 32, 128, 8, 32, 128}));
  spec.random = true;
  for (int64_t v : Values(BuildSchedule(spec), "T")) EXPECT_TRUE(v == 8 || v == 32 || v == 128) << v;
}

TEST(ScheduleTest, AFixedScheduleHasOneShapeAndATenthOfWarmUp) {
  ScheduleSpec spec;
  spec.dims = {ParseDimSpec("batch=2")};
  const Schedule s = BuildSchedule(spec);
  ASSERT_EQ(s.iterations.size(), 300u);
  EXPECT_EQ(s.warmup, 30);
  EXPECT_EQ(s.distinct_shapes, 1);
  EXPECT_FALSE(s.varies());
  EXPECT_EQ(s.kind, "fixed");
  EXPECT_TRUE(s.iterations[0].new_shape);
  EXPECT_TRUE(s.iterations[0].new_max);
  EXPECT_FALSE(s.iterations[1].new_shape);
  EXPECT_FALSE(s.iterations[1].new_max);
}

TEST(ScheduleTest, ASweepCyclesThroughItsRangeAndMarksNewMaxima) {
  ScheduleSpec spec;
  spec.dims = {ParseDimSpec("batch=1..4")};
  spec.iterations = 10;
  spec.warmup = 2;
  const Schedule s = BuildSchedule(spec);
  EXPECT_EQ(Values(s, "batch"), (std::vector<int64_t>{1, 2, 3, 4, 1, 2, 3, 4, 1, 2}));
  EXPECT_EQ(s.kind, "sweep");
  EXPECT_EQ(s.distinct_shapes, 4);
  for (int i = 0; i < 10; ++i) {
    EXPECT_EQ(s.iterations[static_cast<std::size_t>(i)].new_max, i < 4) << i;
    EXPECT_EQ(s.iterations[static_cast<std::size_t>(i)].new_shape, i < 4) << i;
  }
}

TEST(ScheduleTest, RandomDrawsAreSeededAndStayInRange) {
  ScheduleSpec spec;
  spec.dims = {ParseDimSpec("seq=5..100"), ParseDimSpec("batch=1")};
  spec.random = true;
  spec.seed = 3;
  const Schedule a = BuildSchedule(spec);
  const Schedule b = BuildSchedule(spec);
  EXPECT_EQ(Values(a, "seq"), Values(b, "seq"));
  for (int64_t v : Values(a, "seq")) {
    EXPECT_GE(v, 5);
    EXPECT_LE(v, 100);
  }
  EXPECT_EQ(a.kind, "random (seed 3)");
  spec.seed = 4;
  EXPECT_NE(Values(BuildSchedule(spec), "seq"), Values(a, "seq"));
  // A new shape that is not the largest: what memory-pattern plans are cached for.
  bool new_not_max = false;
  for (const Iteration& it : a.iterations) new_not_max = new_not_max || (it.new_shape && !it.new_max);
  EXPECT_TRUE(new_not_max);
}

TEST(ScheduleTest, BucketingPadsTheVaryingDimsUpToAMultiple) {
  ScheduleSpec spec;
  spec.dims = {ParseDimSpec("seq=1..40"), ParseDimSpec("batch=3")};
  spec.bucket = 16;
  spec.iterations = 40;
  const Schedule s = BuildSchedule(spec);
  EXPECT_EQ(s.iterations[0].dims.at("seq"), 16);
  EXPECT_EQ(s.iterations[16].dims.at("seq"), 32);
  EXPECT_EQ(s.iterations[39].dims.at("seq"), 48);
  EXPECT_EQ(s.iterations[39].dims.at("batch"), 3);  // fixed dims are left alone
  EXPECT_EQ(s.distinct_shapes, 3);
  EXPECT_EQ(s.kind, "sweep, padded to multiples of 16");
}

TEST(ScheduleTest, AShapeFileGivesOneRowPerIterationInTurn) {
  testing::TempDir dir;
  testing::WriteFile(dir.File("shapes.txt"), "# recorded traffic\nseq=7 batch=1\n\nseq=30, batch=2  # busy\n");
  ScheduleSpec spec;
  spec.rows = workload::ReadShapeFile(dir.File("shapes.txt"));
  spec.dims = {ParseDimSpec("extra=5")};
  spec.iterations = 10;
  const Schedule s = BuildSchedule(spec);
  EXPECT_EQ(Values(s, "seq"), (std::vector<int64_t>{7, 30, 7, 30, 7, 30, 7, 30, 7, 30}));
  EXPECT_EQ(s.iterations[1].dims.at("batch"), 2);
  EXPECT_EQ(s.iterations[1].dims.at("extra"), 5);
  EXPECT_EQ(s.kind, "shape file (2 rows)");
}

TEST(ScheduleTest, InvalidSchedulesNameTheSetting) {
  ScheduleSpec spec;
  spec.iterations = 3;
  EXPECT_EQ(ErrorOf([&] { BuildSchedule(spec); }),
            "config: --runs must be at least 10 (a warm-up and a steady phase), got 3");
  spec.iterations = 20;
  spec.warmup = 16;
  EXPECT_EQ(ErrorOf([&] { BuildSchedule(spec); }),
            "config: --warmup must leave at least 5 steady iterations of 20, got 16");
  spec.warmup = -1;
  spec.random = true;
  EXPECT_EQ(ErrorOf([&] { BuildSchedule(spec); }),
            "config: --random needs at least one --dim with several sizes (NAME=1,2,4 or NAME=MIN..MAX)");
  spec.random = false;
  spec.dims = {ParseDimSpec("seq=1..4"), ParseDimSpec("seq=2")};
  EXPECT_EQ(ErrorOf([&] { BuildSchedule(spec); }), "config: --dim 'seq' is given twice");
  spec.dims = {ParseDimSpec("seq=1..4")};
  spec.rows = {Dims{{"seq", 3}}};
  EXPECT_EQ(ErrorOf([&] { BuildSchedule(spec); }), "config: --shape-file and a --dim with several sizes can't be combined");
}

TEST(ScheduleTest, DescribeDimsListsNameValuePairs) {
  EXPECT_EQ(DescribeDims({{"seq", 17}, {"batch", 4}}), "batch=4 seq=17");
  EXPECT_EQ(DescribeDims({}), "");
}

}  // namespace
}  // namespace ortkit::memory
