// The Pareto front and the choice of the best variant: pure functions of measured rows.
#include "compress/pareto.h"

#include <gtest/gtest.h>

namespace ortkit::compress {
namespace {

VariantResult Row(const std::string& name, uint64_t bytes, double p50_ms, double rss_mib, bool passes = true) {
  VariantResult v;
  v.name = name;
  v.file_bytes = bytes;
  v.one_thread.p50_ms = p50_ms;
  v.one_thread.p50_ratio = p50_ms;  // ranked by the ratio; any consistent scale will do here
  v.peak_rss_mib = rss_mib;
  v.passes_gate = passes;
  return v;
}

std::vector<bool> Marks(const std::vector<VariantResult>& rows) {
  std::vector<bool> marks;
  for (const auto& r : rows) marks.push_back(r.pareto);
  return marks;
}

TEST(ParetoTest, AVariantBeatenInEveryFigureIsNotMarked) {
  std::vector<VariantResult> rows{Row(kOriginal, 1000, 5, 50), Row("float16", 500, 6, 40),
                                  Row("quantize-dynamic", 250, 3, 30)};
  MarkPareto(rows);
  // quantize-dynamic is smaller, faster and leaner than both.
  EXPECT_EQ(Marks(rows), (std::vector<bool>{false, false, true}));
}

TEST(ParetoTest, VariantsThatTradeFiguresAreAllMarked) {
  std::vector<VariantResult> rows{Row(kOriginal, 1000, 2, 50), Row("float16", 500, 6, 40),
                                  Row("quantize-dynamic", 250, 3, 60)};
  MarkPareto(rows);
  EXPECT_EQ(Marks(rows), (std::vector<bool>{true, true, true}));
}

TEST(ParetoTest, AVariantThatFailsTheGateIsNeitherMarkedNorDominatesOthers) {
  std::vector<VariantResult> rows{Row(kOriginal, 1000, 5, 50), Row("quantize-dynamic", 250, 3, 30, false)};
  MarkPareto(rows);
  EXPECT_EQ(Marks(rows), (std::vector<bool>{true, false}));
}

TEST(ParetoTest, EqualRowsDoNotDominateEachOther) {
  std::vector<VariantResult> rows{Row(kOriginal, 1000, 5, 50), Row("float16", 1000, 5, 50)};
  MarkPareto(rows);
  EXPECT_EQ(Marks(rows), (std::vector<bool>{true, true}));
  EXPECT_FALSE(Dominates(rows[0], rows[1]));
  EXPECT_TRUE(Dominates(Row("a", 999, 5, 50), rows[1]));
}

TEST(ParetoTest, SkippedVariantsAreNeverMarked) {
  VariantResult skipped = Row("quantize-static", 1, 1, 1);
  skipped.skipped = "no --calibration DIR";
  std::vector<VariantResult> rows{Row(kOriginal, 1000, 5, 50), skipped};
  MarkPareto(rows);
  EXPECT_EQ(Marks(rows), (std::vector<bool>{true, false}));
}

TEST(ChooseBestTest, EachObjectivePicksTheVariantBestInItsFigure) {
  const std::vector<VariantResult> rows{Row(kOriginal, 1000, 5, 50), Row("float16", 500, 6, 30),
                                        Row("quantize-dynamic", 250, 4, 60), Row("quantize-static", 300, 2, 70)};
  EXPECT_EQ(ChooseBest(rows, Objective::kP50), "quantize-static");
  EXPECT_EQ(ChooseBest(rows, Objective::kSize), "quantize-dynamic");
  EXPECT_EQ(ChooseBest(rows, Objective::kPeakMemory), "float16");
}

TEST(ChooseBestTest, TheOriginalIsNeverChosenEvenWhenItIsBest) {
  const std::vector<VariantResult> rows{Row(kOriginal, 1000, 1, 10), Row("float16", 500, 6, 30)};
  EXPECT_EQ(ChooseBest(rows, Objective::kP50), "float16");
}

TEST(ChooseBestTest, AVariantThatFailsTheGateIsNeverChosen) {
  const std::vector<VariantResult> rows{Row(kOriginal, 1000, 5, 50), Row("float16", 500, 6, 30),
                                        Row("quantize-dynamic", 250, 1, 10, false)};
  EXPECT_EQ(ChooseBest(rows, Objective::kP50), "float16");
  EXPECT_EQ(ChooseBest(rows, Objective::kSize), "float16");
}

TEST(ChooseBestTest, NothingIsChosenWhenNoCompressedVariantPasses) {
  VariantResult skipped = Row("quantize-static", 10, 1, 1);
  skipped.skipped = "no --calibration DIR";
  const std::vector<VariantResult> rows{Row(kOriginal, 1000, 5, 50), Row("float16", 500, 6, 30, false),
                                        Row("quantize-dynamic", 250, 1, 10, false), skipped};
  EXPECT_EQ(ChooseBest(rows, Objective::kP50), "");
  EXPECT_EQ(ChooseBest(rows, Objective::kSize), "");
  EXPECT_EQ(ChooseBest(rows, Objective::kPeakMemory), "");
}

TEST(ChooseBestTest, P50IsJudgedByTheRatioToTheOriginalTimedBesideIt) {
  // float16's pairing ran on a quiet machine, quantize-dynamic's on a busy one: its p50 is higher
  // in ms but lower against the original timed beside it.
  std::vector<VariantResult> rows{Row(kOriginal, 1000, 1, 50), Row("float16", 500, 1, 30),
                                  Row("quantize-dynamic", 500, 1, 30)};
  rows[1].one_thread = {1, 2.0, 2.5, 1.1, 1.0};
  rows[2].one_thread = {1, 3.0, 3.5, 0.8, 1.0};
  EXPECT_EQ(ChooseBest(rows, Objective::kP50), "quantize-dynamic");
  EXPECT_DOUBLE_EQ(ObjectiveValue(rows[2], Objective::kP50), 0.8);
}

TEST(ChooseBestTest, ATieGoesToTheSmallerFile) {
  const std::vector<VariantResult> rows{Row(kOriginal, 1000, 5, 50), Row("float16", 500, 3, 30),
                                        Row("quantize-dynamic", 250, 3, 30)};
  EXPECT_EQ(ChooseBest(rows, Objective::kP50), "quantize-dynamic");
}

}  // namespace
}  // namespace ortkit::compress
