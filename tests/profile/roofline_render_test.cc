// Tests of report/profile_render_roofline: the roofline section in text, Markdown and JSON, on a
// hand-made roofline (one MatMul at 8 of 10 GFLOP/s, one node without a cost).
#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "report/profile_render.h"

namespace ortkit::report {
namespace {

profile::Roofline Fake(bool with_ceilings) {
  profile::ProfileSummary s;
  s.steady_runs = 1;
  s.steady_run_us = 1000;
  profile::TimeRow mm{"mm", "MatMul", "CPUExecutionProvider", 1, 500, 500, 0.5, 600};
  profile::TimeRow topk{"topk", "TopK", "CPUExecutionProvider", 1, 100, 100, 0.1, 100};
  s.nodes = {mm, topk};
  graph::ModelCost cost;
  graph::NodeCost c;
  c.name = "mm";
  c.op_type = "MatMul";
  c.flops = 4'000'000;
  c.param_bytes = 200'000;
  c.activation_bytes_read = 100'000;
  c.activation_bytes_written = 100'000;
  cost.nodes.push_back(c);
  std::optional<profile::MachineCeilings> ceilings;
  if (with_ceilings) {
    ceilings.emplace();
    ceilings->key = profile::CeilingKey{"Test CPU", 2, "1.30.0", 2};
    ceilings->gemm_gflops = 10;
    ceilings->bandwidth_gbs = 5;
    ceilings->gemm_n = 1024;
    ceilings->stream_bytes = 128u << 20;
    ceilings->repeats = 5;
    ceilings->measured_at = "2026-01-02T03:04:05Z";
    ceilings->origin = "measured now";
  }
  return profile::ComputeRoofline(s, cost, ceilings);
}

std::string Render(const profile::Roofline& r, Format format) {
  std::ostringstream out;
  RenderRoofline(r, 10, format, out);
  return out.str();
}

TEST(RooflineRenderTest, TextShowsCeilingsRidgeOpTableNodesWithoutAPointAndAssumptions) {
  const std::string text = Render(Fake(true), Format::kText);
  EXPECT_NE(text.find("ceilings      10.00 GFLOP/s (MatMul float32 [1024,1024]x[1024,1024]), 5.00 GB/s (Add float32, "
                      "3 x 128.0 MiB), 2 intra-op threads; medians of 5 runs; measured now, measured "
                      "2026-01-02T03:04:05Z\n"), std::string::npos) << text;
  EXPECT_NE(text.find("ridge point   2.00 FLOP/byte"), std::string::npos) << text;
  EXPECT_NE(text.find("nodes placed  1 of 2; 10.0% of the steady run in nodes without a point"), std::string::npos) << text;
  EXPECT_NE(text.find("op types furthest below their ceiling"), std::string::npos) << text;
  // 50% of the run at 80% of its roof: 10% of the run to win back.
  EXPECT_NE(text.find("  MatMul       1       0.500         50.0%     8.00  0.80      10.00  compute    80.0%    10.0% of run\n"),
            std::string::npos) << text;
  EXPECT_NE(text.find("  topk  TopK     CPU              10.0%  not in the model as written"), std::string::npos) << text;
  EXPECT_NE(text.find("assumption: FLOPs as `inspect --cost` counts them: one multiply-add = 1 FLOP"), std::string::npos)
      << text;
  EXPECT_NE(text.find("at 2 intra-op threads"), std::string::npos) << text;
  EXPECT_NE(text.find("CPU turbo, frequency scaling and other tenants move both ceilings"), std::string::npos) << text;
}

TEST(RooflineRenderTest, WithoutCeilingsTheTextSaysSoAndShowsNoShare) {
  const std::string text = Render(Fake(false), Format::kText);
  EXPECT_NE(text.find("ceilings      not measured (--no-ceilings)"), std::string::npos) << text;
  EXPECT_EQ(text.find("ridge point"), std::string::npos) << text;
  EXPECT_NE(text.find("unknown        -"), std::string::npos) << text;
}

TEST(RooflineRenderTest, MarkdownHasAHeadingAndPipeTables) {
  const std::string md = Render(Fake(true), Format::kMarkdown);
  EXPECT_NE(md.find("## roofline\n\n- ceilings: 10.00 GFLOP/s"), std::string::npos) << md;
  EXPECT_NE(md.find("| MatMul |"), std::string::npos) << md;
  EXPECT_NE(md.find("- assumption: "), std::string::npos) << md;
}

TEST(RooflineRenderTest, JsonHoldsCeilingsOpsAndEveryNodeWithItsPointOrReason) {
  const nlohmann::json j = nlohmann::json::parse(RooflineJson(Fake(true)).dump());
  EXPECT_EQ(j["ceilings"]["gemm_gflops"], 10.0);
  EXPECT_EQ(j["ceilings"]["ridge_flop_per_byte"], 2.0);
  EXPECT_EQ(j["ceilings"]["threads"], 2);
  EXPECT_EQ(j["ops"][0]["op_type"], "MatMul");
  EXPECT_DOUBLE_EQ(j["ops"][0]["point"]["of_roof"].get<double>(), 0.8);
  EXPECT_EQ(j["ops"][0]["point"]["bound"], "compute");
  ASSERT_EQ(j["nodes"].size(), 2u);
  EXPECT_DOUBLE_EQ(j["nodes"][0]["point"]["gflops"].get<double>(), 8.0);
  EXPECT_TRUE(j["nodes"][1]["point"].is_null());
  EXPECT_EQ(j["nodes"][1]["unknown_reason"], "not in the model as written (ORT's optimiser fused, renamed or added it)");
  EXPECT_FALSE(j["assumptions"].empty());
  EXPECT_TRUE(nlohmann::json::parse(RooflineJson(Fake(false)).dump())["ceilings"].is_null());
}

TEST(RooflineRenderTest, ProfileJsonCarriesTheRooflineOnlyWhenAskedFor) {
  profile::ProfileRun run;
  const profile::Roofline r = Fake(true);
  std::ostringstream with, without;
  RenderProfile(run, 10, Format::kJson, with, &r);
  RenderProfile(run, 10, Format::kJson, without);
  EXPECT_TRUE(nlohmann::json::parse(with.str()).contains("roofline"));
  EXPECT_FALSE(nlohmann::json::parse(without.str()).contains("roofline"));
}

}  // namespace
}  // namespace ortkit::report
