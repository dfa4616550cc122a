// The pieces of the doctor HTML report (internal to src/report): a page builder that collects
// <body> HTML and chart specs, and one function per section of the page, each reading the typed
// doctor report (doctor/doctor_report.h).
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "doctor/doctor_report.h"
#include "report/doctor_figures.h"
#include "report/html_escape.h"

namespace ortkit::report::doctor_html {

using nlohmann::json;
using doctor::DoctorReport;

/// The page being built: HTML for <body> (every text from the report goes through Text() or
/// EscapeHtml) and the specs doctor.js turns into Chart.js charts.
class PageBuilder {
 public:
  /// Appends markup written by the renderer itself (never text from the report).
  PageBuilder& Raw(std::string_view html);
  /// Appends text, HTML-escaped.
  PageBuilder& Text(std::string_view text);
  /// A chart box: a title, a canvas with a fresh id, and `spec` (type, labels, datasets, axis
  /// titles; see doctor.js) recorded for the script. `caption` is text under the chart.
  void Chart(std::string_view title, json spec, std::string_view caption = "");

  const std::string& html() const { return html_; }
  const json& chart_specs() const { return chart_specs_; }

 private:
  std::string html_;
  json chart_specs_ = json::array();
};

/// Why a step left no result to show, in a sentence for the reader: "Failed: exit 2.",
/// "Timed out after 1 min 1 s: ...", "Skipped: ...", "Not run: this doctor run has no 'x' step."
std::string StepNoteText(const doctor::StepInfo& step);
/// The section's note when its step left no result (missing, skipped, failed, timed out).
void StepNote(PageBuilder& page, const doctor::StepInfo& step);
/// The step's result when it ended ok or with findings and left one, else nullptr.
template <typename T>
const T* UsableResult(const doctor::Step<T>& step) {
  const bool finished = step.status == "ok" || step.status == "findings";
  return finished && step.result ? &*step.result : nullptr;
}
/// Opens <section id="ID"><h2>TITLE</h2> for `step` and returns its usable result. When there is
/// none, writes the step's note and closes the section: the caller checks for nullptr and returns.
template <typename T>
const T* OpenStepSection(const doctor::Step<T>& step, std::string_view id, std::string_view title, PageBuilder& page) {
  page.Raw("<section id=\"").Raw(id).Raw("\"><h2>").Text(title).Raw("</h2>\n");
  const T* result = UsableResult(step);
  if (result == nullptr) {
    StepNote(page, step);
    page.Raw("</section>\n");
  }
  return result;
}
/// "Reproduce: <command_line>" for the figures of a section, when the step has one.
void Reproduce(PageBuilder& page, const doctor::StepInfo& step);
/// A <code class="cmd"> block holding `command`, escaped.
void CommandBlock(PageBuilder& page, std::string_view command);

void RenderHeader(const DoctorReport& doctor, PageBuilder& page);
void RenderVerdicts(const DoctorReport& doctor, PageBuilder& page);
void RenderActions(const DoctorReport& doctor, PageBuilder& page);
void RenderSpeed(const DoctorReport& doctor, PageBuilder& page);
void RenderMemory(const DoctorReport& doctor, PageBuilder& page);
void RenderProfile(const DoctorReport& doctor, PageBuilder& page);
void RenderFindings(const DoctorReport& doctor, PageBuilder& page);
void RenderModel(const DoctorReport& doctor, PageBuilder& page);
/// Absent when doctor did not run compress (weights under 1 MB).
void RenderCompress(const DoctorReport& doctor, PageBuilder& page);
/// `graph_page`: the page `ortkit graph` wrote for this run ("" when there is none).
void RenderGraph(const DoctorReport& doctor, const std::string& graph_page, PageBuilder& page);
void RenderSteps(const DoctorReport& doctor, PageBuilder& page);
void RenderEnvironment(const DoctorReport& doctor, PageBuilder& page);

}  // namespace ortkit::report::doctor_html
