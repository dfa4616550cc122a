// Tests of bench/shape_plan: shapes from --dim flags and shape files, probed defaults, the mix order.
#include "bench/shape_plan.h"

#include <algorithm>
#include <fstream>

#include <gtest/gtest.h>

#include "ortkit/error.h"
#include "testing/temp_dir.h"

namespace ortkit::bench {
namespace {

TEST(ShapesFromDimsTest, MakesEveryCombinationWithTheLastFlagFastest) {
  const ShapePlan plan = ShapesFromDims({"batch=1,2", "seq=8..16:8"});
  ASSERT_EQ(plan.shapes.size(), 4u);
  EXPECT_EQ(ShapeLabel(plan.shapes[0]), "batch=1,seq=8");
  EXPECT_EQ(ShapeLabel(plan.shapes[1]), "batch=1,seq=16");
  EXPECT_EQ(ShapeLabel(plan.shapes[3]), "batch=2,seq=16");
  EXPECT_EQ(plan.weights, (std::vector<int64_t>{1, 1, 1, 1}));
  EXPECT_TRUE(ShapesFromDims({}).shapes.empty());
  EXPECT_EQ(ShapeLabel({}), "default");
}

TEST(ShapesFromDimsTest, TheDimGrammarsErrorsComeThrough) {
  try {
    ShapesFromDims({"batch=1", "batch=2"});
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.category(), ErrorCategory::kConfig);
    EXPECT_STREQ(e.what(), "--dim 'batch=2': 'batch' is already given by --dim 'batch=1'; give each dimension once");
  }
  EXPECT_THROW(ShapesFromDims({"batch=x"}), Error);
  EXPECT_THROW(ShapesFromDims({"a=1..100", "b=1..100"}), Error);
}

TEST(ShapesFromRowsTest, RepeatedRowsWeighMore) {
  const ShapePlan plan = ShapesFromRows({{{"batch", 1}, {"seq", 37}}, {{"batch", 2}}, {{"seq", 37}, {"batch", 1}}});
  ASSERT_EQ(plan.shapes.size(), 2u);
  EXPECT_EQ(ShapeLabel(plan.shapes[0]), "batch=1,seq=37");
  EXPECT_EQ(plan.weights, (std::vector<int64_t>{2, 1}));
}

TEST(ReadShapeFileTest, ReadsTheOneShapeFileFormat) {
  testing::TempDir dir;
  {
    std::ofstream(dir.File("mix.txt")) << "batch=4\nbatch=4, seq=2\nbatch=4\n";
  }
  const ShapePlan plan = ReadShapeFile(dir.File("mix.txt"));
  EXPECT_EQ(plan.weights, (std::vector<int64_t>{2, 1}));
  EXPECT_THROW(ReadShapeFile(dir.File("none.txt")), Error);
}

TEST(WithDefaultsTest, ProbedSizesFillWhatNoShapeSets) {
  const ShapePlan plan = WithDefaults(ShapesFromDims({"B=1,2"}), {{"B", 1}, {"T", 8}});
  ASSERT_EQ(plan.shapes.size(), 2u);
  EXPECT_EQ(ShapeLabel(plan.shapes[0]), "B=1,T=8");
  EXPECT_EQ(ShapeLabel(plan.shapes[1]), "B=2,T=8");
  const ShapePlan single = WithDefaults(ShapePlan{}, {{"T", 8}});
  ASSERT_EQ(single.shapes.size(), 1u);
  EXPECT_EQ(single.weights, (std::vector<int64_t>{1}));
}

TEST(MixSequenceTest, HoldsEachShapeByItsWeightInASeededOrder) {
  ShapePlan plan;
  plan.shapes = {{{"batch", 1}}, {{"batch", 2}}, {{"batch", 4}}};
  plan.weights = {3, 1, 2};
  const auto order = MixSequence(plan, 7);
  ASSERT_EQ(order.size(), 6u);
  EXPECT_EQ(std::count(order.begin(), order.end(), 0u), 3);
  EXPECT_EQ(std::count(order.begin(), order.end(), 1u), 1);
  EXPECT_EQ(std::count(order.begin(), order.end(), 2u), 2);
  EXPECT_EQ(MixSequence(plan, 7), order);  // the same seed, the same order
  EXPECT_EQ(MixSequence(ShapePlan{}, 7), (std::vector<std::size_t>{0}));
}

}  // namespace
}  // namespace ortkit::bench
