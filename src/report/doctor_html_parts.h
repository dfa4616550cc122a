// The pieces of the doctor HTML report (internal to src/report): a page builder that collects
// <body> HTML and chart specs, and one function per section of the page.
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "report/doctor_json_view.h"
#include "report/html_escape.h"

namespace ortkit::report::doctor_html {

using nlohmann::json;
// The readers of the doctor JSON that every section uses.
using doctor_view::Array;
using doctor_view::FormatMs;
using doctor_view::FormatShare;
using doctor_view::Member;
using doctor_view::Number;
using doctor_view::Text;

/// The page being built: HTML for <body> (every text from the doctor JSON goes through Text() or
/// EscapeHtml) and the specs doctor.js turns into Chart.js charts.
class PageBuilder {
 public:
  /// Appends markup written by the renderer itself (never text from the JSON).
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

/// The section's note when its step left no result (missing, skipped, failed, timed out).
void StepNote(PageBuilder& page, const doctor_view::StepView& step);
/// Opens <section id="ID"><h2>TITLE</h2> for the step called `step_name` and returns its view.
/// When the step left no result, writes its note and closes the section: the caller checks
/// `result` and returns.
doctor_view::StepView OpenStepSection(const json& doctor, std::string_view step_name, std::string_view id,
                                      std::string_view title, PageBuilder& page);
/// "Reproduce: <command_line>" for the figures of a section, when the step has one.
void Reproduce(PageBuilder& page, const doctor_view::StepView& step);
/// A <code class="cmd"> block holding `command`, escaped.
void CommandBlock(PageBuilder& page, std::string_view command);

void RenderHeader(const json& doctor, PageBuilder& page);
void RenderVerdicts(const json& doctor, PageBuilder& page);
void RenderActions(const json& doctor, PageBuilder& page);
void RenderSpeed(const json& doctor, PageBuilder& page);
void RenderMemory(const json& doctor, PageBuilder& page);
void RenderProfile(const json& doctor, PageBuilder& page);
void RenderFindings(const json& doctor, PageBuilder& page);
void RenderModel(const json& doctor, PageBuilder& page);
void RenderSteps(const json& doctor, PageBuilder& page);
void RenderEnvironment(const json& doctor, PageBuilder& page);

}  // namespace ortkit::report::doctor_html
