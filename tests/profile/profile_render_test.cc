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
  return run;
}

std::string Render(const profile::ProfileRun& run, std::size_t top, Format format) {
  std::ostringstream out;
  RenderProfile(run, top, format, out);
  return out.str();
}

TEST(ProfileRenderTest, TextShowsRunsOpsTopNodesAndProviders) {
  const std::string text = Render(Stored(), 3, Format::kText);
  EXPECT_NE(text.find("trace         stored.json (layout node_index)\n"), std::string::npos) << text;
  EXPECT_NE(text.find("runs          3 (the first apart; 2 steady)\n"), std::string::npos) << text;
  EXPECT_NE(text.find("first run     0.976 ms, 0.856 ms in kernels\n"), std::string::npos) << text;
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
