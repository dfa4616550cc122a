// Tests of profile/profile_summary: known figures of the stored traces, first run apart,
// Memcpy and CPU-fallback nodes.
#include "profile/profile_summary.h"

#include <gtest/gtest.h>

namespace ortkit::profile {
namespace {

const std::string kDataDir = ORTKIT_PROFILE_DATA_DIR;

const TimeRow& Row(const std::vector<TimeRow>& rows, const std::string& name) {
  for (const auto& r : rows) {
    if (r.name == name) return r;
  }
  ADD_FAILURE() << "no row " << name;
  return rows.front();
}

void ExpectStoredTraceFigures(const ProfileSummary& s) {
  EXPECT_EQ(s.runs, 3);
  EXPECT_EQ(s.steady_runs, 2);
  EXPECT_EQ(s.model_load_us, 591);
  EXPECT_EQ(s.session_init_us, 23556);
  EXPECT_EQ(s.first_run_us, 976);
  EXPECT_EQ(s.first_run_kernel_us, 856);
  EXPECT_DOUBLE_EQ(s.steady_run_us, (20709 + 602) / 2.0);
  EXPECT_DOUBLE_EQ(s.steady_kernel_us, (20623 + 534) / 2.0);
  ASSERT_EQ(s.ops.size(), 8u);
  EXPECT_EQ(s.ops[0].name, "Gemm");  // the preempted second run made it the slowest
  EXPECT_EQ(s.ops[0].total_us, 20073);
  EXPECT_DOUBLE_EQ(s.ops[0].mean_us, 20073 / 2.0);
  EXPECT_EQ(s.ops[0].first_us, 15);
  EXPECT_DOUBLE_EQ(s.ops[0].share, (20073 / 2.0) / s.steady_run_us);
  const TimeRow& conv = Row(s.ops, "FusedConv");
  EXPECT_EQ(conv.count, 6);  // three FusedConv nodes in each of the two steady runs
  EXPECT_EQ(conv.total_us, 968);
  EXPECT_DOUBLE_EQ(conv.mean_us, 968 / 2.0);
  EXPECT_EQ(conv.first_us, 778);
  EXPECT_EQ(s.nodes.size(), 11u);
  EXPECT_EQ(Row(s.nodes, "/conv1/Conv").op_type, "FusedConv");
  ASSERT_EQ(s.providers.size(), 1u);
  EXPECT_EQ(s.providers[0].count, 11);  // distinct nodes
  EXPECT_TRUE(s.memcpy_nodes.empty());
  EXPECT_TRUE(s.cpu_fallback_nodes.empty());  // only the CPU was there
  EXPECT_TRUE(s.notes.empty());
}

TEST(ProfileSummaryTest, NodeIndexTraceGivesItsKnownFigures) {
  const ProfileSummary s = Summarize(ReadOrtProfile(kDataDir + "/ort_1_30_node_index.json"));
  EXPECT_EQ(s.layout, TraceLayout::kNodeIndex);
  ExpectStoredTraceFigures(s);
}

TEST(ProfileSummaryTest, GraphIndexTraceGivesTheSameFigures) {
  const ProfileSummary s = Summarize(ReadOrtProfile(kDataDir + "/legacy_graph_index.json"));
  EXPECT_EQ(s.layout, TraceLayout::kGraphIndex);
  ExpectStoredTraceFigures(s);
}

TEST(ProfileSummaryTest, CpuNodesBesideAnotherProviderAreFallbackAndMemcpyIsListed) {
  ProfileTrace t;
  t.session_events = {{"model_run", 0, 100}, {"model_run", 200, 100}};
  for (int64_t start : {0, 200}) {
    t.kernels.push_back({"Memcpy", "MemcpyFromHost", "WebGpuExecutionProvider", 1, -1, start + 1, 5, 0});
    t.kernels.push_back({"conv", "Conv", "WebGpuExecutionProvider", 2, -1, start + 10, 50, 0});
    t.kernels.push_back({"topk", "TopK", "CPUExecutionProvider", 3, -1, start + 70, 20, 0});
  }
  t.kernels.push_back({"late", "Add", "CPUExecutionProvider", 4, -1, 900, 1, 0});  // outside every run
  const ProfileSummary s = Summarize(t);
  EXPECT_EQ(s.requested_providers, (std::vector<std::string>{"CPUExecutionProvider", "WebGpuExecutionProvider"}));
  ASSERT_EQ(s.cpu_fallback_nodes.size(), 1u);
  EXPECT_EQ(s.cpu_fallback_nodes[0].name, "topk");
  ASSERT_EQ(s.memcpy_nodes.size(), 1u);
  EXPECT_EQ(s.memcpy_nodes[0].name, "Memcpy");
  EXPECT_EQ(s.notes, (std::vector<std::string>{"1 kernel events outside every model_run span were left out"}));
  EXPECT_EQ(Row(s.ops, "Conv").provider, "WebGpuExecutionProvider");
  // Asked for the CPU only, nothing is a fallback.
  EXPECT_TRUE(Summarize(t, {"CPUExecutionProvider"}).cpu_fallback_nodes.empty());
}

TEST(ProfileSummaryTest, WithoutRunSpansTheTraceIsOneRun) {
  ProfileTrace t;
  t.kernels = {{"a", "Add", "CPUExecutionProvider", 0, -1, 10, 4, 0}, {"b", "Mul", "CPUExecutionProvider", 1, -1, 20, 6, 0}};
  const ProfileSummary s = Summarize(t);
  EXPECT_EQ(s.runs, 1);
  EXPECT_EQ(s.steady_runs, 1);
  EXPECT_DOUBLE_EQ(s.steady_run_us, 16);
  EXPECT_EQ(s.first_run_kernel_us, 10);
  EXPECT_EQ(s.notes, (std::vector<std::string>{"no model_run spans: the whole trace counts as one run"}));
  EXPECT_EQ(s.ops[0].name, "Mul");
}

}  // namespace
}  // namespace ortkit::profile
