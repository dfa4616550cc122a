// The doctor report's profile section, from `ortkit profile --json`: time per op type, where
// the nodes ran (provider placement), and the nodes that fell back to the CPU or copy memory.
#include <algorithm>

#include <fmt/format.h>

#include "report/doctor_html_parts.h"

namespace ortkit::report::doctor_html {
namespace {

constexpr size_t kTopOps = 10;

// ops[].total_us sums the steady runs, so per run is total / steady_runs.
void OpTimeChart(const json& profile, PageBuilder& page) {
  const json& ops = Array(profile, "ops");
  const double runs = std::max(1.0, Number(profile, "steady_runs").value_or(1.0));
  std::vector<std::pair<double, std::string>> rows;
  for (const json& op : ops) {
    auto total = Number(op, "total_us");
    std::string name = Text(op, "name");
    if (name.empty()) name = Text(op, "op_type", "?");
    if (total) rows.emplace_back(*total / runs / 1000.0, name);
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

void PlacementChart(const json& profile, PageBuilder& page) {
  json labels = json::array(), nodes = json::array();
  std::string caption;
  for (const json& provider : Array(profile, "by_provider")) {
    auto count = Number(provider, "count");
    if (!count) continue;
    const std::string name = Text(provider, "name", "?");
    labels.push_back(name);
    nodes.push_back(*count);
    if (auto share = Number(provider, "share")) {
      caption += (caption.empty() ? "" : "; ") + name + " " + FormatShare(*share) + " of kernel time";
    }
  }
  if (labels.empty()) return;
  json spec = {{"type", "doughnut"}, {"labels", labels}, {"datasets", json::array({{{"label", "nodes"}, {"data", nodes}}})}};
  page.Chart("Provider placement (nodes)", std::move(spec), caption);
}

void NodeList(const json& profile, std::string_view key, std::string_view heading, PageBuilder& page) {
  const json& nodes = Array(profile, key);
  if (nodes.empty()) return;
  page.Raw("<h3>").Text(heading).Raw("</h3><ul>");
  for (const json& node : nodes) {
    if (node.is_string()) {
      page.Raw("<li>").Text(node.get<std::string>()).Raw("</li>");
    } else {
      page.Raw("<li>").Text(Text(node, "name", "?"));
      if (const std::string op = Text(node, "op_type"); !op.empty()) page.Text(" (" + op + ")");
      page.Raw("</li>");
    }
  }
  page.Raw("</ul>\n");
}

void TimingFacts(const json& profile, PageBuilder& page) {
  page.Raw("<dl class=\"facts\">");
  auto us_fact = [&](std::string_view name, std::string_view key) {
    if (auto us = Number(profile, key)) page.Raw("<dt>").Text(name).Raw("</dt><dd>").Text(FormatMs(*us / 1000.0)).Raw("</dd>");
  };
  us_fact("model load", "model_load_us");
  us_fact("session initialisation", "session_init_us");
  us_fact("first run", "first_run_us");
  us_fact("steady run (mean)", "steady_run_us");
  page.Raw("</dl>\n");
}

}  // namespace

void RenderProfile(const json& doctor, PageBuilder& page) {
  const auto step = OpenStepSection(doctor, "profile", "profile", "Where the time goes", page);
  if (step.result == nullptr) return;
  const json& profile = *step.result;
  page.Raw("<div class=\"charts\">\n");
  OpTimeChart(profile, page);
  PlacementChart(profile, page);
  page.Raw("</div>\n");
  TimingFacts(profile, page);
  NodeList(profile, "cpu_fallback_nodes", "Nodes that fell back to the CPU", page);
  NodeList(profile, "memcpy_nodes", "Memory copies between devices", page);
  for (const json& note : Array(profile, "notes")) {
    if (note.is_string()) page.Raw("<p class=\"muted\">").Text(note.get<std::string>()).Raw("</p>\n");
  }
  Reproduce(page, step);
  page.Raw("</section>\n");
}

}  // namespace ortkit::report::doctor_html
