// The doctor HTML report: escaping, the embedded JSON, every section from a real fixture, and
// partial documents (missing, failed, skipped, timed-out steps). Documents of the wrong shape are
// refused by ParseDoctorReport before any rendering (tests/doctor/doctor_report_test.cc).
#include "report/doctor_html.h"

#include <fstream>
#include <sstream>
#include <stdexcept>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "doctor/doctor_report.h"
#include "ortkit/error.h"
#include "report/assets/embedded_assets.h"
#include "report/compress_render.h"
#include "report/doctor_figures.h"
#include "report/doctor_html_parts.h"
#include "report/html_escape.h"

namespace ortkit::report {
namespace {

using nlohmann::json;

json Fixture() {
  std::ifstream in(ORTKIT_DOCTOR_FIXTURE);
  EXPECT_TRUE(in.good()) << "cannot read " << ORTKIT_DOCTOR_FIXTURE;
  return json::parse(in);
}

// The page for `doctor`, read as `ortkit doctor` reads it before rendering.
std::string RenderDoctorHtml(const json& doctor) {
  return report::RenderDoctorHtml(doctor::ParseDoctorReport(doctor), doctor);
}

size_t Count(const std::string& text, const std::string& needle) {
  size_t n = 0;
  for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
  return n;
}

// The text of the <script> element whose id is `id`.
std::string ScriptBlock(const std::string& html, const std::string& id) {
  const std::string open = "id=\"" + id + "\">";
  const size_t start = html.find(open);
  if (start == std::string::npos) return "";
  const size_t end = html.find("</script>", start);
  return html.substr(start + open.size(), end - start - open.size());
}

// The section element with this id, up to its closing tag.
std::string Section(const std::string& html, const std::string& id) {
  const size_t start = html.find("<section id=\"" + id + "\">");
  if (start == std::string::npos) return "";
  return html.substr(start, html.find("</section>", start) - start);
}

json& Step(json& doctor, const std::string& name) {
  for (json& step : doctor["steps"]) {
    if (step["name"] == name) return step;
  }
  throw std::runtime_error("no step " + name);
}

TEST(HtmlEscapeTest, EscapesTheFiveSpecialCharacters) {
  EXPECT_EQ(EscapeHtml("a<b>&\"c'"), "a&lt;b&gt;&amp;&quot;c&#39;");
  EXPECT_EQ(EscapeHtml("plain ünïcode"), "plain ünïcode");
}

TEST(HtmlEscapeTest, ScriptSafeJavaScriptCannotCloseTheBlock) {
  EXPECT_EQ(ScriptSafeJavaScript("s='</script>'; t=\"</SCRIPT \"; <!-- x"),
            "s='<\\/script>'; t=\"<\\/SCRIPT \"; <\\!-- x");
  EXPECT_EQ(ScriptSafeJavaScript("a < b && c </ d"), "a < b && c </ d");
  EXPECT_EQ(ScriptSafeJavaScript("ends with </scrip"), "ends with </scrip");
}

TEST(HtmlEscapeTest, ScriptSafeJsonEscapesAndStillParsesToTheSameValue) {
  const json value = {{"name", "</script><script>alert(1)</script> & <!-- \u2028\u2029"},
                      {"list", json::array({1, 2.5, nullptr, "a>b"})}};
  const std::string text = ScriptSafeJson(value);
  EXPECT_EQ(text.find('<'), std::string::npos);
  EXPECT_EQ(text.find('>'), std::string::npos);
  EXPECT_EQ(text.find('&'), std::string::npos);
  EXPECT_EQ(text.find("\u2028"), std::string::npos);
  EXPECT_EQ(text.find("\u2029"), std::string::npos);
  EXPECT_NE(text.find("\\u2028"), std::string::npos);
  EXPECT_EQ(json::parse(text), value);
}

TEST(HtmlEscapeTest, ScriptSafeJsonReplacesInvalidUtf8InsteadOfThrowing) {
  const json value = {{"name", std::string("bad \xff byte")}};
  std::string text;
  EXPECT_NO_THROW(text = ScriptSafeJson(value));
  EXPECT_NE(text.find("bad "), std::string::npos);
}

TEST(DoctorFiguresTest, FormatsTimesForPeople) {
  EXPECT_EQ(FormatMs(0.4716), "0.472 ms");
  EXPECT_EQ(FormatMs(4.716), "4.72 ms");
  EXPECT_EQ(FormatMs(47.16), "47.2 ms");
  EXPECT_EQ(FormatMs(471.6), "472 ms");
  EXPECT_EQ(FormatMs(1234.0), "1.23 s");
  EXPECT_EQ(FormatSeconds(42.14), "42.1 s");
  EXPECT_EQ(FormatSeconds(125.0), "2 min 5 s");
  EXPECT_EQ(FormatShare(0.456), "46%");
  EXPECT_EQ(FormatShare(0.004), "0.4%");
}

TEST(DoctorHtmlPartsTest, StepNoteSaysWhyAStepHasNoResult) {
  using doctor_html::StepNoteText;
  doctor::StepInfo step;
  step.name = "bench";
  step.status = "failed";
  EXPECT_EQ(StepNoteText(step), "Failed (no message).");
  step.message = "exit 2.\n";
  EXPECT_EQ(StepNoteText(step), "Failed: exit 2.");
  step.status = "findings";
  EXPECT_EQ(StepNoteText(step), "'bench' left no result: exit 2.");
  step.status = "timed_out";
  step.seconds = 61;
  EXPECT_EQ(StepNoteText(step), "Timed out after 1 min 1 s: exit 2.");
  step.status = "missing";
  EXPECT_EQ(StepNoteText(step), "Not run: this doctor run has no 'bench' step.");
}

TEST(DoctorHtmlTest, QuotesTheModelPathInFixCommands) {
  json doctor = Fixture();
  doctor["model"]["path"] = "my models/it's.onnx";
  const std::string findings = Section(RenderDoctorHtml(doctor), "findings");
  EXPECT_NE(findings.find("ortkit fix &#39;my models/it&#39;\\&#39;&#39;s.onnx&#39; -o fixed.onnx --pass "), std::string::npos)
      << findings.substr(0, 2000);
  doctor["model"]["path"] = "plain/model-1.onnx";
  EXPECT_NE(Section(RenderDoctorHtml(doctor), "findings").find("ortkit fix plain/model-1.onnx -o fixed.onnx"),
            std::string::npos);
}

TEST(DoctorHtmlTest, FoldsAllButTheFirstThreeDetailsOfAVerdict) {
  json doctor = Fixture();
  doctor["verdicts"] = json::array({{{"area", "speed"}, {"status", "warning"}, {"headline", "h"},
                                     {"details", json::array({"d1", "d2", "d3", "d4", "d5"})}},
                                    {{"area", "memory"}, {"status", "good"}, {"headline", "h"},
                                     {"details", json::array({"m1", "m2", "m3"})}}});
  const std::string verdicts = Section(RenderDoctorHtml(doctor), "verdicts");
  EXPECT_NE(verdicts.find("<li>d3</li></ul><details><summary>2 more</summary><ul><li>d4</li><li>d5</li></ul></details>"),
            std::string::npos)
      << verdicts;
  EXPECT_NE(verdicts.find("<ul><li>m1</li><li>m2</li><li>m3</li></ul></div>"), std::string::npos) << verdicts;
  EXPECT_EQ(Count(verdicts, "<details>"), 1u);
}

TEST(DoctorHtmlTest, MarksActionsThatWereNotMeasured) {
  json doctor = Fixture();
  const auto action = [](int rank, const char* title, const char* effect, bool measured, const char* tier) {
    return json{{"rank", rank},         {"title", title}, {"effect", effect},       {"command", ""},
                {"measured", measured}, {"tier", tier},   {"reason", "the figures"}};
  };
  doctor["actions"] = json::array({action(1, "a", "p50 2 -> 1 ms", true, "do first"),
                                   action(2, "b", "smaller graph", false, "optional"),
                                   action(3, "c", "not measured", false, "optional")});
  const std::string actions = Section(RenderDoctorHtml(doctor), "actions");
  EXPECT_NE(actions.find("Measured: p50 2 -&gt; 1 ms"), std::string::npos);
  EXPECT_NE(actions.find("smaller graph <span class=\"badge\">not measured</span>"), std::string::npos);
  EXPECT_EQ(Count(actions, "not measured"), 2u) << "said once for b and once for c";
  EXPECT_EQ(Count(actions, "Measured:"), 1u);
  EXPECT_EQ(Count(actions, "<code class=\"cmd\">"), 0u) << "an empty command is not shown";
  EXPECT_EQ(Count(actions, "<span class=\"badge\">do first</span>"), 1u);
  EXPECT_EQ(Count(actions, "<span class=\"badge\">optional</span>"), 2u);
  EXPECT_NE(actions.find("at least 5% latency, or at least 10% and 32 MiB of memory"), std::string::npos)
      << "the thresholds are stated";
}

TEST(DoctorHtmlTest, InlinesChartJsWithItsLicenseAndMakesNoRequest) {
  ASSERT_GT(assets::kChartJs.size(), 100000u) << "Chart.js was not embedded";
  // The library's own header (name, version, license) comes first and stays in the page.
  EXPECT_NE(assets::kChartJs.substr(0, 200).find("Chart.js v3."), std::string_view::npos);
  EXPECT_NE(assets::kChartJs.substr(0, 200).find("Released under the MIT License"), std::string_view::npos);
  const std::string html = RenderDoctorHtml(Fixture());
  EXPECT_NE(html.find("Content-Security-Policy\" content=\"default-src 'none'; script-src 'unsafe-inline'; "
                      "style-src 'unsafe-inline'; img-src data:\""),
            std::string::npos);
  EXPECT_NE(html.find("Permission is hereby granted, free of charge"), std::string::npos);
  EXPECT_NE(html.find("Chart.js v3.9.1"), std::string::npos);
  EXPECT_NE(html.find(std::string(assets::kChartJs.substr(0, 300))), std::string::npos);
  EXPECT_NE(html.find(std::string(assets::kChartJs.substr(assets::kChartJs.size() - 300))), std::string::npos);
  // Nothing that would load: no external scripts, styles, images or frames.
  for (const char* loader : {" src=", "<link", "<iframe", "url(", "@import"}) {
    EXPECT_EQ(html.find(loader), std::string::npos) << loader;
  }
  // Exactly our four script blocks: the doctor JSON, the chart specs, Chart.js and doctor.js.
  EXPECT_EQ(Count(html, "<script"), 4u);
  EXPECT_EQ(Count(html, "</script>"), 4u);
}

TEST(DoctorHtmlTest, EmbedsTheDoctorJsonUnchanged) {
  const json doctor = Fixture();
  const std::string html = RenderDoctorHtml(doctor);
  EXPECT_EQ(json::parse(ScriptBlock(html, "ortkit-doctor-json")), doctor);
}

TEST(DoctorHtmlTest, RendersEverySectionOfTheFixture) {
  const std::string html = RenderDoctorHtml(Fixture());
  for (const char* id : {"verdicts", "actions", "speed", "memory", "profile", "findings", "model", "steps", "environment"}) {
    EXPECT_NE(Section(html, id), "") << id;
  }
  // Verdicts colour-coded by status, actions with their measured effect and command.
  EXPECT_EQ(Count(Section(html, "verdicts"), "class=\"verdict status-"), 4u);
  EXPECT_NE(Section(html, "actions").find("Measured: p50 "), std::string::npos);
  EXPECT_NE(Section(html, "actions").find("<code class=\"cmd\">ortkit fix "), std::string::npos);
  // check's findings with why and fix; the fix's verification; the model's signature.
  EXPECT_EQ(Count(Section(html, "findings"), "class=\"finding severity-"), 5u);
  EXPECT_NE(Section(html, "findings").find("Why it matters:"), std::string::npos);
  EXPECT_NE(Section(html, "findings").find("Outputs match the original"), std::string::npos);
  EXPECT_NE(Section(html, "model").find("<code>image</code>"), std::string::npos);
  EXPECT_NE(Section(html, "model").find("[batch,3,64,64]"), std::string::npos);
  // The exact commands behind the figures, and the environment.
  EXPECT_NE(Section(html, "speed").find("ortkit bench "), std::string::npos);
  EXPECT_NE(Section(html, "memory").find("ortkit memcheck "), std::string::npos);
  EXPECT_NE(Section(html, "profile").find("ortkit profile "), std::string::npos);
  // ORT's memory per node beside the time; the load as ortkit timed it.
  EXPECT_NE(Section(html, "profile").find("<h3>Memory per node</h3>"), std::string::npos);
  EXPECT_NE(Section(html, "profile").find("<td>/conv2/Conv</td><td>FusedConv</td><td class=\"num\">256.0 KiB"),
            std::string::npos);
  EXPECT_NE(Section(html, "profile").find("load (model and session, timed by ortkit)"), std::string::npos);
  EXPECT_NE(Section(html, "environment").find("ONNX Runtime</dt><dd>1.30.0"), std::string::npos);
  // What ORT found here, and each listed provider that cannot run here with why.
  EXPECT_NE(Section(html, "environment").find("<dd>CPUExecutionProvider on cpu (AMD)</dd>"), std::string::npos);
  EXPECT_NE(Section(html, "environment").find("<dt>cuda</dt><dd>cannot run here: libcudart.so.12"), std::string::npos);
}

TEST(DoctorHtmlTest, SpecifiesOneChartPerCanvas) {
  json doctor = Fixture();
  const std::string html = RenderDoctorHtml(doctor);
  const json specs = json::parse(ScriptBlock(html, "ortkit-chart-specs"));
  // A histogram per steady phase, cold vs warm, memory, op time, placement.
  const size_t phases = Step(doctor, "bench")["result"]["steady_state"].size();
  ASSERT_EQ(specs.size(), phases + 4);
  EXPECT_EQ(Count(html, "<canvas "), specs.size());
  std::vector<std::string> titles;
  for (const json& spec : specs) {
    EXPECT_NE(html.find("<canvas id=\"" + spec["id"].get<std::string>() + "\""), std::string::npos);
    ASSERT_FALSE(spec["datasets"].empty()) << spec["title"];
    EXPECT_FALSE(spec["datasets"][0]["data"].empty()) << spec["title"];
    titles.push_back(spec["title"]);
  }
  EXPECT_EQ(titles[phases], "Cold vs warm per shape");
  EXPECT_EQ(titles[phases + 1], "Memory per iteration");
  EXPECT_EQ(titles[phases + 2], "Time per op type");
  EXPECT_EQ(titles[phases + 3], "Provider placement (nodes)");
  // The memory chart marks memcheck's steps, each on the resident line.
  const json& memory = specs[phases + 1];
  const json& markers = memory["datasets"].back();
  EXPECT_TRUE(markers.value("markers", false));
  EXPECT_EQ(markers["data"].size(), Step(doctor, "memcheck")["result"]["analysis"]["steps"].size());
}

TEST(DoctorHtmlTest, EscapesEveryTextFromTheJson) {
  json doctor = Fixture();
  const std::string evil = "<script>alert(1)</script>";
  doctor["model"]["path"] = "models/" + evil + ".onnx";
  doctor["verdicts"][0]["headline"] = evil;
  doctor["verdicts"][0]["status"] = evil;
  doctor["actions"][0]["command"] = evil;
  doctor["environment"]["cpu"] = evil;
  Step(doctor, "check")["result"]["findings"][0]["message"] = evil;
  Step(doctor, "bench")["result"]["steady_state"][0]["name"] = evil;
  Step(doctor, "bench")["command_line"] = evil;
  Step(doctor, "memcheck")["result"]["variants"][0]["name"] = evil;
  Step(doctor, "profile")["result"]["ops"][0]["name"] = evil;
  Step(doctor, "inspect")["result"]["graph"]["inputs"][0]["name"] = evil;
  const std::string html = RenderDoctorHtml(doctor);
  EXPECT_EQ(html.find("alert(1)</script>"), std::string::npos);
  EXPECT_EQ(html.find("<script>alert"), std::string::npos);
  EXPECT_GE(Count(html, "&lt;script&gt;alert(1)&lt;/script&gt;"), 9u);
  EXPECT_EQ(Count(html, "<script"), 4u);
  // Still the same document once parsed back.
  EXPECT_EQ(json::parse(ScriptBlock(html, "ortkit-doctor-json")), doctor);
  EXPECT_EQ(json::parse(ScriptBlock(html, "ortkit-chart-specs"))[0]["title"], "Latency histogram: " + evil);
}

TEST(DoctorHtmlTest, EmbedsTheGraphViewInASandboxedFrameOrSaysWhyItIsNot) {
  json doctor = Fixture();
  // Without a graph view in the document there is no section.
  EXPECT_EQ(Section(RenderDoctorHtml(doctor), "graph"), "");

  doctor["graph_view"] = {{"command_line", "ortkit graph demo.onnx -o graph.html --force --profile profile.json"},
                          {"status", "ok"},
                          {"message", ""},
                          {"seconds", 0.8},
                          {"with_profile", true},
                          {"with_node_memory", true}};
  const std::string page = "<!DOCTYPE html><html><body><p title=\"a&b\">'x'</p><script>go()</script></body></html>";
  const std::string html = report::RenderDoctorHtml(doctor::ParseDoctorReport(doctor), doctor, page);
  const std::string section = Section(html, "graph");
  ASSERT_NE(section, "");
  // The page travels escaped in srcdoc: no quote ends the attribute, no tag opens in the report.
  EXPECT_NE(section.find("<iframe class=\"graph-view\" title=\"graph view\" sandbox=\"allow-scripts\" srcdoc=\"" +
                         EscapeHtml(page) + "\"></iframe>"),
            std::string::npos)
      << section;
  EXPECT_EQ(section.find("<script>go()"), std::string::npos);
  EXPECT_NE(section.find("share of this report&#39;s profiled kernel time, the memory each node allocated"),
            std::string::npos)
      << section;
  EXPECT_NE(section.find("ortkit graph demo.onnx -o graph.html --force --profile profile.json"), std::string::npos);

  doctor["graph_view"]["status"] = "failed";
  doctor["graph_view"]["message"] = "ortkit: error: Graphviz could not lay out 'x'";
  const std::string failed = Section(report::RenderDoctorHtml(doctor::ParseDoctorReport(doctor), doctor, ""), "graph");
  EXPECT_NE(failed.find("The graph view failed: ortkit: error: Graphviz could not lay out &#39;x&#39;"),
            std::string::npos)
      << failed;
  EXPECT_EQ(failed.find("<iframe"), std::string::npos);
}

// A doctor "compress" entry whose result compress's own renderer wrote: the original, a float16
// variant that fails the gate, an int8 one that passes (best), quantize-static skipped.
json CompressEntry() {
  compress::CompressReport report;
  report.model_path = "demo.onnx";
  compress::VariantResult original;
  original.name = compress::kOriginal;
  original.file_bytes = 12000000;
  original.one_thread = {1, 6.2, 7.0, 1, 1, 0};
  original.default_threads = {0, 4.1, 5.0, 1, 1, 0};
  original.peak_rss_mib = 400;
  original.cold_start_ms = 90;
  original.passes_gate = true;
  compress::VariantResult half = original;
  half.name = "float16";
  half.file_bytes = 6000000;
  half.one_thread = {1, 6.8, 7.7, 1.097, 1.1, 0.01};
  half.gate.emplace();
  half.passes_gate = false;
  half.min_cosine = 0.97;
  half.gate_failure = "logits: cosine 0.97 < 0.99 <b>";
  compress::VariantResult int8 = half;
  int8.name = "quantize-dynamic";
  int8.file_bytes = 3100000;
  int8.one_thread = {1, 3.0, 3.4, 0.483, 0.49, 0.021};
  int8.passes_gate = true;
  int8.min_cosine = 0.99985;
  int8.worst_top1_disagreement = 0.004;
  int8.gate_failure = "";
  int8.pareto = true;
  compress::VariantResult calibrated;
  calibrated.name = "quantize-static";
  calibrated.skipped = "no --calibration DIR";
  report.variants = {original, half, int8, calibrated};
  report.best = "quantize-dynamic";
  std::ostringstream out;
  report::RenderCompressJson(report, out);
  return {{"name", "compress"},
          {"status", "ok"},
          {"seconds", 21.5},
          {"command", {"ortkit", "compress", "demo.onnx", "--format", "json"}},
          {"command_line", "ortkit compress demo.onnx --format json"},
          {"message", ""},
          {"result", json::parse(out.str())}};
}

TEST(DoctorHtmlTest, TheCompressionSectionShowsEachVariantAndTheBest) {
  json doctor = Fixture();
  EXPECT_EQ(Section(RenderDoctorHtml(doctor), "compress"), "");  // doctor did not run it
  doctor["compress"] = CompressEntry();
  const std::string section = Section(RenderDoctorHtml(doctor), "compress");
  ASSERT_NE(section, "");
  EXPECT_NE(section.find("<tr class=\"chosen\"><td>quantize-dynamic *</td>"), std::string::npos) << section;
  EXPECT_NE(section.find("3.00 ms (0.48x +-2%)"), std::string::npos) << section;
  EXPECT_NE(section.find("cosine 0.99985, top-1 0.4% differ"), std::string::npos) << section;
  EXPECT_NE(section.find("fails: logits: cosine 0.97 &lt; 0.99 &lt;b&gt;"), std::string::npos) << section;
  EXPECT_NE(section.find("skipped: no --calibration DIR"), std::string::npos) << section;
  EXPECT_NE(section.find("Best by p50: quantize-dynamic"), std::string::npos) << section;
  EXPECT_NE(section.find("ortkit compress demo.onnx --format json"), std::string::npos) << section;

  doctor["compress"]["status"] = "skipped";
  doctor["compress"]["result"] = nullptr;
  doctor["compress"]["message"] = "it needs about 40 s; a --budget of about 300s runs it";
  const std::string skipped = Section(RenderDoctorHtml(doctor), "compress");
  EXPECT_NE(skipped.find("a --budget of about 300s runs it"), std::string::npos) << skipped;
  EXPECT_EQ(skipped.find("<table"), std::string::npos);
}

TEST(DoctorHtmlTest, SaysWhyWhenAStepFailedWasSkippedTimedOutOrIsMissing) {
  json doctor = Fixture();
  Step(doctor, "bench")["status"] = "failed";
  Step(doctor, "bench")["message"] = "ortkit bench exited 2: cannot create a session";
  Step(doctor, "bench")["result"] = nullptr;
  Step(doctor, "memcheck")["status"] = "timed_out";
  Step(doctor, "memcheck")["seconds"] = 61.0;
  Step(doctor, "memcheck")["message"] = "the budget ran out.";
  Step(doctor, "profile")["status"] = "skipped";
  Step(doctor, "profile")["message"] = "the budget was spent";
  Step(doctor, "check")["result"] = nullptr;
  json steps = json::array();
  for (const json& step : doctor["steps"]) {
    if (step["name"] != "inspect") steps.push_back(step);
  }
  doctor["steps"] = steps;
  const std::string html = RenderDoctorHtml(doctor);
  EXPECT_NE(Section(html, "speed").find("Failed: ortkit bench exited 2: cannot create a session."), std::string::npos);
  EXPECT_NE(Section(html, "memory").find("Timed out after 1 min 1 s: the budget ran out."), std::string::npos);
  EXPECT_NE(Section(html, "profile").find("Skipped: the budget was spent."), std::string::npos);
  EXPECT_NE(Section(html, "findings").find("left no result"), std::string::npos);
  EXPECT_NE(Section(html, "model").find("Not run: this doctor run has no &#39;inspect&#39; step."), std::string::npos);
  EXPECT_EQ(json::parse(ScriptBlock(html, "ortkit-chart-specs")).size(), 0u);
  EXPECT_EQ(Count(html, "<canvas "), 0u);
  // The steps table shows each status as it is.
  EXPECT_NE(Section(html, "steps").find("status-timed_out"), std::string::npos);
}

TEST(DoctorHtmlTest, ChartsOnlyWhatIsThere) {
  json doctor = Fixture();
  json& bench = Step(doctor, "bench")["result"];
  bench["steady_state"][0]["histogram"] = {{"edges_ms", json::array()}, {"counts", json::array()}};  // no samples
  bench["steady_state"][1].erase("histogram");
  Step(doctor, "memcheck")["result"]["series"] = json::array();
  const std::string html = RenderDoctorHtml(doctor);
  const json specs = json::parse(ScriptBlock(html, "ortkit-chart-specs"));
  for (const json& spec : specs) {
    EXPECT_NE(spec["title"], "Memory per iteration");
    EXPECT_NE(spec["title"], "Latency histogram: " + bench["steady_state"][0]["name"].get<std::string>());
    EXPECT_NE(spec["title"], "Latency histogram: " + bench["steady_state"][1]["name"].get<std::string>());
  }
  EXPECT_NE(Section(html, "memory").find("kept no per-iteration series"), std::string::npos);
  EXPECT_EQ(Count(html, "<canvas "), specs.size());
}

TEST(DoctorHtmlTest, TheMemoryChartShowsTheArenaWhereMemcheckReadIt) {
  json doctor = Fixture();
  json& series = Step(doctor, "memcheck")["result"]["series"];
  series = json::array();
  for (int i = 0; i < 3; ++i) {
    series.push_back({{"iteration", i * 10}, {"rss", 50e6}, {"anon", 40e6}, {"heap", 8e6},
                      {"arena_in_use", 4e6 + i}, {"arena_total_allocated", 8e6}});
  }
  std::vector<std::string> labels;
  for (const json& spec : json::parse(ScriptBlock(RenderDoctorHtml(doctor), "ortkit-chart-specs"))) {
    if (spec["title"] != "Memory per iteration") continue;
    for (const json& dataset : spec["datasets"]) labels.push_back(dataset["label"]);
  }
  EXPECT_EQ(labels, (std::vector<std::string>{"resident (RSS)", "anonymous resident", "C heap in use",
                                              "ORT arena in use", "ORT arena reserved",
                                              "step (lasting rise)"}));  // the fixture's steps, marked
}

TEST(DoctorHtmlTest, DocumentsOfTheWrongShapeAreRefusedBeforeRendering) {
  const json odd[] = {
      json::object(),
      json::array(),
      json(nullptr),
      json("a string"),
      {{"steps", "not an array"}, {"verdicts", 3}, {"model", {{"path", 7}}}},
  };
  for (const json& doctor : odd) EXPECT_THROW(doctor::ParseDoctorReport(doctor), Error) << doctor.dump();
  json doctor = Fixture();
  Step(doctor, "bench")["result"]["steady_state"][0]["latency"] = "fast";
  EXPECT_THROW(doctor::ParseDoctorReport(doctor), Error);
  doctor = Fixture();
  doctor["actions"][0]["measured"] = "yes";
  EXPECT_THROW(doctor::ParseDoctorReport(doctor), Error);
}

TEST(DoctorHtmlTest, AnEmptyReportStillRendersAPage) {
  std::string html;
  EXPECT_NO_THROW(html = report::RenderDoctorHtml(doctor::DoctorReport{}, json::object()));
  EXPECT_NE(html.find("</html>"), std::string::npos);
  EXPECT_NE(Section(html, "speed").find("Not run: this doctor run has no &#39;bench&#39; step."), std::string::npos);
}

TEST(DoctorHtmlTest, IgnoresUnknownFields) {
  json doctor = Fixture();
  const std::string before = RenderDoctorHtml(doctor);
  doctor["future_field"] = {{"anything", 1}};
  doctor["verdicts"][0]["confidence"] = 0.9;
  Step(doctor, "bench")["result"]["new_metric"] = json::array({1, 2});
  const std::string after = RenderDoctorHtml(doctor);
  // Only the embedded JSON differs.
  EXPECT_EQ(before.substr(0, before.find("ortkit-doctor-json")), after.substr(0, after.find("ortkit-doctor-json")));
}

}  // namespace
}  // namespace ortkit::report
