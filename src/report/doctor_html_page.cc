// The doctor report's page builder and the notes every step section shares.
#include "report/doctor_html_parts.h"

#include <fmt/format.h>

namespace ortkit::report::doctor_html {

PageBuilder& PageBuilder::Raw(std::string_view html) {
  html_ += html;
  return *this;
}

PageBuilder& PageBuilder::Text(std::string_view text) {
  html_ += EscapeHtml(text);
  return *this;
}

void PageBuilder::Chart(std::string_view title, json spec, std::string_view caption) {
  const std::string id = fmt::format("chart-{}", chart_specs_.size() + 1);
  Raw("<figure class=\"chart\"><h3>").Text(title).Raw("</h3><div class=\"canvas-box\"><canvas id=\"");
  Raw(id).Raw("\" role=\"img\" aria-label=\"").Text(title).Raw("\"></canvas></div>");
  if (!caption.empty()) Raw("<figcaption class=\"muted\">").Text(caption).Raw("</figcaption>");
  Raw("</figure>\n");
  spec["id"] = id;
  spec["title"] = std::string(title);
  chart_specs_.push_back(std::move(spec));
}

void StepNote(PageBuilder& page, const doctor_view::StepView& step) {
  const std::string css = step.status == "failed" || step.status == "timed_out" ? "status-problem" : "status-warning";
  page.Raw("<p class=\"note ").Raw(css).Raw("\">").Text(step.note).Raw("</p>\n");
}

doctor_view::StepView OpenStepSection(const json& doctor, std::string_view step_name, std::string_view id,
                                      std::string_view title, PageBuilder& page) {
  doctor_view::StepView step = doctor_view::FindStep(doctor, step_name);
  page.Raw("<section id=\"").Raw(id).Raw("\"><h2>").Text(title).Raw("</h2>\n");
  if (step.result == nullptr) {
    StepNote(page, step);
    page.Raw("</section>\n");
  }
  return step;
}

void Reproduce(PageBuilder& page, const doctor_view::StepView& step) {
  if (step.step == nullptr) return;
  const std::string command = doctor_view::Text(*step.step, "command_line");
  if (command.empty()) return;
  page.Raw("<p class=\"muted\">Reproduce these figures:</p>");
  CommandBlock(page, command);
}

void CommandBlock(PageBuilder& page, std::string_view command) {
  page.Raw("<code class=\"cmd\">").Text(command).Raw("</code>\n");
}

}  // namespace ortkit::report::doctor_html
