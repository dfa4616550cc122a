// Tests of output statistics and of the run report's renderers.
#include "cli/output_summary.h"

#include <cmath>
#include <limits>
#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli/run_report.h"

namespace ortkit::cli {
namespace {

TEST(OutputSummaryTest, FloatStatsSkipNanAndInfButCountThem) {
  const float nan = std::numeric_limits<float>::quiet_NaN();
  const float inf = std::numeric_limits<float>::infinity();
  const auto s = SummarizeOutput("y", Tensor::FromVector<float>({1, -3, nan, inf, -inf, 5}, {2, 3}));
  EXPECT_EQ(s.type, "float32");
  EXPECT_EQ(s.shape, (Shape{2, 3}));
  EXPECT_EQ(s.elements, 6);
  ASSERT_TRUE(s.stats);
  EXPECT_EQ(*s.stats->min, -3);
  EXPECT_EQ(*s.stats->max, 5);
  EXPECT_EQ(*s.stats->mean, 1);
  EXPECT_EQ(s.stats->nan, 1);
  EXPECT_EQ(s.stats->inf, 2);
  EXPECT_FALSE(s.stats->integral);
}

TEST(OutputSummaryTest, NoFiniteValuesMeansNoMinMaxMean) {
  const auto empty = SummarizeOutput("e", Tensor::FromVector<float>({}, {0, 4}));
  ASSERT_TRUE(empty.stats);
  EXPECT_FALSE(empty.stats->min);
  EXPECT_FALSE(empty.stats->mean);
  const auto nans = SummarizeOutput("n", Tensor::FromVector<double>({NAN, NAN}, {2}));
  EXPECT_FALSE(nans.stats->max);
  EXPECT_EQ(nans.stats->nan, 2);
}

TEST(OutputSummaryTest, IntegersAndBoolsAreIntegral) {
  const auto ints = SummarizeOutput("i", Tensor::FromVector<int64_t>({-7, 2, 8}, {3}));
  EXPECT_TRUE(ints.stats->integral);
  EXPECT_EQ(*ints.stats->min, -7);
  EXPECT_EQ(*ints.stats->mean, 1);
  const auto bools = SummarizeOutput("b", Tensor::FromBools({true, false, true, true}, {4}));
  EXPECT_EQ(bools.type, "bool");
  EXPECT_EQ(*bools.stats->max, 1);
  EXPECT_EQ(*bools.stats->mean, 0.75);
}

TEST(OutputSummaryTest, Float16IsDecodedIncludingSpecialValues) {
  // 1.0, -2.0, 0.5, a subnormal (2^-24), +inf, nan
  auto raw = std::make_shared<std::vector<uint16_t>>(std::vector<uint16_t>{0x3c00, 0xc000, 0x3800, 0x0001, 0x7c00, 0x7e00});
  const Tensor t = Tensor::Adopt(ElementType::kFloat16, raw->data(), raw->size() * 2, {6}, raw);
  const auto s = SummarizeOutput("h", t);
  EXPECT_EQ(*s.stats->min, -2.0);
  EXPECT_EQ(*s.stats->max, 1.0);
  EXPECT_EQ(s.stats->inf, 1);
  EXPECT_EQ(s.stats->nan, 1);
  EXPECT_DOUBLE_EQ(*s.stats->mean, (1.0 - 2.0 + 0.5 + std::ldexp(1.0, -24)) / 4);
}

TEST(OutputSummaryTest, StringsKeepTheFirstValuesOnly) {
  const auto s = SummarizeOutput("t", Tensor::FromStrings({"a", "b", "c", "d"}, {4}));
  EXPECT_FALSE(s.stats);
  EXPECT_EQ(s.first_strings, (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(s.elements, 4);
}

TEST(OutputSummaryTest, SequencesMapsAndNone) {
  const Value seq = Value::Sequence({Tensor::FromVector<float>({1}, {1}), Tensor::FromVector<float>({2}, {1})});
  const auto s = SummarizeOutput("s", seq);
  EXPECT_EQ(s.kind, ValueKind::kSequence);
  EXPECT_EQ(s.type, "sequence<float32>");
  EXPECT_EQ(s.elements, 2);
  const auto m = SummarizeOutput("m", Value::Map(Tensor::FromVector<int64_t>({1, 2, 3}, {3}),
                                                Tensor::FromVector<float>({1, 2, 3}, {3})));
  EXPECT_EQ(m.type, "map<int64,float32>");
  EXPECT_EQ(m.elements, 3);
  EXPECT_EQ(SummarizeOutput("n", Value::None()).type, "none");
}

TEST(OutputSummaryTest, ComplexGetsANoteInsteadOfStatistics) {
  auto raw = std::make_shared<std::vector<float>>(std::vector<float>{1, 2});
  const auto s = SummarizeOutput("c", Tensor::Adopt(ElementType::kComplex64, raw->data(), 8, {1}, raw));
  EXPECT_FALSE(s.stats);
  EXPECT_EQ(s.note, "no statistics for complex64");
}

RunReport SampleReport() {
  RunReport report;
  report.model = "m.onnx";
  report.providers = {"CPUExecutionProvider"};
  report.load_ms = 1.5;
  report.run_ms = 0.25;
  report.inputs = {InputSummary{"x", ValueKind::kTensor, "float32", {2, 3}, 6, "random(0)"}};
  const float nan = std::numeric_limits<float>::quiet_NaN();
  report.outputs = {SummarizeOutput("y", Tensor::FromVector<float>({0.5f, nan, -1.25f}, {3})),
                    SummarizeOutput("k", Tensor::FromVector<int64_t>({3, 9}, {2})),
                    SummarizeOutput("t", Tensor::FromStrings({"s0", "s1", "s2", "s3"}, {4})),
                    SummarizeOutput("q", Value::Sequence({Tensor::FromVector<float>({1}, {1})}))};
  return report;
}

TEST(RunReportTest, TextRendersAlignedTablesAndStringNotes) {
  std::ostringstream out;
  RenderRunText(SampleReport(), out);
  EXPECT_EQ(out.str(),
            "model      m.onnx\n"
            "providers  CPUExecutionProvider\n"
            "load       1.50 ms\n"
            "run        0.25 ms\n"
            "\n"
            "inputs\n"
            "  name  type     shape  source\n"
            "  x     float32  [2,3]  random(0)\n"
            "\n"
            "outputs\n"
            "  name  type               shape        min  max    mean  nan  inf\n"
            "  y     float32            [3]        -1.25  0.5  -0.375    1    0\n"
            "  k     int64              [2]            3    9       6    0    0\n"
            "  t     string             [4]            -    -       -    -    -\n"
            "  q     sequence<float32>  1 element      -    -       -    -    -\n"
            "  t: \"s0\", \"s1\", \"s2\", ... (4 strings)\n");
}

TEST(RunReportTest, JsonHasTheDocumentedFields) {
  std::ostringstream out;
  RenderRunJson(SampleReport(), out);
  const auto doc = nlohmann::json::parse(out.str());
  EXPECT_EQ(doc["model"], "m.onnx");
  EXPECT_EQ(doc["load_ms"], 1.5);
  EXPECT_EQ(doc["inputs"][0]["source"], "random(0)");
  const auto& y = doc["outputs"][0];
  EXPECT_EQ(y["min"], -1.25);
  EXPECT_EQ(y["nan"], 1);
  EXPECT_EQ(doc["outputs"][1]["max"], 9);
  EXPECT_TRUE(doc["outputs"][1]["max"].is_number_integer());
  EXPECT_EQ(doc["outputs"][2]["first"], (std::vector<std::string>{"s0", "s1", "s2"}));
  EXPECT_EQ(doc["outputs"][3]["kind"], "sequence");
  EXPECT_EQ(doc["outputs"][3]["elements"], 1);
  EXPECT_FALSE(doc.contains("saved"));
}

TEST(RunReportTest, JsonSurvivesInvalidUtf8InNames) {
  RunReport report = SampleReport();
  report.outputs[0].name = "bad\xff";
  std::ostringstream out;
  RenderRunJson(report, out);
  EXPECT_NO_THROW(nlohmann::json::parse(out.str()));
}

}  // namespace
}  // namespace ortkit::cli
