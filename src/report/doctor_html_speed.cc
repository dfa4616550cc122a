// The doctor report's speed section, from `ortkit bench --json`: the cold start broken down, a
// latency histogram per steady phase, first run vs steady p50 per shape, and the steady table.
#include <map>

#include <fmt/format.h>

#include "report/doctor_html_parts.h"

namespace ortkit::report::doctor_html {
namespace {

void ColdStartTable(const json& cold, PageBuilder& page) {
  static const std::pair<const char*, const char*> kParts[] = {
      {"read_file", "read the file"},
      {"session_create", "create the session"},
      {"first_run", "first run"},
      {"second_run", "second run"},
  };
  PageBuilder table;
  for (const auto& [key, words] : kParts) {
    const json* part = Member(cold, key);
    if (part == nullptr) continue;
    const auto p50 = Number(*part, "p50_ms");
    const auto max = Number(*part, "max_ms");
    if (!p50) continue;
    table.Raw("<tr><td>").Text(words).Raw("</td><td class=\"num\">").Text(FormatMs(*p50));
    table.Raw("</td><td class=\"num\">").Text(max ? FormatMs(*max) : "").Raw("</td></tr>\n");
  }
  if (table.html().empty()) return;
  const auto runs = Number(cold, "runs");
  page.Raw("<h3>Cold start</h3><p>Each measured in a fresh process");
  if (runs) page.Text(fmt::format(" ({:.0f} process{})", *runs, *runs == 1 ? "" : "es"));
  page.Raw(":</p><table><thead><tr><th>part</th><th class=\"num\">median</th><th class=\"num\">worst</th></tr></thead><tbody>\n");
  page.Raw(table.html()).Raw("</tbody></table>\n");
}

// bench phases carry "histogram": {edges_ms[n+1], counts[n]}; older outputs may nest it in
// "latency". A histogram whose sizes disagree is left out rather than drawn wrong.
const json* PhaseHistogram(const json& phase) {
  const json* histogram = Member(phase, "histogram");
  if (histogram == nullptr) {
    if (const json* latency = Member(phase, "latency")) histogram = Member(*latency, "histogram");
  }
  if (histogram == nullptr) return nullptr;
  const json& edges = Array(*histogram, "edges_ms");
  const json& counts = Array(*histogram, "counts");
  if (counts.empty() || edges.size() != counts.size() + 1) return nullptr;
  for (const json& value : edges) if (!value.is_number()) return nullptr;
  for (const json& value : counts) if (!value.is_number()) return nullptr;
  return histogram;
}

void HistogramCharts(const json& bench, PageBuilder& page) {
  for (const json& phase : Array(bench, "steady_state")) {
    const json* histogram = PhaseHistogram(phase);
    if (histogram == nullptr) continue;
    const json& edges = (*histogram)["edges_ms"];
    json labels = json::array();
    for (size_t i = 0; i + 1 < edges.size(); ++i) {
      labels.push_back(FormatMs((edges[i].get<double>() + edges[i + 1].get<double>()) / 2));
    }
    json spec = {{"type", "bar"}, {"histogram", true}, {"labels", labels},
                 {"x_title", "latency (bin centre)"}, {"y_title", "requests"},
                 {"datasets", json::array({{{"label", "requests"}, {"data", (*histogram)["counts"]}}})}};
    const std::string name = Text(phase, "name", "phase");
    std::string caption;
    if (const json* latency = Member(phase, "latency")) {
      const auto p50 = Number(*latency, "p50_ms");
      const auto p99 = Number(*latency, "p99_ms");
      if (p50 && p99) caption = "p50 " + FormatMs(*p50) + ", p99 " + FormatMs(*p99);
    }
    page.Chart("Latency histogram: " + name, std::move(spec), caption);
  }
}

// First run of each shape (cold_start.first_run for the first shape, new_shape_first_run for
// the others) next to that shape's steady p50.
void ColdWarmChart(const json& bench, PageBuilder& page) {
  std::map<std::string, double> first_run;
  const json* cold = Member(bench, "cold_start");
  const json& phases = Array(bench, "steady_state");
  if (cold != nullptr) {
    if (const json* first = Member(*cold, "first_run"); first != nullptr && !phases.empty()) {
      if (auto p50 = Number(*first, "p50_ms")) first_run[Text(phases[0], "name")] = *p50;
    }
    for (const json& shape : Array(*cold, "new_shape_first_run")) {
      if (auto p50 = Number(shape, "p50_ms")) first_run[Text(shape, "shape")] = *p50;
    }
  }
  json labels = json::array(), cold_data = json::array(), warm_data = json::array();
  for (const json& phase : phases) {
    const std::string name = Text(phase, "name");
    auto it = first_run.find(name);
    const json* latency = Member(phase, "latency");
    const auto p50 = latency != nullptr ? Number(*latency, "p50_ms") : std::nullopt;
    if (it == first_run.end() || !p50) continue;
    labels.push_back(name);
    cold_data.push_back(it->second);
    warm_data.push_back(*p50);
  }
  if (labels.empty()) return;
  json spec = {{"type", "bar"}, {"labels", labels}, {"y_log", true}, {"y_title", "ms (log scale)"},
               {"datasets", json::array({{{"label", "first run of the shape (cold)"}, {"data", cold_data}, {"color", "#e07b39"}},
                                         {{"label", "steady p50 (warm)"}, {"data", warm_data}, {"color", "#2f6fde"}}})}};
  page.Chart("Cold vs warm per shape", std::move(spec), "A new shape pays for allocations and plans once.");
}

void SteadyTable(const json& bench, PageBuilder& page) {
  const json& phases = Array(bench, "steady_state");
  if (phases.empty()) return;
  page.Raw("<h3>Steady state</h3><table><thead><tr><th>phase</th><th class=\"num\">requests</th><th class=\"num\">p50</th>"
           "<th class=\"num\">p90</th><th class=\"num\">p99</th><th class=\"num\">per second</th></tr></thead><tbody>\n");
  for (const json& phase : phases) {
    static const json kNone = json::object();
    const json* latency = Member(phase, "latency");
    const json& l = latency != nullptr ? *latency : kNone;
    auto cell = [&page](std::optional<double> ms) {
      page.Raw("<td class=\"num\">").Text(ms ? FormatMs(*ms) : "").Raw("</td>");
    };
    page.Raw("<tr><td>").Text(Text(phase, "name", "?")).Raw("</td><td class=\"num\">");
    if (auto requests = Number(phase, "requests")) page.Text(fmt::format("{:.0f}", *requests));
    page.Raw("</td>");
    cell(Number(l, "p50_ms"));
    cell(Number(l, "p90_ms"));
    cell(Number(l, "p99_ms"));
    page.Raw("<td class=\"num\">");
    if (auto rate = Number(phase, "throughput_per_s")) page.Text(fmt::format("{:.1f}", *rate));
    page.Raw("</td></tr>\n");
  }
  page.Raw("</tbody></table>\n");
}

}  // namespace

void RenderSpeed(const json& doctor, PageBuilder& page) {
  const auto step = OpenStepSection(doctor, "bench", "speed", "Speed", page);
  if (step.result == nullptr) return;
  const json& bench = *step.result;
  page.Raw("<div class=\"charts\">\n");
  HistogramCharts(bench, page);
  ColdWarmChart(bench, page);
  page.Raw("</div>\n");
  if (const json* cold = Member(bench, "cold_start")) ColdStartTable(*cold, page);
  SteadyTable(bench, page);
  const json& warnings = Array(bench, "warnings");
  if (!warnings.empty()) {
    page.Raw("<ul class=\"muted\">");
    for (const json& warning : warnings) {
      if (warning.is_string()) page.Raw("<li>").Text(warning.get<std::string>()).Raw("</li>");
    }
    page.Raw("</ul>\n");
  }
  Reproduce(page, step);
  page.Raw("</section>\n");
}

}  // namespace ortkit::report::doctor_html
