// The roofline: each profiled node's static cost (inspect --cost) joined with its measured time,
// against this machine's two ceilings (machine_ceilings.h).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "graph/node_cost.h"
#include "profile/machine_ceilings.h"
#include "profile/profile_summary.h"

namespace ortkit::profile {

enum class Bound { kUnknown, kCompute, kMemory };
/// "compute", "memory" or "unknown".
const char* ToString(Bound bound) noexcept;

/// Where a set of nodes (one node, or every costed node of an op type) stands. Rates are per
/// steady run: the node's (or nodes') FLOPs and bytes over their kernel time.
struct RooflinePoint {
  double time_us = 0;        ///< kernel time per steady run
  double time_share = 0;     ///< time_us over the steady run's wall time
  uint64_t flops = 0;        ///< per steady run, by graph::kFlopConvention
  uint64_t bytes = 0;        ///< parameter + activation bytes per steady run
  double gflops = 0;         ///< achieved: flops / time
  double gbs = 0;            ///< achieved: bytes / time
  double intensity = 0;      ///< FLOP per byte
  /// With ceilings: min(peak GFLOP/s, intensity x bandwidth) and achieved / that (over 1 when the
  /// data came from the cache, faster than the memory ceiling, measured out of cache, allows).
  std::optional<double> attainable_gflops, of_roof;
  Bound bound = Bound::kUnknown;  ///< intensity against the ridge point; unknown without ceilings
};

/// One profiled node: its point, or why it has none.
struct RooflineNode {
  std::string name, op_type, provider;
  std::optional<RooflinePoint> point;  ///< nullopt: see unknown_reason
  double time_us = 0, time_share = 0;  ///< also for nodes without a point
  std::string unknown_reason;          ///< "cost unknown: no cost model for op 'TopK'", ...
  std::string note;                    ///< the cost's caveat ("may be a view: ...")
};

/// The costed nodes of one op type, summed; `nodes_unknown` nodes of that type had no point.
struct RooflineOp {
  std::string op_type;
  int nodes = 0, nodes_unknown = 0;
  RooflinePoint point;
  /// time_share x (1 - min(of_roof, 1)): the share of the run this op type would give back at its
  /// ceiling; the table is sorted by it. nullopt without ceilings.
  std::optional<double> recoverable_share;
};

struct Roofline {
  std::optional<MachineCeilings> ceilings;  ///< nullopt when not measured (--no-ceilings)
  std::string flop_convention = graph::kFlopConvention;
  std::vector<RooflineNode> nodes;  ///< profiled nodes, most time first
  std::vector<RooflineOp> ops;      ///< most recoverable time first (without ceilings: most time)
  int nodes_unknown = 0;
  double unknown_time_share = 0;    ///< of the steady run, in nodes without a point
  std::vector<std::string> notes;
};

/// Joins the profile's node rows (main-graph kernels; a node's name is the key) with `cost`
/// (graph::ComputeModelCost at the sizes the profile ran). A node gets no point, with the
/// reason, when: it is not in the model as written (ORT's optimiser fused or renamed it), its
/// FLOPs or bytes are unknown, it moved no bytes, it ran on another provider than the CPU while
/// `ceilings` (the CPU's) are given, or its kernel time is 0. Nothing is guessed.
Roofline ComputeRoofline(const ProfileSummary& summary, const graph::ModelCost& cost,
                         const std::optional<MachineCeilings>& ceilings);

}  // namespace ortkit::profile
