// The doctor report's memory section, from `ortkit memcheck --json`: the verdict, memory per
// iteration with the lasting steps marked, and the variants with the recommendation.
#include <fmt/format.h>

#include "report/doctor_html_parts.h"
#include "report/human_size.h"

namespace ortkit::report::doctor_html {
namespace {

constexpr double kMiB = 1024.0 * 1024.0;

std::string Bytes(std::optional<double> bytes) {
  return bytes && *bytes >= 0 ? HumanBytes(static_cast<uint64_t>(*bytes)) : "";
}

// memcheck's per-iteration samples: "series" at the top (doctor's addition) or in "analysis".
const json& Series(const json& memcheck) {
  const json& top = Array(memcheck, "series");
  if (!top.empty()) return top;
  if (const json* analysis = Member(memcheck, "analysis")) return Array(*analysis, "series");
  return top;
}

void MemoryChart(const json& memcheck, PageBuilder& page) {
  const json& series = Series(memcheck);
  static const std::pair<const char*, const char*> kLines[] = {
      {"rss", "resident (RSS)"}, {"anon", "anonymous resident"}, {"heap", "C heap in use"}};
  json datasets = json::array();
  for (const auto& [key, label] : kLines) {
    json points = json::array();
    for (const json& sample : series) {
      auto iteration = Number(sample, "iteration");
      auto bytes = Number(sample, key);
      if (iteration && bytes) points.push_back({{"x", *iteration}, {"y", *bytes / kMiB}});
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
  const json* analysis = Member(memcheck, "analysis");
  for (const json& step : analysis != nullptr ? Array(*analysis, "steps") : Array(memcheck, "steps")) {
    auto iteration = Number(step, "sampled_after");
    if (!iteration) iteration = Number(step, "iteration");
    if (!iteration || rss.empty()) continue;
    const json* nearest = &rss[0];
    for (const json& point : rss) {
      if (point["x"].get<double>() <= *iteration) nearest = &point;
    }
    markers.push_back({{"x", *iteration}, {"y", (*nearest)["y"]}});
  }
  if (!markers.empty()) {
    datasets.push_back({{"label", "step (lasting rise)"}, {"data", std::move(markers)}, {"markers", true}, {"color", "#b42318"}});
  }
  json spec = {{"type", "line"}, {"x_linear", true}, {"x_title", "iteration"}, {"y_title", "MiB"}, {"datasets", datasets}};
  page.Chart("Memory per iteration", std::move(spec), "Triangles mark the lasting steps memcheck found.");
}

void StepsList(const json& analysis, PageBuilder& page) {
  const json& steps = Array(analysis, "steps");
  if (steps.empty()) return;
  page.Raw("<h3>Steps</h3><table><thead><tr><th class=\"num\">iteration</th><th class=\"num\">rise</th><th>shape</th>"
           "<th>cause</th></tr></thead><tbody>\n");
  for (const json& step : steps) {
    page.Raw("<tr><td class=\"num\">");
    if (auto iteration = Number(step, "iteration")) page.Text(fmt::format("{:.0f}", *iteration));
    page.Raw("</td><td class=\"num\">").Text(Bytes(Number(step, "bytes"))).Raw("</td><td>").Text(Text(step, "shape"));
    page.Raw("</td><td>").Text(Text(step, "cause")).Raw("</td></tr>\n");
  }
  page.Raw("</tbody></table>\n");
}

void VariantsTable(const json& memcheck, PageBuilder& page) {
  const json& variants = Array(memcheck, "variants");
  const json* recommendation = Member(memcheck, "recommendation");
  const std::string chosen = recommendation != nullptr ? Text(*recommendation, "variant") : "";
  if (recommendation != nullptr) {
    const std::string headline = Text(*recommendation, "headline");
    if (!headline.empty()) page.Raw("<p><strong>Recommendation:</strong> ").Text(headline).Raw("</p>\n");
    const std::string trade_off = Text(*recommendation, "trade_off");
    if (!trade_off.empty()) page.Raw("<p class=\"muted\">").Text(trade_off).Raw("</p>\n");
  }
  if (variants.empty()) return;
  page.Raw("<h3>Memory settings tried (each in a fresh process)</h3><table><thead><tr><th>variant</th><th>change</th>"
           "<th class=\"num\">steady anon</th><th class=\"num\">peak RSS</th><th class=\"num\">p50</th><th>verdict</th>"
           "</tr></thead><tbody>\n");
  for (const json& variant : variants) {
    const std::string name = Text(variant, "name", "?");
    page.Raw(name == chosen ? "<tr class=\"chosen\"><td>" : "<tr><td>").Text(name);
    if (name == chosen) page.Raw(" ✓");
    page.Raw("</td><td>").Text(Text(variant, "change")).Raw("</td><td class=\"num\">");
    page.Text(Bytes(Number(variant, "steady_anon"))).Raw("</td><td class=\"num\">").Text(Bytes(Number(variant, "peak_rss")));
    page.Raw("</td><td class=\"num\">");
    if (auto p50 = Number(variant, "p50_ms")) page.Text(FormatMs(*p50));
    page.Raw("</td><td>").Text(Text(variant, "verdict")).Raw("</td></tr>\n");
  }
  page.Raw("</tbody></table>\n");
}

}  // namespace

void RenderMemory(const json& doctor, PageBuilder& page) {
  const auto step = OpenStepSection(doctor, "memcheck", "memory", "Memory", page);
  if (step.result == nullptr) return;
  const json& memcheck = *step.result;
  static const json kNone = json::object();
  const json* analysis_member = Member(memcheck, "analysis");
  const json& analysis = analysis_member != nullptr ? *analysis_member : kNone;
  const std::string summary = Text(analysis, "summary");
  if (!summary.empty()) page.Raw("<p><strong>").Text(summary).Raw("</strong></p>\n");
  page.Raw("<div class=\"charts\">\n");
  MemoryChart(memcheck, page);
  page.Raw("</div>\n");
  StepsList(analysis, page);
  VariantsTable(memcheck, page);
  Reproduce(page, step);
  page.Raw("</section>\n");
}

}  // namespace ortkit::report::doctor_html
