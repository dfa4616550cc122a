// The roofline section of `ortkit profile --roofline`: ceilings, op types furthest below their
// ceiling, nodes, nodes without a point, and the assumptions, as text, Markdown and JSON.
#include <fmt/format.h>

#include "report/human_size.h"
#include "report/profile_render.h"

namespace ortkit::report {
namespace {

using Json = nlohmann::ordered_json;
using profile::RooflineNode;
using profile::RooflineOp;
using profile::RooflinePoint;

// Every measured figure has a decimal point, so that golden tests can mask it.
std::string Rate(double value) { return fmt::format("{:.2f}", value); }
std::string Percent(double share) { return fmt::format("{:.1f}%", share * 100); }
std::string Short(const std::string& provider) {
  const std::string suffix = "ExecutionProvider";
  const auto at = provider.find(suffix);
  return at == std::string::npos ? provider : provider.substr(0, at);
}

std::string Threads(int threads) {
  return threads == 0 ? "ORT's default intra-op threads (one per core)"
                      : fmt::format("{} intra-op thread{}", threads, threads == 1 ? "" : "s");
}

std::vector<std::string> PointCells(const RooflinePoint& p) {
  return {fmt::format("{:.3f}", p.time_us / 1000.0), Percent(p.time_share), Rate(p.gflops), Rate(p.gbs),
          Rate(p.intensity), ToString(p.bound), p.of_roof ? Percent(*p.of_roof) : "-"};
}

Json PointJson(const RooflinePoint& p) {
  Json j{{"time_us", p.time_us}, {"time_share", p.time_share}, {"flops", p.flops}, {"bytes", p.bytes},
         {"gflops", p.gflops}, {"gbs", p.gbs}, {"intensity", p.intensity}};
  j["attainable_gflops"] = p.attainable_gflops ? Json(*p.attainable_gflops) : Json(nullptr);
  j["of_roof"] = p.of_roof ? Json(*p.of_roof) : Json(nullptr);
  j["bound"] = ToString(p.bound);
  return j;
}

std::string CeilingsLine(const profile::MachineCeilings& c) {
  return fmt::format("{} GFLOP/s (MatMul float32 [{n},{n}]x[{n},{n}]), {} GB/s (Add float32, 3 x {}), {}; "
                     "medians of {} runs; {}, measured {}",
                     Rate(c.gemm_gflops), Rate(c.bandwidth_gbs), HumanBytes(c.stream_bytes), Threads(c.key.threads),
                     c.repeats, c.origin, c.measured_at, fmt::arg("n", c.gemm_n));
}

}  // namespace

std::vector<std::string> RooflineAssumptions(const profile::Roofline& r) {
  std::vector<std::string> lines{
      "FLOPs as `inspect --cost` counts them: " + r.flop_convention +
          "; the GEMM ceiling is counted the same way (multiply-adds per second)",
      "bytes: parameters plus activations read and written, each once per node (no cache reuse); "
      "the bandwidth ceiling is measured out of cache, so a node whose data stays in cache can exceed it "
      "(over 100% of its roof)"};
  if (r.ceilings) {
    lines.push_back("ceilings measured with ORT on this machine at " + Threads(r.ceilings->key.threads) +
                    ", as the profiled session ran; CPU turbo, frequency scaling and other tenants move both "
                    "ceilings between the measurement and the profile (--remeasure-ceilings measures again)");
  } else {
    lines.push_back("no ceilings (--no-ceilings): achieved rates only, no bound and no share of the roof");
  }
  lines.push_back("nodes are joined to the model by name: a node ORT's optimiser made or renamed has no cost and is "
                  "listed without a point, never guessed; a fused node that kept a name (FusedConv from a Conv) has "
                  "that node's cost, without the ops folded into it");
  return lines;
}

Json RooflineJson(const profile::Roofline& r) {
  Json j;
  if (r.ceilings) {
    const auto& c = *r.ceilings;
    j["ceilings"] = {{"gemm_gflops", c.gemm_gflops}, {"bandwidth_gbs", c.bandwidth_gbs}, {"ridge_flop_per_byte", c.ridge()},
                     {"threads", c.key.threads}, {"cpu_model", c.key.cpu_model}, {"cores", c.key.cores},
                     {"ort_version", c.key.ort_version}, {"gemm_n", c.gemm_n}, {"stream_bytes", c.stream_bytes},
                     {"repeats", c.repeats}, {"measured_at", c.measured_at}, {"origin", c.origin}};
  } else {
    j["ceilings"] = nullptr;
  }
  j["flop_convention"] = r.flop_convention;
  Json ops = Json::array();
  for (const RooflineOp& op : r.ops) {
    Json row{{"op_type", op.op_type}, {"nodes", op.nodes}, {"nodes_unknown", op.nodes_unknown}};
    row["point"] = op.nodes > 0 ? PointJson(op.point) : Json(nullptr);
    row["recoverable_share"] = op.recoverable_share ? Json(*op.recoverable_share) : Json(nullptr);
    ops.push_back(std::move(row));
  }
  j["ops"] = std::move(ops);
  Json nodes = Json::array();
  for (const RooflineNode& n : r.nodes) {
    Json row{{"name", n.name}, {"op_type", n.op_type}, {"provider", n.provider}, {"time_us", n.time_us},
             {"time_share", n.time_share}};
    row["point"] = n.point ? PointJson(*n.point) : Json(nullptr);
    row["unknown_reason"] = n.unknown_reason;
    row["note"] = n.note;
    nodes.push_back(std::move(row));
  }
  j["nodes"] = std::move(nodes);
  j["nodes_unknown"] = r.nodes_unknown;
  j["unknown_time_share"] = r.unknown_time_share;
  j["notes"] = r.notes;
  j["assumptions"] = RooflineAssumptions(r);
  return j;
}

void RenderRoofline(const profile::Roofline& r, std::size_t top, Format format, std::ostream& out) {
  std::vector<std::pair<std::string, std::string>> head;
  head.emplace_back("ceilings", r.ceilings ? CeilingsLine(*r.ceilings) : "not measured (--no-ceilings)");
  if (r.ceilings) {
    head.emplace_back("ridge point", Rate(r.ceilings->ridge()) +
                                         " FLOP/byte: a node above it is compute-bound, below it memory-bound");
  }
  const std::size_t placed = r.nodes.size() - static_cast<std::size_t>(r.nodes_unknown);
  head.emplace_back("nodes placed", fmt::format("{} of {}; {} of the steady run in nodes without a point", placed,
                                                r.nodes.size(), Percent(r.unknown_time_share)));

  const std::vector<const char*> point_headers{"per run ms", "share of run", "GFLOP/s", "GB/s", "FLOP/byte", "bound",
                                               "of roof"};
  Table ops{"op types furthest below their ceiling (most run time to win back first: where a faster kernel, a "
            "fusion or a layout change would pay)",
            {"op type", "nodes"}, {false, true}, {}};
  for (const char* h : point_headers) {
    ops.headers.push_back(h);
    ops.numeric.push_back(std::string(h) != "bound");
  }
  ops.headers.push_back("at roof, saves");
  ops.numeric.push_back(true);
  for (const RooflineOp& op : r.ops) {
    if (op.nodes == 0) continue;
    std::vector<std::string> row{op.op_type, std::to_string(op.nodes)};
    for (auto& cell : PointCells(op.point)) row.push_back(std::move(cell));
    row.push_back(op.recoverable_share ? Percent(*op.recoverable_share) + " of run" : "-");
    ops.rows.push_back(std::move(row));
  }
  Table nodes{"nodes (steady runs, most time first)", {"node", "op type"}, {false, false}, {}};
  for (const char* h : point_headers) {
    nodes.headers.push_back(h);
    nodes.numeric.push_back(std::string(h) != "bound");
  }
  std::size_t shown = 0, with_point = 0;
  for (const RooflineNode& n : r.nodes) {
    if (!n.point) continue;
    ++with_point;
    if (top != 0 && shown >= top) continue;
    ++shown;
    std::vector<std::string> row{n.name, n.op_type};
    for (auto& cell : PointCells(*n.point)) row.push_back(std::move(cell));
    nodes.rows.push_back(std::move(row));
  }
  if (with_point > shown) nodes.title += fmt::format(" (top {} of {})", shown, with_point);
  Table unknown{"nodes without a point (most time first)", {"node", "op type", "provider", "share of run", "why"},
                {false, false, false, true, false}, {}};
  std::size_t unknown_shown = 0;
  for (const RooflineNode& n : r.nodes) {
    if (n.point || (top != 0 && unknown_shown >= top)) continue;
    ++unknown_shown;
    unknown.rows.push_back({n.name, n.op_type, Short(n.provider), Percent(n.time_share), n.unknown_reason});
  }
  if (static_cast<std::size_t>(r.nodes_unknown) > unknown_shown) {
    unknown.title += fmt::format(" (top {} of {})", unknown_shown, r.nodes_unknown);
  }

  std::vector<Table> tables;
  if (!ops.rows.empty()) tables.push_back(std::move(ops));
  if (!nodes.rows.empty()) tables.push_back(std::move(nodes));
  if (!unknown.rows.empty()) tables.push_back(std::move(unknown));
  if (format == Format::kMarkdown) {
    out << "\n## roofline\n\n";
    for (const auto& [key, value] : head) out << "- " << key << ": " << value << "\n";
  } else {
    out << "\nroofline\n";
    std::size_t width = 0;
    for (const auto& kv : head) width = std::max(width, kv.first.size());
    for (const auto& [key, value] : head) out << key << std::string(width + 2 - key.size(), ' ') << value << "\n";
  }
  RenderTables(tables, format, out);
  for (const auto& note : r.notes) out << (format == Format::kMarkdown ? "- note: " : "note: ") << note << "\n";
  for (const auto& line : RooflineAssumptions(r)) {
    out << (format == Format::kMarkdown ? "- assumption: " : "assumption: ") << line << "\n";
  }
}

}  // namespace ortkit::report
