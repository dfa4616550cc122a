// Tests of profile/roofline: a fake profile and hand-written costs whose achieved rates, bounds
// and shares are computed by hand below.
#include "profile/roofline.h"

#include <gtest/gtest.h>

namespace ortkit::profile {
namespace {

TimeRow NodeRow(const std::string& name, const std::string& op_type, double mean_us,
                const std::string& provider = "CPUExecutionProvider") {
  TimeRow row;
  row.name = name;
  row.op_type = op_type;
  row.provider = provider;
  row.count = 2;  // once in each of the 2 steady runs
  row.total_us = static_cast<int64_t>(mean_us * 2);
  row.mean_us = mean_us;
  return row;
}

graph::NodeCost Cost(const std::string& name, const std::string& op_type, std::optional<uint64_t> flops,
                     uint64_t params, uint64_t read, uint64_t written) {
  graph::NodeCost c;
  c.name = name;
  c.op_type = op_type;
  c.flops = flops;
  c.param_bytes = params;
  c.activation_bytes_read = read;
  c.activation_bytes_written = written;
  if (!flops) c.unknown_reason = "no cost model for op '" + op_type + "'";
  return c;
}

// A 1 ms steady run: MatMul 500 us, Add 250 us, TopK 100 us (no cost model), a node ORT made
// 50 us (not in the model), and Relu 0 us.
ProfileSummary FakeSummary() {
  ProfileSummary s;
  s.runs = 3;
  s.steady_runs = 2;
  s.steady_run_us = 1000;
  s.nodes = {NodeRow("mm", "MatMul", 500), NodeRow("add", "Add", 250), NodeRow("topk", "TopK", 100),
             NodeRow("mm_fused/MatMulAddFusion", "Gemm", 50), NodeRow("relu", "Relu", 0)};
  return s;
}

graph::ModelCost FakeCost() {
  graph::ModelCost cost;
  cost.nodes = {Cost("mm", "MatMul", 4'000'000, 200'000, 100'000, 100'000),  // 400 kB: 10 FLOP/byte
                Cost("add", "Add", 100'000, 0, 800'000, 400'000),            // 1.2 MB: 1/12 FLOP/byte
                Cost("topk", "TopK", std::nullopt, 0, 4'000, 800), Cost("relu", "Relu", 100, 0, 400, 400)};
  return cost;
}

// 10 GFLOP/s and 5 GB/s: the ridge is at 2 FLOP/byte.
MachineCeilings FakeCeilings() {
  MachineCeilings c;
  c.key = CeilingKey{"Test CPU", 2, "1.30.0", 2};
  c.gemm_gflops = 10;
  c.bandwidth_gbs = 5;
  return c;
}

const RooflineNode& Node(const Roofline& r, const std::string& name) {
  for (const RooflineNode& node : r.nodes) {
    if (node.name == name) return node;
  }
  throw std::runtime_error("no node " + name);
}

TEST(RooflineTest, MatMulOfKnownFlopsAndTimeIsComputeBoundAtEightyPercentOfItsRoof) {
  const Roofline r = ComputeRoofline(FakeSummary(), FakeCost(), FakeCeilings());
  const RooflineNode& mm = Node(r, "mm");
  ASSERT_TRUE(mm.point) << mm.unknown_reason;
  // 4e6 FLOPs in 500 us = 8 GFLOP/s; 4e5 bytes in 500 us = 0.8 GB/s; roof min(10, 10 x 5) = 10.
  EXPECT_DOUBLE_EQ(mm.point->gflops, 8.0);
  EXPECT_DOUBLE_EQ(mm.point->gbs, 0.8);
  EXPECT_DOUBLE_EQ(mm.point->intensity, 10.0);
  EXPECT_DOUBLE_EQ(*mm.point->attainable_gflops, 10.0);
  EXPECT_DOUBLE_EQ(*mm.point->of_roof, 0.8);
  EXPECT_EQ(mm.point->bound, Bound::kCompute);
  EXPECT_DOUBLE_EQ(mm.time_share, 0.5);
}

TEST(RooflineTest, AddBelowTheRidgeIsMemoryBoundAndJudgedByBandwidth) {
  const Roofline r = ComputeRoofline(FakeSummary(), FakeCost(), FakeCeilings());
  const RooflineNode& add = Node(r, "add");
  ASSERT_TRUE(add.point) << add.unknown_reason;
  // 1.2e6 bytes in 250 us = 4.8 GB/s of 5: 96%; its roof is (1/12) x 5 GB/s = 0.41667 GFLOP/s.
  EXPECT_DOUBLE_EQ(add.point->gbs, 4.8);
  EXPECT_DOUBLE_EQ(add.point->gflops, 0.4);
  EXPECT_NEAR(*add.point->attainable_gflops, 5.0 / 12, 1e-12);
  EXPECT_NEAR(*add.point->of_roof, 0.96, 1e-12);
  EXPECT_EQ(add.point->bound, Bound::kMemory);
}

TEST(RooflineTest, NodesWithoutACostAreListedWithTheReasonNeverGuessed) {
  const Roofline r = ComputeRoofline(FakeSummary(), FakeCost(), FakeCeilings());
  EXPECT_FALSE(Node(r, "topk").point);
  EXPECT_EQ(Node(r, "topk").unknown_reason, "cost unknown: no cost model for op 'TopK'");
  EXPECT_FALSE(Node(r, "mm_fused/MatMulAddFusion").point);
  EXPECT_NE(Node(r, "mm_fused/MatMulAddFusion").unknown_reason.find("not in the model as written"), std::string::npos);
  EXPECT_FALSE(Node(r, "relu").point);
  EXPECT_NE(Node(r, "relu").unknown_reason.find("kernel time 0"), std::string::npos);
  EXPECT_EQ(r.nodes_unknown, 3);
  EXPECT_DOUBLE_EQ(r.unknown_time_share, 0.15);  // (100 + 50 + 0) us of 1000
  ASSERT_EQ(r.notes.size(), 1u);
  EXPECT_NE(r.notes[0].find("1 profiled node is not in the model as written"), std::string::npos) << r.notes[0];
}

TEST(RooflineTest, OpTypesAreSortedByTheRunTimeTheyWouldGiveBackAtTheirCeiling) {
  const Roofline r = ComputeRoofline(FakeSummary(), FakeCost(), FakeCeilings());
  ASSERT_GE(r.ops.size(), 2u);
  // MatMul: 50% of the run at 80% of its roof gives back 10%; Add: 25% at 96% gives back 1%.
  EXPECT_EQ(r.ops[0].op_type, "MatMul");
  EXPECT_NEAR(*r.ops[0].recoverable_share, 0.10, 1e-12);
  EXPECT_EQ(r.ops[1].op_type, "Add");
  EXPECT_NEAR(*r.ops[1].recoverable_share, 0.01, 1e-12);
  for (const RooflineOp& op : r.ops) {
    if (op.op_type == "TopK") {
      EXPECT_EQ(op.nodes, 0);
      EXPECT_EQ(op.nodes_unknown, 1);
      EXPECT_FALSE(op.recoverable_share);
    }
  }
}

TEST(RooflineTest, AnOpTypesRoofIsTheSumOfItsNodesIdealTimes) {
  ProfileSummary s = FakeSummary();
  s.nodes.push_back(NodeRow("mm2", "MatMul", 300));
  graph::ModelCost cost = FakeCost();
  // 1e6 FLOPs, 1e6 bytes: memory-bound; ideal max(1e6/10e9, 1e6/5e9) = 200 us.
  cost.nodes.push_back(Cost("mm2", "MatMul", 1'000'000, 0, 500'000, 500'000));
  const Roofline r = ComputeRoofline(s, cost, FakeCeilings());
  ASSERT_EQ(r.ops[0].op_type, "MatMul");
  const RooflinePoint& p = r.ops[0].point;
  EXPECT_EQ(r.ops[0].nodes, 2);
  EXPECT_DOUBLE_EQ(p.time_us, 800);
  EXPECT_EQ(p.flops, 5'000'000u);
  EXPECT_EQ(p.bytes, 1'400'000u);
  // mm ideal 400 us + mm2 ideal 200 us = 600 us of 800 us measured.
  EXPECT_NEAR(*p.of_roof, 0.75, 1e-12);
  EXPECT_NEAR(*p.attainable_gflops, 5e6 / 600e-6 / 1e9, 1e-9);
  EXPECT_NEAR(*r.ops[0].recoverable_share, 0.8 * 0.25, 1e-12);
}

TEST(RooflineTest, WithoutCeilingsOnlyAchievedRatesAndNoBound) {
  const Roofline r = ComputeRoofline(FakeSummary(), FakeCost(), std::nullopt);
  const RooflineNode& mm = Node(r, "mm");
  ASSERT_TRUE(mm.point);
  EXPECT_DOUBLE_EQ(mm.point->gflops, 8.0);
  EXPECT_FALSE(mm.point->of_roof);
  EXPECT_FALSE(mm.point->attainable_gflops);
  EXPECT_EQ(mm.point->bound, Bound::kUnknown);
  EXPECT_EQ(r.ops[0].op_type, "MatMul");  // most time first
  EXPECT_FALSE(r.ops[0].recoverable_share);
}

TEST(RooflineTest, NodesOnAnotherProviderGetNoPointAgainstTheCpusCeilings) {
  ProfileSummary s = FakeSummary();
  s.nodes[0].provider = "WebGpuExecutionProvider";
  const Roofline with = ComputeRoofline(s, FakeCost(), FakeCeilings());
  EXPECT_FALSE(Node(with, "mm").point);
  EXPECT_EQ(Node(with, "mm").unknown_reason, "ran on WebGpuExecutionProvider: the ceilings measured are the CPU's");
  // Without ceilings its achieved rates still stand.
  EXPECT_TRUE(Node(ComputeRoofline(s, FakeCost(), std::nullopt), "mm").point);
}

TEST(RooflineTest, ANodeThatMovesNoBytesHasNoIntensity) {
  graph::ModelCost cost = FakeCost();
  cost.nodes[0] = Cost("mm", "MatMul", 0, 0, 0, 0);
  const Roofline r = ComputeRoofline(FakeSummary(), cost, FakeCeilings());
  EXPECT_FALSE(Node(r, "mm").point);
  EXPECT_EQ(Node(r, "mm").unknown_reason, "moves no bytes: no intensity to place");
}

}  // namespace
}  // namespace ortkit::profile
