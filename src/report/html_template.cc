#include "report/html_template.h"

#include "report/assets/embedded_assets.h"
#include "report/html_escape.h"

namespace ortkit::report {

std::string FillTemplate(std::string_view page_template, const std::map<std::string, std::string>& values) {
  std::string out;
  out.reserve(page_template.size() + 256 * 1024);
  size_t at = 0;
  while (at < page_template.size()) {
    const size_t open = page_template.find('@', at);
    if (open == std::string_view::npos) break;
    const size_t close = page_template.find('@', open + 1);
    if (close == std::string_view::npos) break;
    auto it = values.find(std::string(page_template.substr(open + 1, close - open - 1)));
    if (it == values.end()) {
      out.append(page_template.substr(at, open + 1 - at));
      at = open + 1;
      continue;
    }
    out.append(page_template.substr(at, open - at));
    out += it->second;
    at = close + 1;
  }
  out.append(page_template.substr(at));
  return out;
}

std::string ReportPage(const std::string& generator, const std::string& title, const std::string& body_html,
                       const nlohmann::json& document, const nlohmann::json& chart_specs) {
  return FillTemplate(assets::kDoctorPage,
                      {{"GENERATOR", EscapeHtml(generator)},
                       {"TITLE", EscapeHtml(title)},
                       // The stylesheet is ours and has no "</style"; it is put in as is.
                       {"CSS", std::string(assets::kDoctorCss)},
                       {"BODY", body_html},
                       {"DOCTOR_JSON", ScriptSafeJson(document)},
                       {"CHART_SPECS", ScriptSafeJson(chart_specs)},
                       {"CHARTJS_LICENSE", ScriptSafeJavaScript(assets::kChartJsLicense)},
                       {"CHARTJS", ScriptSafeJavaScript(assets::kChartJs)},
                       {"SCRIPT", ScriptSafeJavaScript(assets::kDoctorJs)}});
}

}  // namespace ortkit::report
