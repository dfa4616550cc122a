// The doctor report's speed section, from `ortkit bench --json`: the cold start broken down, a
// latency histogram per steady phase, first run vs steady p50 per shape, and the steady table.
#include <map>

#include <fmt/format.h>

#include "report/doctor_html_parts.h"

namespace ortkit::report::doctor_html {
namespace {

void ColdStartTable(const bench::ColdStart& cold, PageBuilder& page) {
  const std::pair<const bench::LatencyStats*, const char*> parts[] = {
      {&cold.read_file, "read the file"},
      {&cold.session_create, "create the session"},
      {&cold.first_run, "first run"},
      {&cold.second_run, "second run"},
  };
  page.Raw("<h3>Cold start</h3><p>Each measured in a fresh process");
  page.Text(fmt::format(" ({} process{})", cold.runs, cold.runs == 1 ? "" : "es"));
  page.Raw(":</p><table><thead><tr><th>part</th><th class=\"num\">median</th><th class=\"num\">worst</th></tr></thead><tbody>\n");
  for (const auto& [stats, words] : parts) {
    page.Raw("<tr><td>").Text(words).Raw("</td><td class=\"num\">").Text(FormatMs(stats->p50));
    page.Raw("</td><td class=\"num\">").Text(FormatMs(stats->max)).Raw("</td></tr>\n");
  }
  page.Raw("</tbody></table>\n");
}

// A histogram whose sizes disagree is left out rather than drawn wrong.
bool Drawable(const bench::Histogram& histogram) {
  return !histogram.counts.empty() && histogram.edges_ms.size() == histogram.counts.size() + 1;
}

void HistogramCharts(const bench::BenchResult& bench, PageBuilder& page) {
  for (const bench::PhaseResult& phase : bench.phases) {
    const bench::Histogram& histogram = phase.histogram;
    if (!Drawable(histogram)) continue;
    const std::vector<double>& edges = histogram.edges_ms;
    json labels = json::array();
    for (size_t i = 0; i + 1 < edges.size(); ++i) labels.push_back(FormatMs((edges[i] + edges[i + 1]) / 2));
    json spec = {{"type", "bar"}, {"histogram", true}, {"labels", labels},
                 {"x_title", "latency (bin centre)"}, {"y_title", "requests"},
                 {"datasets", json::array({{{"label", "requests"}, {"data", histogram.counts}}})}};
    const std::string caption = "p50 " + FormatMs(phase.latency.p50) + ", p99 " + FormatMs(phase.latency.p99);
    page.Chart("Latency histogram: " + phase.name, std::move(spec), caption);
  }
}

// First run of each shape (cold_start.first_run for the first shape, new_shape_first_run for
// the others) next to that shape's steady p50.
void ColdWarmChart(const bench::BenchResult& bench, PageBuilder& page) {
  std::map<std::string, double> first_run;
  if (!bench.phases.empty()) first_run[bench.phases[0].name] = bench.cold.first_run.p50;
  for (const auto& [shape, stats] : bench.cold.new_shape_first_run) first_run[shape] = stats.p50;
  json labels = json::array(), cold_data = json::array(), warm_data = json::array();
  for (const bench::PhaseResult& phase : bench.phases) {
    auto it = first_run.find(phase.name);
    if (it == first_run.end()) continue;
    labels.push_back(phase.name);
    cold_data.push_back(it->second);
    warm_data.push_back(phase.latency.p50);
  }
  if (labels.empty()) return;
  json spec = {{"type", "bar"}, {"labels", labels}, {"y_log", true}, {"y_title", "ms (log scale)"},
               {"datasets", json::array({{{"label", "first run of the shape (cold)"}, {"data", cold_data}, {"color", "#e07b39"}},
                                         {{"label", "steady p50 (warm)"}, {"data", warm_data}, {"color", "#2f6fde"}}})}};
  page.Chart("Cold vs warm per shape", std::move(spec), "A new shape pays for allocations and plans once.");
}

void SteadyTable(const bench::BenchResult& bench, PageBuilder& page) {
  if (bench.phases.empty()) return;
  page.Raw("<h3>Steady state</h3><table><thead><tr><th>phase</th><th class=\"num\">requests</th><th class=\"num\">p50</th>"
           "<th class=\"num\">p90</th><th class=\"num\">p99</th><th class=\"num\">per second</th></tr></thead><tbody>\n");
  for (const bench::PhaseResult& phase : bench.phases) {
    const bench::LatencyStats& l = phase.latency;
    page.Raw("<tr><td>").Text(phase.name).Raw("</td><td class=\"num\">").Text(fmt::format("{}", phase.requests));
    page.Raw("</td>");
    for (double ms : {l.p50, l.p90, l.p99}) page.Raw("<td class=\"num\">").Text(FormatMs(ms)).Raw("</td>");
    page.Raw("<td class=\"num\">").Text(fmt::format("{:.1f}", phase.throughput_per_s)).Raw("</td></tr>\n");
  }
  page.Raw("</tbody></table>\n");
}

}  // namespace

void RenderSpeed(const DoctorReport& doctor, PageBuilder& page) {
  const bench::BenchResult* bench = OpenStepSection(doctor.bench, "speed", "Speed", page);
  if (bench == nullptr) return;
  page.Raw("<div class=\"charts\">\n");
  HistogramCharts(*bench, page);
  ColdWarmChart(*bench, page);
  page.Raw("</div>\n");
  ColdStartTable(bench->cold, page);
  SteadyTable(*bench, page);
  if (!bench->warnings.empty()) {
    page.Raw("<ul class=\"muted\">");
    for (const std::string& warning : bench->warnings) page.Raw("<li>").Text(warning).Raw("</li>");
    page.Raw("</ul>\n");
  }
  Reproduce(page, doctor.bench);
  page.Raw("</section>\n");
}

}  // namespace ortkit::report::doctor_html
