// The report pages' templates (assets/*.html) filled in: one pass over @NAME@ placeholders.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace ortkit::report {

/// Replaces each @NAME@ of `page_template` with values.at(NAME) in one pass, so text put in is
/// never scanned for placeholders again. An @ not starting a known placeholder is kept as is.
std::string FillTemplate(std::string_view page_template, const std::map<std::string, std::string>& values);

/// The report page (assets/doctor_page.html, its styles, Chart.js and script) around `body_html`,
/// with `document` as the page's JSON data island and `chart_specs` for its charts. `generator`
/// and `title` are plain text. doctor's and trace's HTML reports share it.
std::string ReportPage(const std::string& generator, const std::string& title, const std::string& body_html,
                       const nlohmann::json& document, const nlohmann::json& chart_specs);

}  // namespace ortkit::report
