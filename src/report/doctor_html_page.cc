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

std::string StepNoteText(const doctor::StepInfo& step) {
  if (step.status == "missing") return fmt::format("Not run: this doctor run has no '{}' step.", step.name);
  std::string message = step.message;
  while (!message.empty() && (message.back() == '.' || message.back() == '\n' || message.back() == ' ')) {
    message.pop_back();  // the note ends the sentence itself
  }
  const std::string because = message.empty() ? "" : ": " + message;
  if (step.status == "skipped") return fmt::format("Skipped{}.", because);
  if (step.status == "timed_out") return fmt::format("Timed out after {}{}.", FormatSeconds(step.seconds), because);
  if (step.status == "failed") return fmt::format("Failed{}.", message.empty() ? " (no message)" : because);
  return fmt::format("'{}' left no result{}.", step.name, because);
}

void StepNote(PageBuilder& page, const doctor::StepInfo& step) {
  const std::string css = step.status == "failed" || step.status == "timed_out" ? "status-problem" : "status-warning";
  page.Raw("<p class=\"note ").Raw(css).Raw("\">").Text(StepNoteText(step)).Raw("</p>\n");
}

void Reproduce(PageBuilder& page, const doctor::StepInfo& step) {
  if (step.command_line.empty()) return;
  page.Raw("<p class=\"muted\">Reproduce these figures:</p>");
  CommandBlock(page, step.command_line);
}

void CommandBlock(PageBuilder& page, std::string_view command) {
  page.Raw("<code class=\"cmd\">").Text(command).Raw("</code>\n");
}

}  // namespace ortkit::report::doctor_html
