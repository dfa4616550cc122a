// Tests of CompareOutputs: tolerances, NaN/Inf, exact types, shapes, sequences, missing outputs.
#include "compare/compare.h"

#include <cmath>
#include <cstdint>
#include <limits>
#include <memory>

#include <gtest/gtest.h>

#include "ortkit/error.h"

namespace ortkit::compare {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

NamedValues One(const std::string& name, Value value) { return {NamedValue{name, std::move(value)}}; }

Value Doubles(std::vector<double> values) {
  const auto n = static_cast<int64_t>(values.size());
  return Tensor::FromVector(std::move(values), {n});
}

// float16 from its bits (ortkit has no C++ half type).
Value Halves(std::vector<uint16_t> bits) {
  auto owned = std::make_shared<std::vector<uint16_t>>(std::move(bits));
  const auto n = static_cast<int64_t>(owned->size());
  void* data = owned->data();
  return Tensor::Adopt(ElementType::kFloat16, data, owned->size() * 2, {n}, owned);
}

TEST(CompareTest, EqualOutputsPassWithZeroError) {
  const auto a = One("y", Tensor::FromVector<float>({1, 2, 3, 4, 5, 6}, {2, 3}));
  const Comparison c = CompareOutputs(a, a);
  ASSERT_EQ(c.outputs.size(), 1u);
  const OutputDiff& d = c.outputs[0];
  EXPECT_TRUE(c.pass);
  EXPECT_TRUE(d.pass);
  EXPECT_EQ(d.name, "y");
  EXPECT_EQ(d.type_a, "float32");
  EXPECT_EQ(d.shape_b, (Shape{2, 3}));
  EXPECT_EQ(d.elements, 6);
  EXPECT_EQ(d.max_abs, 0);
  EXPECT_EQ(d.max_rel, 0);
  EXPECT_EQ(d.mismatches, 0);
  EXPECT_EQ(d.note, "");
}

TEST(CompareTest, ADifferenceBeyondTheToleranceIsAMismatchWithItsFigures) {
  const Comparison c = CompareOutputs(One("y", Doubles({1, 2, 3.5})), One("y", Doubles({1, 2, 3})));
  const OutputDiff& d = c.outputs[0];
  EXPECT_FALSE(c.pass);
  EXPECT_EQ(d.mismatches, 1);
  EXPECT_DOUBLE_EQ(d.max_abs, 0.5);
  EXPECT_DOUBLE_EQ(d.max_rel, 0.5 / 3);
}

TEST(CompareTest, TheToleranceIsAtolPlusRtolTimesTheReference) {
  const Tolerance tolerance{0.5, 1.0};  // rtol, atol: allowed |a-b| <= 1 + 0.5*|b|
  EXPECT_TRUE(CompareOutputs(One("y", Doubles({2.5})), One("y", Doubles({1.0})), tolerance).pass);  // 1.5 <= 1.5
  EXPECT_FALSE(CompareOutputs(One("y", Doubles({2.625})), One("y", Doubles({1.0})), tolerance).pass);
}

TEST(CompareTest, RelativeToleranceUsesSideBAsTheReference) {
  const Tolerance tolerance{0.5, 0.0};
  // |4-2| = 2 > 0.5*2 = 1, but |2-4| = 2 <= 0.5*4 = 2: the order matters, as in numpy.isclose.
  EXPECT_FALSE(CompareOutputs(One("y", Doubles({4})), One("y", Doubles({2})), tolerance).pass);
  EXPECT_TRUE(CompareOutputs(One("y", Doubles({2})), One("y", Doubles({4})), tolerance).pass);
}

TEST(CompareTest, NanMatchesNanAndIsCountedOnEachSide) {
  const Comparison c = CompareOutputs(One("y", Doubles({kNaN, kNaN, 1})), One("y", Doubles({kNaN, 1, 1})));
  const OutputDiff& d = c.outputs[0];
  EXPECT_EQ(d.nan_a, 2);
  EXPECT_EQ(d.nan_b, 1);
  EXPECT_EQ(d.mismatches, 1);  // NaN vs 1 only
  EXPECT_EQ(d.max_abs, 0);     // NaN pairs are no figure
}

TEST(CompareTest, InfinityMatchesOnlyTheSameInfinity) {
  const Comparison c = CompareOutputs(One("y", Doubles({kInf, kInf, -kInf})), One("y", Doubles({kInf, -kInf, 5})));
  const OutputDiff& d = c.outputs[0];
  EXPECT_EQ(d.inf_a, 3);
  EXPECT_EQ(d.inf_b, 2);
  EXPECT_EQ(d.mismatches, 2);
  EXPECT_EQ(d.max_abs, 0);
}

TEST(CompareTest, Float16IsWidenedBeforeComparing) {
  // 0x3c00 = 1.0, 0x3c01 = 1.0009765625, 0x7e00 = NaN.
  const Comparison c = CompareOutputs(One("h", Halves({0x3c00, 0x3c01, 0x7e00})), One("h", Halves({0x3c00, 0x3c00, 0x7e00})),
                                      Tolerance{0, 1e-4});
  const OutputDiff& d = c.outputs[0];
  EXPECT_EQ(d.type_a, "float16");
  EXPECT_EQ(d.mismatches, 1);
  EXPECT_DOUBLE_EQ(d.max_abs, 0.0009765625);
  EXPECT_EQ(d.nan_a, 1);
}

TEST(CompareTest, IntegersCompareExactlyEvenBeyondDoublePrecision) {
  const int64_t big = (int64_t{1} << 53) + 1;  // rounds to 2^53 as a double
  const auto a = One("i", Tensor::FromVector<int64_t>({big, 7}, {2}));
  const auto b = One("i", Tensor::FromVector<int64_t>({big - 1, 7}, {2}));
  const OutputDiff d = CompareOutputs(a, b, Tolerance{1, 1}).outputs[0];
  EXPECT_FALSE(d.pass);
  EXPECT_EQ(d.mismatches, 1);
  EXPECT_EQ(d.note, "exact");
}

TEST(CompareTest, BoolsAndStringsCompareExactly) {
  EXPECT_FALSE(CompareOutputs(One("b", Tensor::FromBools({true, false}, {2})),
                              One("b", Tensor::FromBools({true, true}, {2})))
                   .pass);
  const OutputDiff d = CompareOutputs(One("s", Tensor::FromStrings({"a", "b"}, {2})),
                                      One("s", Tensor::FromStrings({"a", "c"}, {2})))
                           .outputs[0];
  EXPECT_EQ(d.elements, 2);
  EXPECT_EQ(d.mismatches, 1);
  EXPECT_EQ(d.note, "exact");
}

TEST(CompareTest, ShapeAndTypeDifferencesFailWithANote) {
  const OutputDiff shape = CompareOutputs(One("y", Tensor::FromVector<float>({1, 2, 3, 4, 5, 6}, {2, 3})),
                                          One("y", Tensor::FromVector<float>({1, 2, 3, 4, 5, 6}, {3, 2})))
                               .outputs[0];
  EXPECT_FALSE(shape.pass);
  EXPECT_EQ(shape.note, "shape [2,3] vs [3,2]");
  EXPECT_EQ(shape.mismatches, 6);
  const OutputDiff type = CompareOutputs(One("y", Tensor::FromVector<float>({1}, {1})),
                                         One("y", Tensor::FromVector<double>({1}, {1})))
                              .outputs[0];
  EXPECT_FALSE(type.pass);
  EXPECT_EQ(type.note, "type float32 vs float64");
}

TEST(CompareTest, EmptyTensorsOfDifferentShapesFail) {
  const OutputDiff d = CompareOutputs(One("y", Tensor::FromVector<float>({}, {0, 3})),
                                      One("y", Tensor::FromVector<float>({}, {3, 0})))
                           .outputs[0];
  EXPECT_FALSE(d.pass);
  EXPECT_EQ(d.note, "shape [0,3] vs [3,0]");
}

TEST(CompareTest, OutputsOnOneSideOnlyFailAndAreListedAfterTheCommonOnes) {
  NamedValues a = One("y", Doubles({1}));
  a.push_back(NamedValue{"only_a", Doubles({1})});
  NamedValues b = One("only_b", Doubles({1}));
  b.push_back(NamedValue{"y", Doubles({1})});
  const Comparison c = CompareOutputs(a, b);
  ASSERT_EQ(c.outputs.size(), 3u);
  EXPECT_TRUE(c.outputs[0].pass);
  EXPECT_EQ(c.outputs[1].name, "only_a");
  EXPECT_EQ(c.outputs[1].note, "only in A");
  EXPECT_EQ(c.outputs[1].type_b, "missing");
  EXPECT_EQ(c.outputs[2].name, "only_b");
  EXPECT_EQ(c.outputs[2].note, "only in B");
  EXPECT_FALSE(c.pass);
}

TEST(CompareTest, SequencesCompareElementByElement) {
  const Value a = Value::Sequence({Doubles({1, 2}), Doubles({3})});
  const Value b = Value::Sequence({Doubles({1, 2}), Doubles({3.25})});
  const OutputDiff d = CompareOutputs(One("s", a), One("s", b)).outputs[0];
  EXPECT_EQ(d.type_a, "sequence<float64>");
  EXPECT_EQ(d.elements, 3);
  EXPECT_EQ(d.mismatches, 1);
  EXPECT_DOUBLE_EQ(d.max_abs, 0.25);
  const OutputDiff length = CompareOutputs(One("s", a), One("s", Value::Sequence({Doubles({1, 2})}))).outputs[0];
  EXPECT_FALSE(length.pass);
  EXPECT_EQ(length.note, "length 2 vs 1");
}

TEST(CompareTest, NoneEqualsNoneButNotATensor) {
  EXPECT_TRUE(CompareOutputs(One("o", Value::None()), One("o", Value::None())).pass);
  const OutputDiff d = CompareOutputs(One("o", Value::None()), One("o", Doubles({1}))).outputs[0];
  EXPECT_FALSE(d.pass);
  EXPECT_EQ(d.note, "kind optional vs tensor");
}

TEST(CompareTest, NegativeOrNonFiniteTolerancesAreRefusedNamingTheField) {
  try {
    Tolerance{-1, 0}.Validate();
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.category(), ErrorCategory::kConfig);
    EXPECT_STREQ(e.what(), "tolerance rtol: expected a finite number >= 0, got -1");
  }
  try {
    Tolerance{0, kNaN}.Validate();
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "tolerance atol: expected a finite number >= 0, got nan");
  }
  EXPECT_NO_THROW(Tolerance{}.Validate());
}

}  // namespace
}  // namespace ortkit::compare
