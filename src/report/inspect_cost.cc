// inspect's cost renderers: text tables and JSON objects of a ModelCost.
#include "report/inspect_cost.h"

#include <algorithm>

#include <fmt/format.h>

#include "report/human_size.h"
#include "report/text_table.h"

namespace ortkit::report {
namespace {

using Json = nlohmann::ordered_json;
using graph::CostTotals;
using graph::ModelCost;
using graph::NodeCost;

constexpr std::size_t kUnknownShown = 10;  // nodes of unknown cost listed under the op table

// "0", "950", "12.3 K", "4.72 G": three significant digits from 1,000 on (SI, powers of 1000).
std::string HumanCount(uint64_t n) {
  if (n < 1000) return std::to_string(n);
  const char* units[] = {"K", "M", "G", "T", "P", "E"};
  double value = static_cast<double>(n);
  int unit = -1;
  while (value >= 999.95 && unit < 5) {
    value /= 1000;
    ++unit;
  }
  return fmt::format(value >= 99.95 ? "{:.0f} {}" : value >= 9.995 ? "{:.1f} {}" : "{:.2f} {}", value, units[unit]);
}

std::string Intensity(std::optional<double> v) { return v ? fmt::format("{:.2f}", *v) : "?"; }

std::string Op(const std::string& domain, const std::string& op_type) {
  return domain.empty() || domain == "ai.onnx" ? op_type : domain + ":" + op_type;
}

std::string Cell(const std::optional<uint64_t>& bytes) { return bytes ? HumanBytes(*bytes) : "?"; }

std::string SizesLine(const ModelCost& cost) {
  std::vector<std::string> sizes;
  for (const auto& [key, size] : cost.dim_sizes) sizes.push_back(fmt::format("{}={}", key, size));
  return sizes.empty() ? "no --dim sizes" : fmt::format("at {}", fmt::join(sizes, ", "));
}

void RenderTotal(const CostTotals& t, std::ostream& out) {
  const std::string left_out = t.flops_unknown == 0 && t.bytes_unknown == 0
                                   ? std::string()
                                   : fmt::format(" (known part: FLOPs unknown for {} of {} nodes, bytes for {})",
                                                 t.flops_unknown, t.nodes, t.bytes_unknown);
  out << fmt::format("  total      {} FLOPs ({}){}\n", GroupDigits(t.flops), HumanCount(t.flops), left_out);
  out << fmt::format("  bytes      {} parameters read, {} activations read, {} written\n", HumanBytes(t.param_bytes),
                     HumanBytes(t.activation_bytes_read), HumanBytes(t.activation_bytes_written));
  out << fmt::format("  intensity  {}\n", t.intensity() ? fmt::format("{:.2f} FLOPs per byte", *t.intensity())
                                                        : std::string("? (some nodes have an unknown cost)"));
}

void RenderByOpType(const ModelCost& cost, std::ostream& out) {
  TextTable table({"op", "nodes", "FLOPs", "share", "params", "act. read", "act. written", "FLOP/byte", "unknown"},
                  {false, true, true, true, true, true, true, true, true});
  for (const CostTotals& t : cost.by_op_type) {
    const bool no_flops = t.flops_unknown == t.nodes, no_bytes = t.bytes_unknown == t.nodes;
    const std::string share = no_flops || cost.total.flops == 0
                                  ? "-"
                                  : fmt::format("{:.1f}%", 100.0 * static_cast<double>(t.flops) /
                                                               static_cast<double>(cost.total.flops));
    const uint64_t unknown = std::max(t.flops_unknown, t.bytes_unknown);
    table.AddRow({Op(t.domain, t.op_type), GroupDigits(t.nodes), no_flops ? "?" : HumanCount(t.flops), share,
                  no_bytes ? "?" : HumanBytes(t.param_bytes), no_bytes ? "?" : HumanBytes(t.activation_bytes_read),
                  no_bytes ? "?" : HumanBytes(t.activation_bytes_written), Intensity(t.intensity()),
                  unknown == 0 ? "" : GroupDigits(unknown)});
  }
  table.Render(out, 2);
}

void RenderUnknown(const ModelCost& cost, std::ostream& out) {
  std::size_t unknown = 0;
  TextTable table({"#", "name", "op", "why"}, {true, false, false, false});
  for (const NodeCost& n : cost.nodes) {
    if (n.unknown_reason.empty()) continue;
    if (++unknown <= kUnknownShown) {
      table.AddRow({std::to_string(n.index), n.name.empty() ? "-" : n.name, Op(n.domain, n.op_type), n.unknown_reason});
    }
  }
  if (unknown == 0) return;
  out << "\n  cost unknown (" << GroupDigits(unknown) << (unknown == 1 ? " node" : " nodes")
      << (unknown > kUnknownShown ? fmt::format(", the first {} shown; --nodes lists all", kUnknownShown) : "")
      << ")\n";
  table.Render(out, 4);
}

Json TotalsJson(const CostTotals& t) {
  const std::optional<double> intensity = t.intensity();
  return Json{{"nodes", t.nodes},
              {"flops", t.flops},
              {"flops_unknown_nodes", t.flops_unknown},
              {"param_bytes", t.param_bytes},
              {"activation_bytes_read", t.activation_bytes_read},
              {"activation_bytes_written", t.activation_bytes_written},
              {"bytes", t.bytes()},
              {"bytes_unknown_nodes", t.bytes_unknown},
              {"intensity", intensity ? Json(*intensity) : Json(nullptr)}};
}

Json Optional(const std::optional<uint64_t>& v) { return v ? Json(*v) : Json(nullptr); }

}  // namespace

void RenderCostText(const ModelCost& cost, std::ostream& out) {
  out << "\ncost (main graph, " << SizesLine(cost) << ")\n";
  out << "  FLOPs: " << cost.flop_convention << " (see --help)\n";
  if (!cost.unsized_dims.empty()) {
    out << fmt::format("  free dimensions without a size: {}; nodes that depend on them have an unknown cost "
                       "(give --dim {}=N)\n",
                       fmt::join(cost.unsized_dims, ", "), cost.unsized_dims.front());
  }
  RenderTotal(cost.total, out);
  if (cost.by_op_type.empty()) return;
  out << "\n";
  RenderByOpType(cost, out);
  RenderUnknown(cost, out);
}

std::vector<std::string> NodeCostHeaders() {
  return {"FLOPs", "params", "act. read", "act. written", "FLOP/byte", "cost note"};
}

std::vector<std::string> NodeCostCells(const NodeCost& n) {
  return {n.flops ? HumanCount(*n.flops) : "?",
          Cell(n.param_bytes),
          Cell(n.activation_bytes_read),
          Cell(n.activation_bytes_written),
          Intensity(n.intensity()),
          n.unknown_reason.empty() ? n.note : "unknown: " + n.unknown_reason};
}

Json CostJson(const ModelCost& cost) {
  Json sizes = Json::object();
  for (const auto& [key, size] : cost.dim_sizes) sizes[key] = size;
  Json by_op = Json::array();
  for (const CostTotals& t : cost.by_op_type) {
    Json row{{"domain", t.domain}, {"op_type", t.op_type}};
    row.update(TotalsJson(t));
    by_op.push_back(std::move(row));
  }
  return Json{{"flop_convention", cost.flop_convention},
              {"dim_sizes", std::move(sizes)},
              {"unsized_dims", cost.unsized_dims},
              {"total", TotalsJson(cost.total)},
              {"by_op_type", std::move(by_op)}};
}

Json NodeCostJson(const NodeCost& n) {
  const std::optional<double> intensity = n.intensity();
  return Json{{"flops", Optional(n.flops)},
              {"param_bytes", Optional(n.param_bytes)},
              {"activation_bytes_read", Optional(n.activation_bytes_read)},
              {"activation_bytes_written", Optional(n.activation_bytes_written)},
              {"intensity", intensity ? Json(*intensity) : Json(nullptr)},
              {"unknown_reason", n.unknown_reason.empty() ? Json(nullptr) : Json(n.unknown_reason)},
              {"note", n.note.empty() ? Json(nullptr) : Json(n.note)}};
}

}  // namespace ortkit::report
