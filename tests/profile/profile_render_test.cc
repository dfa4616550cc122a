// Tests of report/profile_render on a stored trace: text tables, --top, JSON, CSV, diff.
#include "report/profile_render.h"

#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace ortkit::report {
namespace {

profile::ProfileRun Stored() {
  profile::ProfileRun run;
  run.summary = profile::Summarize(profile::ReadOrtProfile(std::string(ORTKIT_PROFILE_DATA_DIR) + "/ort_1_30_node_index.json"));
  run.summary.source = "stored.json";
  run.providers = {"CPUExecutionProvider"};
  run.load_us = 23556;
  run.warmup = 1;
  return run;
}

std::string Render(const profile::ProfileRun& run, std::size_t top, Format format) {
  std::ostringstream out;
  RenderProfile(run, top, format, out);
  return out.str();
}

TEST(ProfileRenderTest, TextShowsRunsOpsTopNodesAndProviders) {
  const std::string text = Render(Stored(), 3, Format::kText);
  EXPECT_NE(text.find("trace       stored.json (layout node_index)\n"), std::string::npos) << text;
  EXPECT_NE(text.find("runs        3 profiled, each alone (the first apart; 2 steady, after 1 unprofiled warm-up)\n"),
            std::string::npos) << text;
  EXPECT_NE(text.find("load        23.556 ms (model load and session initialisation, timed by ortkit; not in the "
                      "per-run traces)\n"), std::string::npos) << text;
  EXPECT_NE(text.find("first run   0.976 ms, 0.856 ms in kernels\n"), std::string::npos) << text;
  EXPECT_NE(text.find("  Gemm               CPU           2    20.073      10.037  94.2%         0.015\n"), std::string::npos) << text;
  EXPECT_NE(text.find("by node (steady runs) (top 3 of 11)"), std::string::npos) << text;
  EXPECT_NE(text.find("  CPUExecutionProvider     11    21.157      10.579  99.3%         0.856\n"), std::string::npos) << text;
  EXPECT_NE(text.find("Memcpy nodes: none\nCPU fallback: none\n"), std::string::npos) << text;
}

TEST(ProfileRenderTest, JsonAndCsvHoldEveryNodeWhateverTopSays) {
  const auto doc = nlohmann::json::parse(Render(Stored(), 3, Format::kJson));
  EXPECT_EQ(doc["format"], "ortkit.profile/1");
  EXPECT_EQ(doc["nodes"].size(), 11u);
  EXPECT_EQ(doc["layout"], "node_index");
  EXPECT_EQ(doc["first_run_us"], 976);
  const std::string csv = Render(Stored(), 3, Format::kCsv);
  EXPECT_EQ(csv.substr(0, csv.find('\n')), "kind,name,op_type,provider,count,total_us,mean_us,share,first_run_us");
  EXPECT_NE(csv.find("\nop,Gemm,,CPUExecutionProvider,2,20073,10036.5,"), std::string::npos) << csv;
  std::size_t node_rows = 0;
  for (std::size_t at = csv.find("\nnode,"); at != std::string::npos; at = csv.find("\nnode,", at + 1)) ++node_rows;
  EXPECT_EQ(node_rows, 11u);
}

TEST(ProfileRenderTest, NodeMemoryIsATableAndAJsonList) {
  profile::ProfileRun run = Stored();
  run.node_memory = {{"/conv/Conv", "Conv", 1024, 2048, 3 << 20, 4096}, {"/relu/Relu", "Relu", 0, 0, 512, 0}};
  const std::string text = Render(run, 1, Format::kText);
  EXPECT_NE(text.find("memory per node (one run, ORT's node statistics; most allocated first) (top 1 of 2)"),
            std::string::npos) << text;
  EXPECT_NE(text.find("  /conv/Conv  Conv     3.0 MiB    4.0 KiB  1.0 KiB       2.0 KiB\n"), std::string::npos) << text;
  const auto doc = nlohmann::json::parse(Render(run, 1, Format::kJson));
  ASSERT_EQ(doc["node_memory"].size(), 2u);  // JSON lists every node whatever --top says
  EXPECT_EQ(doc["node_memory"][0]["output_bytes"], 3 << 20);
  EXPECT_EQ(doc["node_memory"][0]["temp_bytes"], 4096);
  EXPECT_EQ(doc["node_memory"][1]["name"], "/relu/Relu");
  EXPECT_EQ(doc["load_us"], 23556);
  EXPECT_EQ(doc["warmup_runs"], 1);
  // Without statistics there is no table.
  EXPECT_EQ(Render(Stored(), 1, Format::kText).find("memory per node"), std::string::npos);
}

TEST(ProfileRenderTest, DiffShowsBothSidesAndTheChange) {
  profile::ProfileSummary a = Stored().summary, b = a;
  b.source = "after.json";
  b.steady_run_us = a.steady_run_us / 2;
  std::ostringstream out;
  RenderProfileDiff(profile::DiffProfiles(a, b), 2, Format::kText, out);
  EXPECT_NE(out.str().find("  change               -50.0%       +0.0%\n"), std::string::npos) << out.str();
  EXPECT_NE(out.str().find("by node (largest change first) (top 2 of 11)"), std::string::npos) << out.str();
}

}  // namespace
}  // namespace ortkit::report
