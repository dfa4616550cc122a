// The doctor report's memory section, from `ortkit memcheck --json`: the verdict, memory per
// iteration with the lasting steps marked, and the variants with the recommendation.
#include <fmt/format.h>

#include "report/doctor_html_parts.h"
#include "report/human_size.h"

namespace ortkit::report::doctor_html {
namespace {

constexpr double kMiB = 1024.0 * 1024.0;

std::string Bytes(double bytes) { return bytes >= 0 ? HumanBytes(static_cast<uint64_t>(bytes)) : ""; }

void MemoryChart(const doctor::MemcheckResult& memcheck, PageBuilder& page) {
  using Sample = doctor::MemcheckSample;
  static const std::pair<std::optional<double> (*)(const Sample&), const char*> kLines[] = {
      {[](const Sample& s) -> std::optional<double> { return s.rss; }, "resident (RSS)"},
      {[](const Sample& s) -> std::optional<double> { return s.anon; }, "anonymous resident"},
      {[](const Sample& s) { return s.heap; }, "C heap in use"},
      {[](const Sample& s) { return s.arena_in_use; }, "ORT arena in use"},
      {[](const Sample& s) { return s.arena_total_allocated; }, "ORT arena reserved"}};
  json datasets = json::array();
  for (const auto& [bytes_of, label] : kLines) {
    json points = json::array();
    for (const Sample& sample : memcheck.series) {
      if (const auto bytes = bytes_of(sample)) points.push_back({{"x", sample.iteration}, {"y", *bytes / kMiB}});
    }
    if (!points.empty()) datasets.push_back({{"label", label}, {"data", std::move(points)}});
  }
  if (datasets.empty()) {
    page.Raw("<p class=\"note\">This memcheck run kept no per-iteration series to chart.</p>\n");
    return;
  }
  // The steps sit on the first line (resident) at the sample taken right after them
  // ("sampled_after"; memcheck keeps that sample in the series), else the latest before.
  json markers = json::array();
  const json& rss = datasets[0]["data"];
  for (const doctor::MemcheckStep& step : memcheck.analysis.steps) {
    if (rss.empty()) continue;
    const json* nearest = &rss[0];
    for (const json& point : rss) {
      if (point["x"].get<double>() <= step.sampled_after) nearest = &point;
    }
    markers.push_back({{"x", step.sampled_after}, {"y", (*nearest)["y"]}});
  }
  if (!markers.empty()) {
    datasets.push_back({{"label", "step (lasting rise)"}, {"data", std::move(markers)}, {"markers", true}, {"color", "#b42318"}});
  }
  json spec = {{"type", "line"}, {"x_linear", true}, {"x_title", "iteration"}, {"y_title", "MiB"}, {"datasets", datasets}};
  page.Chart("Memory per iteration", std::move(spec), "Triangles mark the lasting steps memcheck found.");
}

void StepsList(const doctor::MemcheckAnalysis& analysis, PageBuilder& page) {
  if (analysis.steps.empty()) return;
  page.Raw("<h3>Steps</h3><table><thead><tr><th class=\"num\">iteration</th><th class=\"num\">rise</th><th>shape</th>"
           "<th>cause</th></tr></thead><tbody>\n");
  for (const doctor::MemcheckStep& step : analysis.steps) {
    page.Raw("<tr><td class=\"num\">").Text(fmt::format("{:.0f}", step.iteration));
    page.Raw("</td><td class=\"num\">").Text(Bytes(step.bytes)).Raw("</td><td>").Text(step.shape);
    page.Raw("</td><td>").Text(step.cause).Raw("</td></tr>\n");
  }
  page.Raw("</tbody></table>\n");
}

void VariantsTable(const doctor::MemcheckResult& memcheck, PageBuilder& page) {
  const auto& recommendation = memcheck.recommendation;
  const std::string chosen = recommendation ? recommendation->variant : "";
  if (recommendation) {
    if (!recommendation->headline.empty()) {
      page.Raw("<p><strong>Recommendation:</strong> ").Text(recommendation->headline).Raw("</p>\n");
    }
    if (!recommendation->trade_off.empty()) page.Raw("<p class=\"muted\">").Text(recommendation->trade_off).Raw("</p>\n");
  }
  if (!memcheck.variants || memcheck.variants->empty()) return;
  page.Raw("<h3>Memory settings tried (each in a fresh process)</h3><table><thead><tr><th>variant</th><th>change</th>"
           "<th class=\"num\">steady anon</th><th class=\"num\">peak RSS</th><th class=\"num\">p50</th><th>verdict</th>"
           "</tr></thead><tbody>\n");
  for (const doctor::MemcheckVariant& variant : *memcheck.variants) {
    page.Raw(variant.name == chosen ? "<tr class=\"chosen\"><td>" : "<tr><td>").Text(variant.name);
    if (variant.name == chosen) page.Raw(" ✓");
    page.Raw("</td><td>").Text(variant.change.value_or("")).Raw("</td><td class=\"num\">");
    page.Text(Bytes(variant.steady_anon)).Raw("</td><td class=\"num\">").Text(Bytes(variant.peak_rss));
    page.Raw("</td><td class=\"num\">").Text(FormatMs(variant.p50_ms));
    page.Raw("</td><td>").Text(variant.verdict).Raw("</td></tr>\n");
  }
  page.Raw("</tbody></table>\n");
}

}  // namespace

void RenderMemory(const DoctorReport& doctor, PageBuilder& page) {
  const doctor::MemcheckResult* memcheck = OpenStepSection(doctor.memcheck, "memory", "Memory", page);
  if (memcheck == nullptr) return;
  const std::string& summary = memcheck->analysis.summary;
  if (!summary.empty()) page.Raw("<p><strong>").Text(summary).Raw("</strong></p>\n");
  page.Raw("<div class=\"charts\">\n");
  MemoryChart(*memcheck, page);
  page.Raw("</div>\n");
  StepsList(memcheck->analysis, page);
  VariantsTable(*memcheck, page);
  Reproduce(page, doctor.memcheck);
  page.Raw("</section>\n");
}

}  // namespace ortkit::report::doctor_html
