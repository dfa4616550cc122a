// RenderTraceHtml: doctor's page skeleton (assets/doctor_page.html) and page builder
// (doctor_html_parts.h) filled with the trace's sections.
#include "report/trace_html.h"

#include <map>

#include <fmt/format.h>

#include "report/doctor_html_parts.h"
#include "report/html_template.h"
#include "trace/trace_memory_analysis.h"

namespace ortkit::report {
namespace {

using doctor_html::PageBuilder;
using nlohmann::json;
using trace::TraceDocument;
using trace::TraceOutcome;

constexpr double kMiB = 1024.0 * 1024.0;

// Replaces each @NAME@ with values.at(NAME) in one pass (as doctor_html.cc does; text put in is
// never scanned again). An @ not starting a known placeholder is kept.
std::string Mib(double bytes) { return fmt::format("{:.1f} MiB", bytes / kMiB); }

void Card(PageBuilder& page, const std::string& area, const std::string& status, const std::string& css,
          const std::string& headline) {
  page.Raw("<div class=\"verdict ").Raw(css).Raw("\"><span class=\"status\">").Text(status);
  page.Raw("</span><div class=\"area\">").Text(area).Raw("</div><p class=\"headline\">").Text(headline).Raw("</p></div>\n");
}

void RenderVerdict(const TraceOutcome& outcome, PageBuilder& page) {
  page.Raw("<section id=\"verdict\"><h2>Verdict</h2>\n<p class=\"headline\" id=\"verdict-line\">");
  page.Text(trace::Verdict(outcome)).Raw("</p>\n<div class=\"verdicts\">\n");
  int64_t leaks = 0, misuse = 0;
  std::string memory = "not judged";
  std::string memory_css = "";
  std::string memory_headline = "too few samples to judge";
  for (const TraceDocument& d : outcome.processes) {
    leaks += trace::LeakCount(d);
    misuse += trace::MisuseCount(d);
    const trace::TraceMemoryAnalysis a = trace::AnalyzeTraceMemory(d.memory);
    if (!a.analysed) continue;
    if (memory_css.empty() || a.leak) {
      memory = a.verdict;
      memory_headline = trace::DescribeMemory(a);
      memory_css = a.leak ? "status-problem" : a.verdict == "stable" || a.verdict == "plateau" ? "status-good" : "status-warning";
    }
  }
  Card(page, "leaks", leaks > 0 ? "problem" : "good", leaks > 0 ? "status-problem" : "status-good",
       leaks > 0 ? fmt::format("{} never released", leaks) : "everything ORT handed out was released");
  Card(page, "misuse", misuse > 0 ? "problem" : "good", misuse > 0 ? "status-problem" : "status-good",
       misuse > 0 ? fmt::format("{} double releases or uses after release", misuse) : "none");
  Card(page, "memory", memory_css.empty() ? "n/a" : memory, memory_css, memory_headline);
  Card(page, "program", outcome.end, outcome.exit_code == 0 ? "status-good" : "status-warning", outcome.end);
  page.Raw("</div></section>\n");
}

void RenderLeaks(const TraceDocument& d, PageBuilder& page) {
  page.Raw("<h3>Leaks by call site</h3>\n");
  if (d.leaks.empty()) {
    page.Raw("<p class=\"note status-good\">None: everything ONNX Runtime handed out was released.</p>\n");
    return;
  }
  page.Raw("<table class=\"leaks\"><thead><tr><th class=\"num\">count</th><th>what</th><th>made by</th><th>call site</th>"
           "<th>fix</th></tr></thead><tbody>\n");
  for (const trace::TraceLeak& leak : d.leaks) {
    page.Raw("<tr><td class=\"num\">").Text(std::to_string(leak.count)).Raw("</td><td>").Text(leak.type);
    page.Raw("</td><td><code>").Text(leak.api).Raw("</code></td><td><code>").Text(trace::DescribeCallSite(leak.stack));
    page.Raw("</code></td><td>").Text(trace::LeakAdvice(leak.type, leak.api)).Raw("</td></tr>\n");
  }
  page.Raw("</tbody></table>\n");
}

void RenderMisuse(const TraceDocument& d, PageBuilder& page) {
  page.Raw("<h3>Misuse</h3>\n");
  if (d.misuse.empty()) {
    page.Raw("<p class=\"note status-good\">None.</p>\n");
    return;
  }
  for (const trace::TraceMisuse& m : d.misuse) {
    page.Raw("<div class=\"finding severity-error\"><p><span class=\"id\">").Text(m.what).Raw("</span> ");
    page.Text(fmt::format("{}{} on a {} from {}", m.call, m.count > 1 ? fmt::format(" (x{})", m.count) : "", m.type, m.api));
    page.Raw("</p><dl class=\"facts\"><dt>created at</dt><dd><code>").Text(trace::DescribeCallSite(m.created_at));
    page.Raw("</code></dd><dt>first released at</dt><dd><code>").Text(trace::DescribeCallSite(m.first_release_at));
    page.Raw("</code></dd><dt>again at</dt><dd><code>").Text(trace::DescribeCallSite(m.second_call_at));
    page.Raw("</code></dd></dl><p class=\"muted\">")
        .Text(m.skipped ? "The second call was skipped (--on-misuse skip)." : "The second call was passed on to ONNX Runtime.")
        .Raw("</p></div>\n");
  }
}

void RenderSessions(const TraceDocument& d, PageBuilder& page) {
  page.Raw("<h3>Sessions</h3>\n");
  if (d.sessions.empty()) {
    page.Raw("<p class=\"note\">None created.</p>\n");
    return;
  }
  page.Raw("<table class=\"sessions\"><thead><tr><th class=\"num\">#</th><th>model</th><th class=\"num\">created</th>"
           "<th class=\"num\">load</th><th class=\"num\">resident +</th><th>options</th><th>released</th><th>created at</th>"
           "</tr></thead><tbody>\n");
  for (const trace::TraceSession& s : d.sessions) {
    std::string options;
    auto add = [&options](const std::string& text) { options += (options.empty() ? "" : ", ") + text; };
    if (s.options.intra_op_threads > 0) add(fmt::format("intra-op threads {}", s.options.intra_op_threads));
    if (s.options.inter_op_threads > 0) add(fmt::format("inter-op threads {}", s.options.inter_op_threads));
    if (s.options.optimization_level >= 0) add(fmt::format("optimization level {}", s.options.optimization_level));
    if (s.options.cpu_arena == 0) add("cpu arena off");
    if (s.options.mem_pattern == 0) add("memory pattern off");
    for (const std::string& p : s.options.providers) add("provider " + p);
    const std::string model = s.source == "file" ? s.model : fmt::format("<{} bytes, {}>", s.bytes, s.bytes_hash);
    page.Raw("<tr><td class=\"num\">").Text(std::to_string(s.id)).Raw("</td><td><code>").Text(model);
    page.Raw("</code></td><td class=\"num\">").Text(fmt::format("{:.0f} ms", s.created_ms));
    page.Raw("</td><td class=\"num\">").Text(fmt::format("{:.1f} ms", s.load_ms));
    page.Raw("</td><td class=\"num\">").Text(Mib(static_cast<double>(s.rss_delta_bytes))).Raw("</td><td>");
    page.Text(options.empty() ? "defaults" : options).Raw("</td><td>").Text(s.released ? "yes" : "never");
    page.Raw("</td><td><code>").Text(trace::DescribeCallSite(s.created_at)).Raw("</code></td></tr>\n");
  }
  page.Raw("</tbody></table>\n");
}

void RenderRuns(const TraceDocument& d, PageBuilder& page) {
  page.Raw("<h3>Runs</h3>\n");
  bool any = false;
  for (const trace::TraceSession& s : d.sessions) any = any || s.runs.count > 0 || s.runs.failed > 0;
  if (!any) {
    page.Raw("<p class=\"note\">No Run call.</p>\n");
    return;
  }
  page.Raw("<table class=\"runs\"><thead><tr><th class=\"num\">session</th><th class=\"num\">runs</th>"
           "<th class=\"num\">failed</th><th class=\"num\">p50</th><th class=\"num\">p90</th><th class=\"num\">p99</th>"
           "<th class=\"num\">max</th><th>input shapes (runs, first at run)</th></tr></thead><tbody>\n");
  for (const trace::TraceSession& s : d.sessions) {
    if (s.runs.count == 0 && s.runs.failed == 0) continue;
    page.Raw("<tr><td class=\"num\">").Text(std::to_string(s.id)).Raw("</td><td class=\"num\">").Text(std::to_string(s.runs.count));
    page.Raw("</td><td class=\"num\">").Text(std::to_string(s.runs.failed));
    for (double us : {s.runs.p50_us, s.runs.p90_us, s.runs.p99_us, s.runs.max_us}) {
      page.Raw("</td><td class=\"num\">").Text(fmt::format("{:.1f} us", us));
    }
    page.Raw("</td><td>");
    for (const trace::TraceShape& shape : s.runs.shapes) {
      page.Raw("<code>").Text(shape.inputs).Raw("</code> ");
      page.Text(fmt::format("({} runs, first at run {}, {:.1f} us)", shape.runs, shape.first_run, shape.first_run_us)).Raw("<br>");
    }
    page.Raw("</td></tr>\n");
  }
  page.Raw("</tbody></table>\n");
}

void RenderMemory(const TraceDocument& d, PageBuilder& page) {
  page.Raw("<h3>Memory</h3>\n");
  const trace::TraceMemory& memory = d.memory;
  if (memory.samples.empty()) {
    page.Raw("<p class=\"note\">No samples: no successful Run call.</p>\n");
    return;
  }
  const trace::TraceMemoryAnalysis a = trace::AnalyzeTraceMemory(memory);
  const std::string css = !a.analysed ? "" : a.leak ? " status-problem" : a.verdict == "stable" || a.verdict == "plateau" ? " status-good" : " status-warning";
  page.Raw("<p class=\"note").Raw(css).Raw("\" id=\"memory-verdict\">").Text(trace::DescribeMemory(a)).Raw("</p>\n");
  page.Raw("<dl class=\"facts\"><dt>samples</dt><dd>");
  page.Text(fmt::format("{} from run {} to run {}{}", memory.samples.size(), memory.samples.front().run, memory.samples.back().run,
                        a.analysed ? fmt::format(" (warm-up to run {})", a.warmup_runs) : ""));
  if (a.analysed) {
    page.Raw("</dd><dt>slope per run</dt><dd>").Text(fmt::format("{} (95% interval {} to {}), R² {:.2f}",
                                                                  trace::FormatBytes(a.slope_per_run), trace::FormatBytes(a.ci_low),
                                                                  trace::FormatBytes(a.ci_high), a.r_squared));
  }
  page.Raw("</dd><dt>sampling</dt><dd>");
  page.Text(fmt::format("{:.1f} us a sample, {:.2f} ms in all: {:.2f}% of the {:.1f} ms spent in {} Run calls (budget {:.0f}%)",
                        memory.cost_us, memory.sampling_ms, 100 * memory.overhead, memory.run_ms, memory.runs,
                        100 * memory.budget));
  page.Raw("</dd></dl>\n");
  for (const std::string& note : a.notes) page.Raw("<p class=\"muted\">").Text(note).Raw("</p>\n");
  json rss = json::array(), heap = json::array();
  for (const trace::TraceMemorySample& s : memory.samples) {
    rss.push_back({{"x", s.run}, {"y", static_cast<double>(s.rss) / kMiB}});
    heap.push_back({{"x", s.run}, {"y", static_cast<double>(s.heap) / kMiB}});
  }
  json datasets = json::array({{{"label", "resident (RSS)"}, {"data", std::move(rss)}}});
  if (memory.heap_available) datasets.push_back({{"label", "C heap in use"}, {"data", std::move(heap)}});
  json spec = {{"type", "line"}, {"x_linear", true}, {"x_title", "run"}, {"y_title", "MiB"}, {"datasets", datasets}};
  page.Raw("<div class=\"charts\">\n");
  page.Chart(fmt::format("Memory over the runs (pid {})", d.pid), std::move(spec),
             "Sampled after Run calls, within 2% of the time spent in Run.");
  page.Raw("</div>\n");
}

std::string CommandLine(const std::vector<std::string>& command) {
  std::string text;
  for (const std::string& arg : command) text += (text.empty() ? "" : " ") + arg;
  return text;
}

}  // namespace

std::string RenderTraceHtml(const trace::TraceOutcome& outcome, const nlohmann::json& document) {
  PageBuilder page;
  page.Raw("<header><h1><span class=\"tool\">ortkit trace</span> ").Text(CommandLine(outcome.command)).Raw("</h1>\n");
  page.Raw("<p class=\"subtitle\">").Text(fmt::format("program: {}; {} process(es) used ONNX Runtime", outcome.end,
                                                      outcome.processes.size()));
  page.Raw("</p></header>\n");
  RenderVerdict(outcome, page);
  static const std::pair<const char*, void (*)(const TraceDocument&, PageBuilder&)> kSections[] = {
      {"leaks", RenderLeaks}, {"misuse", RenderMisuse}, {"sessions", RenderSessions}, {"runs", RenderRuns}, {"memory", RenderMemory}};
  for (const TraceDocument& d : outcome.processes) {
    page.Raw(fmt::format("<section id=\"process-{}\"><h2>", d.pid)).Text(fmt::format("Process {}", d.pid)).Raw("</h2>\n");
    if (!d.untraced_reason.empty()) page.Raw("<p class=\"note status-warning\">Not traced: ").Text(d.untraced_reason).Raw("</p>\n");
    if (!d.second_ort_library.empty()) {
      page.Raw("<p class=\"note status-warning\">").Text("Two ONNX Runtime copies are loaded: " + d.ort_library + " (traced) and " +
                                                         d.second_ort_library + " (not traced).").Raw("</p>\n");
    }
    for (const auto& [id, render] : kSections) {
      page.Raw(fmt::format("<div id=\"{}-{}\">", id, d.pid));
      render(d, page);
      page.Raw("</div>\n");
    }
    page.Raw("</section>\n");
  }
  page.Raw("<footer>Written by ortkit trace. Charts drawn with Chart.js 3.9.1 (MIT license, included in this file). The "
           "full trace JSON is embedded in this page (script#ortkit-doctor-json).</footer>\n");
  return ReportPage("ortkit trace", "ortkit trace: " + CommandLine(outcome.command), page.html(), document,
                    page.chart_specs());
}

}  // namespace ortkit::report
