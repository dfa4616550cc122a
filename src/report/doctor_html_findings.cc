// The doctor report's findings section: `ortkit check`'s findings with why each matters and how
// to fix it, and what `ortkit fix` did on a copy (passes, verification, measured gain).
#include <algorithm>

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

void Finding(const doctor::CheckFinding& finding, const std::string& model_path, PageBuilder& page) {
  const std::string& severity = finding.severity;
  const std::string css = severity == "error" || severity == "warning" ? severity : "info";
  page.Raw("<div class=\"finding severity-").Raw(css).Raw("\"><span class=\"id\">").Text(finding.rule_id);
  page.Raw("</span> ").Text(finding.rule).Raw(" <span class=\"badge\">").Text(severity).Raw("</span> ");
  std::string where = finding.location_kind;
  if (!finding.location.empty()) where += " '" + finding.location + "'";
  if (!finding.op_type.empty()) where += " (" + finding.op_type + ")";
  page.Raw("<span class=\"muted\">").Text(where).Raw("</span>");
  page.Raw("<p>").Text(finding.message).Raw("</p>");
  if (!finding.why.empty()) page.Raw("<p><span class=\"label\">Why it matters:</span> ").Text(finding.why).Raw("</p>");
  if (!finding.fix.empty()) page.Raw("<p><span class=\"label\">Fix:</span> ").Text(finding.fix).Raw("</p>");
  if (!finding.fix_pass.empty()) {
    CommandBlock(page, fmt::format("ortkit fix {} -o fixed.onnx --pass {}",
                                   model_path.empty() ? "MODEL" : ShellQuoted(model_path), finding.fix_pass));
  }
  page.Raw("</div>\n");
}

void FixOutcome(const DoctorReport& doctor, PageBuilder& page) {
  if (doctor.fix.status == "missing") return;  // doctor runs fix only when check found something fixable
  page.Raw("<h3>The fixes, tried on a copy</h3>\n");
  const doctor::FixResult* fix = UsableResult(doctor.fix);
  if (fix == nullptr) {
    StepNote(page, doctor.fix);
    return;
  }
  page.Raw("<ul>");
  for (const doctor::FixPass& pass : fix->passes) {
    if (!pass.changed) continue;
    page.Raw("<li><strong>").Text(pass.name).Raw("</strong>: ").Text(pass.summary);
    const size_t changes = pass.changes.size();
    if (changes > 0) page.Text(fmt::format(" ({} change{})", changes, changes == 1 ? "" : "s"));
    page.Raw("</li>");
  }
  page.Raw("</ul>\n");
  const doctor::FixVerification& verification = fix->verification;
  double max_abs = 0;
  for (const doctor::FixOutputCheck& output : verification.outputs) max_abs = std::max(max_abs, output.max_abs);
  page.Raw(verification.passed ? "<p class=\"effect\">" : "<p class=\"note status-problem\">");
  page.Text(verification.passed ? fmt::format("Outputs match the original (max abs difference {:.2g}).", max_abs)
                                : "Outputs differ from the original: " + verification.failure);
  page.Raw("</p>\n");
  if (fix->latency) {
    page.Raw("<p>Latency ").Text(FormatMs(fix->latency->before_ms) + " → " + FormatMs(fix->latency->after_ms));
    page.Text(fmt::format(" ({:.2f}× faster)", fix->latency->speedup));
    page.Raw("</p>\n");
  }
  Reproduce(page, doctor.fix);
}

}  // namespace

void RenderFindings(const DoctorReport& doctor, PageBuilder& page) {
  page.Raw("<section id=\"findings\"><h2>Findings</h2>\n");
  const doctor::CheckResult* check = UsableResult(doctor.check);
  if (check == nullptr) {
    StepNote(page, doctor.check);
  } else {
    page.Raw("<p>").Text(fmt::format("{:.0f} errors, {:.0f} warnings, {:.0f} notes", check->summary.errors,
                                     check->summary.warnings, check->summary.info));
    if (check->loads_in_ort) {
      page.Text(*check->loads_in_ort ? "; the model loads in ONNX Runtime." : "; the model does NOT load in ONNX Runtime.");
    }
    page.Raw("</p>\n");
    if (check->findings.empty()) page.Raw("<p>check found nothing to report.</p>\n");
    for (const doctor::CheckFinding& finding : check->findings) Finding(finding, doctor.model.path, page);
    Reproduce(page, doctor.check);
  }
  FixOutcome(doctor, page);
  page.Raw("</section>\n");
}

}  // namespace ortkit::report::doctor_html
