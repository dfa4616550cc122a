// Assembles the doctor HTML report: the page template (assets/doctor_page.html) filled with the
// sections (doctor_html_*.cc), the styles, Chart.js, the chart specs and the doctor JSON.
#include "report/doctor_html.h"

#include <map>

#include "report/doctor_html_parts.h"
#include "report/html_template.h"

namespace ortkit::report {

namespace {

using nlohmann::json;

std::string Title(const doctor::DoctorReport& doctor) {
  const std::string& path = doctor.model.path;
  return path.empty() ? "ortkit doctor" : "ortkit doctor: " + path;
}

}  // namespace

std::string RenderDoctorHtml(const doctor::DoctorReport& doctor, const nlohmann::json& document,
                             const std::string& graph_page) {
  using namespace doctor_html;
  PageBuilder page;
  RenderHeader(doctor, page);
  RenderVerdicts(doctor, page);
  RenderActions(doctor, page);
  RenderSpeed(doctor, page);
  RenderMemory(doctor, page);
  RenderProfile(doctor, page);
  RenderCompress(doctor, page);
  RenderFindings(doctor, page);
  RenderModel(doctor, page);
  RenderGraph(doctor, graph_page, page);
  RenderSteps(doctor, page);
  RenderEnvironment(doctor, page);

  std::string tool = "ortkit";
  if (!doctor.tool.version.empty()) tool += " " + doctor.tool.version;
  page.Raw("<footer>Written by ").Text(tool).Raw(
      ". Charts drawn with Chart.js 3.9.1 (MIT license, included in this file). The full doctor JSON is "
      "embedded in this page (script#ortkit-doctor-json).</footer>\n");

  return ReportPage(tool, Title(doctor), page.html(), document, page.chart_specs());
}

}  // namespace ortkit::report
