// The doctor report's findings section: `ortkit check`'s findings with why each matters and how
// to fix it, and what `ortkit fix` did on a copy (passes, verification, measured gain).
#include <fmt/format.h>

#include "report/doctor_html_parts.h"

namespace ortkit::report::doctor_html {
namespace {

// A path as a POSIX shell reads it: as is when plain, else in single quotes.
std::string ShellQuoted(const std::string& path) {
  const bool plain = !path.empty() && path.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                                                             "0123456789_./-+=:,@%") == std::string::npos;
  if (plain) return path;
  std::string out = "'";
  for (char c : path) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

void Finding(const json& finding, const std::string& model_path, PageBuilder& page) {
  const std::string severity = Text(finding, "severity", "info");
  const std::string css = severity == "error" || severity == "warning" ? severity : "info";
  page.Raw("<div class=\"finding severity-").Raw(css).Raw("\"><span class=\"id\">").Text(Text(finding, "rule_id"));
  page.Raw("</span> ").Text(Text(finding, "rule")).Raw(" <span class=\"badge\">").Text(severity).Raw("</span> ");
  std::string where = Text(finding, "location_kind");
  if (const std::string location = Text(finding, "location"); !location.empty()) where += " '" + location + "'";
  if (const std::string op = Text(finding, "op_type"); !op.empty()) where += " (" + op + ")";
  page.Raw("<span class=\"muted\">").Text(where).Raw("</span>");
  page.Raw("<p>").Text(Text(finding, "message")).Raw("</p>");
  if (const std::string why = Text(finding, "why"); !why.empty()) {
    page.Raw("<p><span class=\"label\">Why it matters:</span> ").Text(why).Raw("</p>");
  }
  if (const std::string fix = Text(finding, "fix"); !fix.empty()) {
    page.Raw("<p><span class=\"label\">Fix:</span> ").Text(fix).Raw("</p>");
  }
  if (const std::string pass = Text(finding, "fix_pass"); !pass.empty()) {
    CommandBlock(page, fmt::format("ortkit fix {} -o fixed.onnx --pass {}",
                                   model_path.empty() ? "MODEL" : ShellQuoted(model_path), pass));
  }
  page.Raw("</div>\n");
}

void FixOutcome(const json& doctor, PageBuilder& page) {
  const auto step = doctor_view::FindStep(doctor, "fix");
  if (step.step == nullptr) return;  // doctor runs fix only when check found something fixable
  page.Raw("<h3>The fixes, tried on a copy</h3>\n");
  if (step.result == nullptr) {
    StepNote(page, step);
    return;
  }
  const json& fix = *step.result;
  page.Raw("<ul>");
  for (const json& pass : Array(fix, "passes")) {
    const json* changed = Member(pass, "changed");
    if (changed == nullptr || !changed->is_boolean() || !changed->get<bool>()) continue;
    page.Raw("<li><strong>").Text(Text(pass, "name")).Raw("</strong>: ").Text(Text(pass, "summary"));
    const json& changes = Array(pass, "changes");
    if (!changes.empty()) page.Text(fmt::format(" ({} change{})", changes.size(), changes.size() == 1 ? "" : "s"));
    page.Raw("</li>");
  }
  page.Raw("</ul>\n");
  if (const json* verification = Member(fix, "verification")) {
    const json* passed = Member(*verification, "passed");
    double max_abs = 0;
    for (const json& output : Array(*verification, "outputs")) max_abs = std::max(max_abs, Number(output, "max_abs").value_or(0));
    if (passed != nullptr && passed->is_boolean()) {
      page.Raw(passed->get<bool>() ? "<p class=\"effect\">" : "<p class=\"note status-problem\">");
      page.Text(passed->get<bool>() ? fmt::format("Outputs match the original (max abs difference {:.2g}).", max_abs)
                                    : "Outputs differ from the original: " + Text(*verification, "failure"));
      page.Raw("</p>\n");
    }
  }
  if (const json* latency = Member(fix, "latency")) {
    auto before = Number(*latency, "before_ms");
    auto after = Number(*latency, "after_ms");
    if (before && after) {
      page.Raw("<p>Latency ").Text(FormatMs(*before) + " → " + FormatMs(*after));
      if (auto speedup = Number(*latency, "speedup")) page.Text(fmt::format(" ({:.2f}× faster)", *speedup));
      page.Raw("</p>\n");
    }
  }
  Reproduce(page, step);
}

}  // namespace

void RenderFindings(const json& doctor, PageBuilder& page) {
  const auto step = doctor_view::FindStep(doctor, "check");
  page.Raw("<section id=\"findings\"><h2>Findings</h2>\n");
  if (step.result == nullptr) {
    StepNote(page, step);
  } else {
    const json& check = *step.result;
    if (const json* summary = Member(check, "summary")) {
      page.Raw("<p>").Text(fmt::format("{:.0f} errors, {:.0f} warnings, {:.0f} notes", Number(*summary, "errors").value_or(0),
                                       Number(*summary, "warnings").value_or(0), Number(*summary, "info").value_or(0)));
      if (const json* loads = Member(check, "loads_in_ort"); loads != nullptr && loads->is_boolean()) {
        page.Text(loads->get<bool>() ? "; the model loads in ONNX Runtime." : "; the model does NOT load in ONNX Runtime.");
      }
      page.Raw("</p>\n");
    }
    const json* model = Member(doctor, "model");
    const std::string path = model != nullptr ? Text(*model, "path") : "";
    const json& findings = Array(check, "findings");
    if (findings.empty()) page.Raw("<p>check found nothing to report.</p>\n");
    for (const json& finding : findings) Finding(finding, path, page);
    Reproduce(page, step);
  }
  FixOutcome(doctor, page);
  page.Raw("</section>\n");
}

}  // namespace ortkit::report::doctor_html
