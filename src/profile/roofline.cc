// The roofline join: profiled node times with static costs, against the machine's ceilings.
#include "profile/roofline.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <unordered_map>

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace ortkit::profile {
namespace {

// What a set of nodes would take at the ceilings: each node bounded by the slower of its two
// ceilings (max(F/P, B/W)); the roofline's attainable rate is F over that time.
double IdealSeconds(double flops, double bytes, const MachineCeilings& c) {
  return std::max(flops / (c.gemm_gflops * 1e9), bytes / (c.bandwidth_gbs * 1e9));
}

// Rates, intensity and, with ceilings, the attainable rate and bound. `ideal_s` is the time at
// the ceilings (summed per node for an op type).
RooflinePoint MakePoint(double time_us, double share, uint64_t flops, uint64_t bytes,
                        const std::optional<MachineCeilings>& ceilings, std::optional<double> ideal_s) {
  RooflinePoint p;
  p.time_us = time_us;
  p.time_share = share;
  p.flops = flops;
  p.bytes = bytes;
  const double seconds = time_us / 1e6;
  p.gflops = static_cast<double>(flops) / seconds / 1e9;
  p.gbs = static_cast<double>(bytes) / seconds / 1e9;
  p.intensity = static_cast<double>(flops) / static_cast<double>(bytes);
  if (ceilings && ideal_s) {
    p.of_roof = *ideal_s / seconds;
    // Attainable FLOP rate at this intensity: min(P, I x W); for a set of nodes, F over the
    // sum of their ideal times (the same for one node).
    p.attainable_gflops = static_cast<double>(flops) / *ideal_s / 1e9;
    p.bound = p.intensity >= ceilings->ridge() ? Bound::kCompute : Bound::kMemory;
  }
  return p;
}

struct OpSums {
  int nodes = 0, unknown = 0;
  double time_us = 0, ideal_s = 0;
  uint64_t flops = 0, bytes = 0;
};

}  // namespace

const char* ToString(Bound bound) noexcept {
  switch (bound) {
    case Bound::kCompute: return "compute";
    case Bound::kMemory: return "memory";
    case Bound::kUnknown: break;
  }
  return "unknown";
}

Roofline ComputeRoofline(const ProfileSummary& summary, const graph::ModelCost& cost,
                         const std::optional<MachineCeilings>& ceilings) {
  Roofline r;
  r.ceilings = ceilings;
  r.flop_convention = cost.flop_convention;
  std::unordered_map<std::string, const graph::NodeCost*> by_name;
  for (const graph::NodeCost& node : cost.nodes) {
    if (!node.name.empty()) by_name.emplace(node.name, &node);
  }
  const int steady_runs = std::max(1, summary.steady_runs);
  const double run_us = summary.steady_run_us;
  std::map<std::string, OpSums> ops;
  int renamed = 0;
  for (const TimeRow& row : summary.nodes) {
    RooflineNode node{row.name, row.op_type, row.provider, std::nullopt, row.mean_us, run_us > 0 ? row.mean_us / run_us : 0,
                      "", ""};
    OpSums& sums = ops[row.op_type];
    // A main-graph node runs once per run; a count that says otherwise multiplies its cost.
    const int64_t executions = std::max<int64_t>(1, row.count / steady_runs);
    const auto it = by_name.find(row.name);
    const graph::NodeCost* c = it == by_name.end() ? nullptr : it->second;
    if (c == nullptr) {
      node.unknown_reason = "not in the model as written (ORT's optimiser fused, renamed or added it)";
      ++renamed;
    } else if (!c->flops || !c->bytes()) {
      node.unknown_reason = "cost unknown: " + c->unknown_reason;
    } else if (*c->bytes() == 0) {
      node.unknown_reason = "moves no bytes: no intensity to place";
    } else if (ceilings && row.provider != "CPUExecutionProvider") {
      node.unknown_reason = "ran on " + row.provider + ": the ceilings measured are the CPU's";
    } else if (row.mean_us <= 0) {
      node.unknown_reason = "kernel time 0 (under the trace's 1 us resolution)";
    } else {
      const uint64_t flops = *c->flops * static_cast<uint64_t>(executions);
      const uint64_t bytes = *c->bytes() * static_cast<uint64_t>(executions);
      std::optional<double> ideal;
      if (ceilings) ideal = IdealSeconds(static_cast<double>(flops), static_cast<double>(bytes), *ceilings);
      node.point = MakePoint(row.mean_us, node.time_share, flops, bytes, ceilings, ideal);
      node.note = c->note;
      ++sums.nodes;
      sums.time_us += row.mean_us;
      sums.flops += flops;
      sums.bytes += bytes;
      if (ideal) sums.ideal_s += *ideal;
    }
    if (!node.point) {
      ++sums.unknown;
      ++r.nodes_unknown;
      r.unknown_time_share += node.time_share;
    }
    r.nodes.push_back(std::move(node));
  }
  std::stable_sort(r.nodes.begin(), r.nodes.end(),
                   [](const RooflineNode& a, const RooflineNode& b) { return a.time_us > b.time_us; });
  for (const auto& [op_type, sums] : ops) {
    RooflineOp op{op_type, sums.nodes, sums.unknown, {}, std::nullopt};
    if (sums.nodes > 0) {
      op.point = MakePoint(sums.time_us, run_us > 0 ? sums.time_us / run_us : 0, sums.flops, sums.bytes, ceilings,
                           ceilings ? std::optional<double>(sums.ideal_s) : std::nullopt);
      if (op.point.of_roof) op.recoverable_share = op.point.time_share * (1 - std::min(1.0, *op.point.of_roof));
    }
    r.ops.push_back(std::move(op));
  }
  // Most time to win back first; without ceilings, most time first.
  std::stable_sort(r.ops.begin(), r.ops.end(), [](const RooflineOp& a, const RooflineOp& b) {
    const double ka = a.recoverable_share.value_or(-1), kb = b.recoverable_share.value_or(-1);
    if (ka != kb) return ka > kb;
    return a.point.time_us > b.point.time_us;
  });
  if (renamed > 0) {
    r.notes.push_back(fmt::format(
        "{} profiled node{} not in the model as written: ORT's optimiser fused, renamed or added {} (level "
        "basic already fuses some, such as MatMul and Add into Gemm); \"optimization_level\": \"disabled\" in "
        "--config keeps every name, and measures an unoptimised session",
        renamed, renamed == 1 ? " is" : "s are", renamed == 1 ? "it" : "them"));
  }
  if (!cost.unsized_dims.empty()) {
    r.notes.push_back("free dimensions without a size for the cost: " + fmt::format("{}", fmt::join(cost.unsized_dims, ", ")));
  }
  return r;
}

}  // namespace ortkit::profile
