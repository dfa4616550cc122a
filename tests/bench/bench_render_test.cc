// Tests of report/bench_render: every format of a known result, the matrix and the progress line.
#include "report/bench_render.h"

#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "bench/bench_json.h"

namespace ortkit::report {
namespace {

bench::BenchResult Sample() {
  bench::BenchResult r;
  r.ortkit_version = "0.1.0";
  r.onnxruntime_version = "1.30.0";
  r.spec.model_path = "m.onnx";
  r.spec.iterations = 3;
  r.spec.duration_s = 0;
  r.providers = {"CPUExecutionProvider"};
  r.cold.runs = 2;
  r.cold.first_run = bench::Summarize({4, 6});
  r.cold.second_run = bench::Summarize({1, 1});
  r.cold.new_shape_first_run = {{"batch=2,seq=5", bench::Summarize({2, 2})}};
  bench::PhaseResult phase;
  phase.name = "batch=1,seq=5";
  phase.inputs = {{"x", {1, 5}}};
  phase.requests = 3;
  phase.latency = bench::Summarize({1, 2, 3});
  phase.throughput_per_s = 500;
  r.phases = {phase};
  r.peak_rss_mib = 40;
  r.warnings = {"'batch=1,seq=5': only 3 timed requests; its p99 needs at least 100 to differ from the max"};
  return r;
}

std::string Render(const bench::BenchResult& r, Format format, const bench::RegressionReport* g = nullptr) {
  std::ostringstream out;
  RenderBench(r, g, format, out);
  return out.str();
}

TEST(BenchRenderTest, TextShowsColdStartPhasesAndWarnings) {
  const std::string text = Render(Sample(), Format::kText);
  EXPECT_NE(text.find("first / second run  5.0x"), std::string::npos) << text;
  EXPECT_NE(text.find("cold start (2 fresh processes; ms)"), std::string::npos) << text;
  EXPECT_NE(text.find("  first run batch=2,seq=5"), std::string::npos) << text;
  EXPECT_NE(text.find("batch=1,seq=5  x[1,5]         3  1.000  2.000   1.000  2.000"), std::string::npos) << text;
  EXPECT_NE(text.find("warnings\n  'batch=1,seq=5': only 3"), std::string::npos) << text;
}

TEST(BenchRenderTest, JsonIsTheResultDocumentAndCarriesTheRegression) {
  bench::RegressionReport g;
  g.baseline_path = "old.json";
  g.rows = {{"batch=1,seq=5", 1.0, 2.0, 1.0, true}};
  const auto doc = nlohmann::json::parse(Render(Sample(), Format::kJson, &g));
  EXPECT_EQ(doc["format"], "ortkit.bench/1");
  EXPECT_EQ(doc["regression"]["regressed"], true);
  EXPECT_EQ(doc["regression"]["rows"][0]["phase"], "batch=1,seq=5");
  // What --json prints reads back as a baseline.
  EXPECT_EQ(bench::ResultFromJson(bench::Json::parse(doc.dump()), "x").phases.at(0).requests, 3);
}

TEST(BenchRenderTest, CsvQuotesNamesWithCommasAndKeepsFullPrecision) {
  const std::string csv = Render(Sample(), Format::kCsv);
  EXPECT_EQ(csv.substr(0, csv.find('\n')),
            "kind,name,count,min_ms,mean_ms,stddev_ms,p50_ms,p90_ms,p95_ms,p99_ms,max_ms,throughput_per_s");
  EXPECT_NE(csv.find("\ncold,\"first_run batch=2,seq=5\",2,2,2,0,2,2,2,2,2,\n"), std::string::npos) << csv;
  EXPECT_NE(csv.find("\nsteady,\"batch=1,seq=5\",3,1,2,1,2,2.8,2.9,2.98,3,500\n"), std::string::npos) << csv;
}

TEST(BenchRenderTest, MarkdownHasPipeTablesAndARegressionVerdict) {
  bench::RegressionReport g;
  g.baseline_path = "old.json";
  g.rows = {{"batch=1,seq=5", 2.0, 2.0, 0.0, false}};
  const std::string md = Render(Sample(), Format::kMarkdown, &g);
  EXPECT_NE(md.find("## ortkit bench: m.onnx"), std::string::npos) << md;
  EXPECT_NE(md.find("| step | median | min | max |\n| --- | ---: | ---: | ---: |"), std::string::npos) << md;
  EXPECT_NE(md.find("| batch=1,seq=5 | 2.000 | 2.000 | +0.0% | ok |"), std::string::npos) << md;
}

TEST(BenchRenderTest, MatrixListsCellsInOrderWithFailuresLast) {
  bench::MatrixResult m;
  m.keys = {"arena"};
  m.cells.push_back({{{"arena", "on"}}, Sample(), {}});
  m.cells.push_back({{{"arena", "off"}}, std::nullopt, "while loading 'm.onnx': boom"});
  std::ostringstream text, csv, json;
  RenderMatrix(m, Format::kText, text);
  RenderMatrix(m, Format::kCsv, csv);
  RenderMatrix(m, Format::kJson, json);
  EXPECT_NE(text.str().find("2 configurations, best p50 first"), std::string::npos) << text.str();
  EXPECT_NE(text.str().find("     1  on"), std::string::npos) << text.str();
  EXPECT_NE(text.str().find("     -  off    error: while loading 'm.onnx': boom"), std::string::npos) << text.str();
  EXPECT_NE(csv.str().find("off,,,,,,,,while loading 'm.onnx': boom"), std::string::npos) << csv.str();
  const auto doc = nlohmann::json::parse(json.str());
  EXPECT_EQ(doc["cells"][0]["settings"]["arena"], "on");
  EXPECT_DOUBLE_EQ(doc["cells"][0]["objective_value"].get<double>(), 2.0);
  EXPECT_TRUE(doc["cells"][1]["result"].is_null());
}

TEST(ProgressLineTest, DrawsTheShareDoneAndFitsTheWidth) {
  EXPECT_EQ(ProgressLine({"cold start 1/2", 0.5}, 80), "[############............]  50%  cold start 1/2");
  EXPECT_EQ(ProgressLine({"done", 1.5}, 80), "[########################] 100%  done");
  EXPECT_EQ(ProgressLine({"a long description", 0}, 20).size(), 20u);
}

}  // namespace
}  // namespace ortkit::report
