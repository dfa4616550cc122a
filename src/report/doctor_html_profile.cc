// The doctor report's profile section, from `ortkit profile --json`: time per op type, where
// the nodes ran (provider placement), the roofline (with --roofline), and the nodes that fell back
// to the CPU or copy memory.
#include <algorithm>

#include <fmt/format.h>

#include "report/doctor_html_parts.h"
#include "report/human_size.h"

namespace ortkit::report::doctor_html {
namespace {

constexpr size_t kTopOps = 10;

// ops[].total_us sums the steady runs, so per run is total / steady_runs.
void OpTimeChart(const doctor::ProfileResult& profile, PageBuilder& page) {
  const double runs = std::max(1.0, profile.steady_runs);
  std::vector<std::pair<double, std::string>> rows;
  for (const doctor::ProfileRow& op : profile.ops) {
    rows.emplace_back(op.total_us / runs / 1000.0, op.name.empty() ? op.op_type : op.name);
  }
  if (rows.empty()) return;
  std::stable_sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  if (rows.size() > kTopOps) rows.resize(kTopOps);
  json labels = json::array(), data = json::array();
  for (const auto& [ms, name] : rows) {
    labels.push_back(name);
    data.push_back(ms);
  }
  json spec = {{"type", "bar"}, {"horizontal", true}, {"labels", labels}, {"y_title", "ms per run"},
               {"datasets", json::array({{{"label", "ms per run"}, {"data", data}}})}};
  page.Chart("Time per op type", std::move(spec),
             fmt::format("Kernel time per steady run, top {} op types, over {:.0f} runs.", rows.size(), runs));
}

void PlacementChart(const doctor::ProfileResult& profile, PageBuilder& page) {
  json labels = json::array(), nodes = json::array();
  std::string caption;
  for (const doctor::ProfileRow& provider : profile.by_provider) {
    labels.push_back(provider.name);
    nodes.push_back(provider.count);
    caption += (caption.empty() ? "" : "; ") + provider.name + " " + FormatShare(provider.share) + " of kernel time";
  }
  if (labels.empty()) return;
  json spec = {{"type", "doughnut"}, {"labels", labels}, {"datasets", json::array({{{"label", "nodes"}, {"data", nodes}}})}};
  page.Chart("Provider placement (nodes)", std::move(spec), caption);
}

void NodeList(const std::vector<doctor::ProfileRow>& nodes, std::string_view heading, PageBuilder& page) {
  if (nodes.empty()) return;
  page.Raw("<h3>").Text(heading).Raw("</h3><ul>");
  for (const doctor::ProfileRow& node : nodes) {
    page.Raw("<li>").Text(node.name);
    if (!node.op_type.empty()) page.Text(" (" + node.op_type + ")");
    page.Raw("</li>");
  }
  page.Raw("</ul>\n");
}

void TimingFacts(const doctor::ProfileResult& profile, PageBuilder& page) {
  page.Raw("<dl class=\"facts\">");
  auto us_fact = [&](std::string_view name, double us) {
    page.Raw("<dt>").Text(name).Raw("</dt><dd>").Text(FormatMs(us / 1000.0)).Raw("</dd>");
  };
  us_fact("load (model and session, timed by ortkit)", profile.load_us);
  us_fact("first run", profile.first_run_us);
  us_fact("steady run (mean)", profile.steady_run_us);
  page.Raw("</dl>\n");
}

// The roofline: each op type's achieved GFLOP/s against its FLOPs per byte, log-log, under the
// machine's two measured ceilings. Drawn only when profile ran with --roofline and measured them.
void RooflineChart(const doctor::ProfileResult& profile, PageBuilder& page) {
  constexpr std::size_t kOps = 10;
  if (!profile.roofline || !profile.roofline->ceilings) return;
  const doctor::ProfileCeilings& c = *profile.roofline->ceilings;
  if (!(c.gemm_gflops > 0) || !(c.bandwidth_gbs > 0)) return;
  const double ridge = c.gemm_gflops / c.bandwidth_gbs;
  std::vector<const doctor::ProfileRooflineRow*> ops;
  std::size_t left_out = 0;
  for (const doctor::ProfileRooflineRow& op : profile.roofline->ops) {
    // A log axis has no place for 0: data movement (0 FLOPs) is left out of the chart.
    if (op.point && op.point->intensity > 0 && op.point->gflops > 0) {
      ops.push_back(&op);
    } else if (op.point) {
      ++left_out;
    }
  }
  if (ops.empty()) return;
  std::stable_sort(ops.begin(), ops.end(), [](const auto* a, const auto* b) { return a->point->time_share > b->point->time_share; });
  if (ops.size() > kOps) {
    left_out += ops.size() - kOps;
    ops.resize(kOps);
  }
  double lo = ridge, hi = ridge;
  for (const auto* op : ops) {
    lo = std::min(lo, op->point->intensity);
    hi = std::max(hi, op->point->intensity);
  }
  lo /= 4;
  hi *= 4;
  json datasets = json::array();
  for (const auto* op : ops) {
    datasets.push_back({{"label", fmt::format("{} ({} of run)", op->op_type, FormatShare(op->point->time_share))},
                        {"data", json::array({{{"x", op->point->intensity}, {"y", op->point->gflops}}})}});
  }
  datasets.push_back({{"label", fmt::format("memory ceiling {:.1f} GB/s", c.bandwidth_gbs)},
                      {"line", true}, {"color", "#555555"}, {"dash", json::array({6, 4})},
                      {"data", json::array({{{"x", lo}, {"y", lo * c.bandwidth_gbs}}, {{"x", ridge}, {"y", c.gemm_gflops}}})}});
  datasets.push_back({{"label", fmt::format("compute ceiling {:.1f} GFLOP/s", c.gemm_gflops)},
                      {"line", true}, {"color", "#222222"},
                      {"data", json::array({{{"x", ridge}, {"y", c.gemm_gflops}}, {{"x", hi}, {"y", c.gemm_gflops}}})}});
  json spec = {{"type", "scatter"}, {"x_log", true}, {"y_log", true}, {"x_title", "FLOP per byte"},
               {"y_title", "achieved GFLOP/s"}, {"datasets", datasets}};
  page.Chart("Roofline (op types)", std::move(spec),
             fmt::format("Each op type's FLOPs (one multiply-add = 1) per byte against what it achieved, under this "
                         "machine's ceilings measured with ONNX Runtime at {}; the ridge is at {:.2f} FLOP/byte. "
                         "Turbo and other tenants move the ceilings.{}",
                         c.threads == 0 ? std::string("ORT's default threads")
                                        : fmt::format("{} intra-op thread{}", c.threads, c.threads == 1 ? "" : "s"),
                         ridge, left_out > 0 ? fmt::format(" {} op types not drawn (no FLOPs, or past the top {}).",
                                                           left_out, kOps)
                                             : std::string()));
}

// ORT's own record of what each node allocated (one run in a session of its own).
void NodeMemoryTable(const std::vector<doctor::ProfileNodeMemory>& nodes, PageBuilder& page) {
  constexpr std::size_t kShown = 8;
  if (nodes.empty()) return;
  page.Raw("<h3>Memory per node</h3><table><thead><tr><th>node</th><th>op type</th><th class=\"num\">outputs</th>"
           "<th class=\"num\">temporary</th></tr></thead><tbody>\n");
  for (std::size_t i = 0; i < nodes.size() && i < kShown; ++i) {
    const doctor::ProfileNodeMemory& node = nodes[i];
    page.Raw("<tr><td>").Text(node.name).Raw("</td><td>").Text(node.op_type).Raw("</td><td class=\"num\">");
    page.Text(HumanBytes(static_cast<uint64_t>(node.output_bytes))).Raw("</td><td class=\"num\">");
    page.Text(HumanBytes(static_cast<uint64_t>(node.temp_bytes))).Raw("</td></tr>\n");
  }
  page.Raw("</tbody></table>\n<p class=\"muted\">").Text(
      fmt::format("ONNX Runtime's per-node statistics of one run, most allocated first{}.",
                  nodes.size() > kShown ? fmt::format(" ({} of {} nodes)", kShown, nodes.size()) : ""));
  page.Raw("</p>\n");
}

}  // namespace

void RenderProfile(const DoctorReport& doctor, PageBuilder& page) {
  const doctor::ProfileResult* profile = OpenStepSection(doctor.profile, "profile", "Where the time goes", page);
  if (profile == nullptr) return;
  page.Raw("<div class=\"charts\">\n");
  OpTimeChart(*profile, page);
  PlacementChart(*profile, page);
  RooflineChart(*profile, page);
  page.Raw("</div>\n");
  TimingFacts(*profile, page);
  NodeList(profile->cpu_fallback_nodes, "Nodes that fell back to the CPU", page);
  NodeList(profile->memcpy_nodes, "Memory copies between devices", page);
  NodeMemoryTable(profile->node_memory, page);
  for (const std::string& note : profile->notes) page.Raw("<p class=\"muted\">").Text(note).Raw("</p>\n");
  Reproduce(page, doctor.profile);
  page.Raw("</section>\n");
}

}  // namespace ortkit::report::doctor_html
