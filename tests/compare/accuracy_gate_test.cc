// Tests of the accuracy gate: cosine, errors, top-1/top-5 on score outputs, exact outputs, and
// the failures it reports.
#include "compare/accuracy_gate.h"

#include <cmath>
#include <limits>

#include <gtest/gtest.h>

#include "ortkit/error.h"

namespace ortkit::compare {
namespace {

NamedValues One(const std::string& name, Value value) { return {NamedValue{name, std::move(value)}}; }

Value Floats(std::vector<float> values, Shape shape) { return Tensor::FromVector(std::move(values), std::move(shape)); }

TEST(AccuracyGateTest, IdenticalOutputsPassWithCosineOneAndFullAgreement) {
  AccuracyGate gate({});
  const Value scores = Floats({0.1f, 0.9f, 0.3f, 0.7f, 0.2f, 0.5f}, {2, 3});
  gate.Add(One("scores", scores), One("scores", scores));
  gate.Add(One("scores", scores), One("scores", scores));
  const GateResult r = gate.Result(7);
  ASSERT_EQ(r.outputs.size(), 1u);
  const AccuracyMetrics& m = r.outputs[0];
  EXPECT_TRUE(r.passed);
  EXPECT_EQ(r.samples, 2);
  EXPECT_EQ(r.first_seed, 7u);
  EXPECT_DOUBLE_EQ(m.cosine, 1.0);
  EXPECT_TRUE(m.scores);
  EXPECT_EQ(m.rows, 4);
  EXPECT_EQ(m.top1_disagreements, 0);
  EXPECT_DOUBLE_EQ(m.top5_overlap, 1.0);
  EXPECT_EQ(m.elements, 12);
}

TEST(AccuracyGateTest, OneFlippedArgmaxInFourRowsFailsTheDefaultButNotALooserLimit) {
  // A near tie in the last row flips: cosine stays near 1, top-1 catches it.
  const Value reference = Floats({0.5f, 0.49f, 0.01f, 0.5f, 0.49f, 0.01f, 0.5f, 0.49f, 0.01f, 0.5f, 0.49f, 0.01f}, {4, 3});
  const Value candidate = Floats({0.5f, 0.49f, 0.01f, 0.5f, 0.49f, 0.01f, 0.5f, 0.49f, 0.01f, 0.49f, 0.5f, 0.01f}, {4, 3});
  AccuracyGate strict({});
  strict.Add(One("p", candidate), One("p", reference));
  const GateResult r = strict.Result();
  EXPECT_FALSE(r.passed);
  EXPECT_DOUBLE_EQ(r.outputs[0].top1_disagreement(), 0.25);
  EXPECT_EQ(r.outputs[0].failure, "top-1 disagreement 25.00% > 1%");
  EXPECT_GT(r.outputs[0].cosine, 0.99);

  GateOptions loose;
  loose.max_top1_disagreement = 0.3;
  loose.min_cosine = 0.5;
  AccuracyGate gate(loose);
  gate.Add(One("p", candidate), One("p", reference));
  EXPECT_TRUE(gate.Result().passed);
}

TEST(AccuracyGateTest, LowCosineFailsWithItsFigure) {
  AccuracyGate gate({});
  gate.Add(One("y", Floats({1, 0}, {2, 1})), One("y", Floats({0, 1}, {2, 1})));  // last axis 1: no scores
  const GateResult r = gate.Result();
  EXPECT_FALSE(r.passed);
  EXPECT_FALSE(r.outputs[0].scores);
  EXPECT_DOUBLE_EQ(r.outputs[0].cosine, 0.0);
  EXPECT_EQ(r.outputs[0].failure, "cosine 0.0000 < 0.99");
  EXPECT_DOUBLE_EQ(r.outputs[0].max_abs, 1.0);
}

TEST(AccuracyGateTest, NaNWhereTheOriginalIsFiniteFails) {
  AccuracyGate gate({});
  gate.Add(One("y", Floats({1, std::nanf("")}, {2})), One("y", Floats({1, 2}, {2})));
  const GateResult r = gate.Result();
  EXPECT_FALSE(r.passed);
  EXPECT_TRUE(std::isnan(r.outputs[0].cosine));
  EXPECT_EQ(r.outputs[0].failure, "NaN or infinity where the original is finite");
}

TEST(AccuracyGateTest, ShapeDifferencesAndMissingOutputsFailWithCompareNotes) {
  AccuracyGate gate({});
  NamedValues candidate{NamedValue{"a", Floats({1, 2}, {2})}};
  NamedValues reference{NamedValue{"a", Floats({1, 2}, {1, 2})}, NamedValue{"b", Floats({1}, {1})}};
  gate.Add(candidate, reference);
  const GateResult r = gate.Result();
  EXPECT_FALSE(r.passed);
  ASSERT_EQ(r.outputs.size(), 2u);
  EXPECT_EQ(r.outputs[0].failure, "shape [2] vs [1,2]");
  EXPECT_EQ(r.outputs[1].failure, "only in B");
}

TEST(AccuracyGateTest, IntegerOutputsAreComparedExactly) {
  AccuracyGate gate({});
  gate.Add(One("ids", Tensor::FromVector(std::vector<int64_t>{1, 2, 3, 4}, {4})),
           One("ids", Tensor::FromVector(std::vector<int64_t>{1, 2, 3, 5}, {4})));
  const GateResult r = gate.Result();
  EXPECT_FALSE(r.passed);
  EXPECT_EQ(r.outputs[0].note, "exact");
  EXPECT_EQ(r.outputs[0].mismatches, 1);
  EXPECT_EQ(r.outputs[0].failure, "1 of 4 elements differ (compared exactly)");
}

TEST(AccuracyGateTest, TopFiveOverlapCountsSharedIndices) {
  // Reference top 5 of 6: 5,4,3,2,1; candidate's: 0,5,4,3,2 -> 4 shared.
  AccuracyGate gate({});
  gate.Add(One("s", Floats({9, 1, 2, 3, 4, 5}, {1, 6})), One("s", Floats({0, 1, 2, 3, 4, 5}, {1, 6})));
  const GateResult r = gate.Result();
  EXPECT_DOUBLE_EQ(r.outputs[0].top5_overlap, 0.8);
  EXPECT_EQ(r.outputs[0].top1_disagreements, 1);
}

TEST(AccuracyGateTest, NoSampleIsNoPass) { EXPECT_FALSE(AccuracyGate({}).Result().passed); }

TEST(AccuracyGateTest, ValidateNamesTheFlagAndTheValue) {
  const auto error = [](GateOptions o) {
    try {
      o.Validate();
    } catch (const Error& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  GateOptions o;
  EXPECT_EQ(error(o), "");
  o.samples = 0;
  EXPECT_EQ(error(o), "--samples 0: at least 1 input set is needed");
  o = {};
  o.min_cosine = 1.5;
  EXPECT_EQ(error(o), "--min-cosine 1.5: expected a number in [-1, 1]");
  o = {};
  o.max_top1_disagreement = std::nan("");
  EXPECT_EQ(error(o), "--max-top1-disagreement nan: expected a fraction in [0, 1] (0.01 is 1%)");
}

}  // namespace
}  // namespace ortkit::compare
