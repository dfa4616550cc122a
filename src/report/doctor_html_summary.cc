// The doctor report's summary parts: the header, the verdict per area, the top actions, the
// steps with their commands, and the environment.
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "doctor/actions.h"
#include "report/doctor_html_parts.h"
#include "report/human_size.h"

namespace ortkit::report::doctor_html {
namespace {

std::string JoinStrings(const std::vector<std::string>& items, std::string_view separator) {
  return fmt::format("{}", fmt::join(items, separator));
}

constexpr size_t kDetailsInView = 3;

// Only the four statuses of the contract get a colour; anything else reads as "not measured".
std::string StatusClass(const std::string& status) {
  if (status == "good" || status == "warning" || status == "problem") return "status-" + status;
  return "status-none";
}

std::string StatusWords(const std::string& status) {
  if (status == "good") return "good";
  if (status == "warning") return "warning";
  if (status == "problem") return "problem";
  return "not measured";
}

}  // namespace

void RenderHeader(const DoctorReport& doctor, PageBuilder& page) {
  const doctor::RequestInfo& request = doctor.request;
  const std::string path = doctor.model.path.empty() ? "(model path not recorded)" : doctor.model.path;
  page.Raw("<header><h1><span class=\"tool\">ortkit doctor</span> ").Text(path).Raw("</h1>\n");
  std::string facts;
  if (doctor.model.file_bytes >= 0) facts += HumanBytes(static_cast<uint64_t>(doctor.model.file_bytes));
  if (!request.provider.empty()) facts += (facts.empty() ? "" : " · ") + std::string("provider ") + request.provider;
  if (const std::string targets = JoinStrings(request.targets, ", "); !targets.empty()) facts += " · targets " + targets;
  if (const std::string dims = JoinStrings(request.dims, " "); !dims.empty()) facts += " · dims " + dims;
  if (!doctor.started_at.empty()) facts += " · run " + doctor.started_at;
  if (doctor.elapsed_s) facts += " in " + FormatSeconds(*doctor.elapsed_s);
  facts += " (budget " + FormatSeconds(request.budget_s) + ")";
  page.Raw("<p class=\"subtitle\">").Text(facts).Raw("</p></header>\n");
}

void RenderVerdicts(const DoctorReport& doctor, PageBuilder& page) {
  page.Raw("<section id=\"verdicts\"><h2>Verdict</h2>\n");
  if (!doctor.verdicts || doctor.verdicts->empty()) {
    page.Raw("<p class=\"note\">This doctor run recorded no verdicts.</p></section>\n");
    return;
  }
  page.Raw("<div class=\"verdicts\">\n");
  for (const doctor::Verdict& verdict : *doctor.verdicts) {
    page.Raw("<div class=\"verdict ").Raw(StatusClass(verdict.status)).Raw("\" data-status=\"").Text(verdict.status);
    page.Raw("\"><span class=\"status\">").Text(StatusWords(verdict.status)).Raw("</span>");
    page.Raw("<div class=\"area\">").Text(verdict.area).Raw("</div>");
    page.Raw("<p class=\"headline\">").Text(verdict.headline).Raw("</p>");
    // The first few details stay in view; the rest fold away (the sections below hold them too).
    const std::vector<std::string>& details = verdict.details;
    for (size_t i = 0; i < details.size(); ++i) {
      if (i == 0) page.Raw("<ul>");
      if (i == kDetailsInView) page.Raw(fmt::format("</ul><details><summary>{} more</summary><ul>", details.size() - i));
      page.Raw("<li>").Text(details[i]).Raw("</li>");
      if (i + 1 == details.size()) page.Raw(i >= kDetailsInView ? "</ul></details>" : "</ul>");
    }
    page.Raw("</div>\n");
  }
  page.Raw("</div></section>\n");
}

void RenderActions(const DoctorReport& doctor, PageBuilder& page) {
  page.Raw("<section id=\"actions\"><h2>What to do first</h2>\n");
  if (!doctor.actions || doctor.actions->empty()) {
    page.Raw("<p>No action needed: doctor found nothing worth changing.</p></section>\n");
    return;
  }
  page.Raw("<p class=\"muted\">").Text(doctor::DescribeThresholds(doctor::ActionThresholds{})).Raw(".</p>\n");
  page.Raw("<ol class=\"actions\">\n");
  for (const doctor::Action& action : *doctor.actions) {
    page.Raw("<li><div class=\"title\"><span class=\"badge\">").Text(action.tier).Raw("</span> ");
    page.Text(action.title.empty() ? "(untitled action)" : action.title).Raw("</div>");
    if (!action.reason.empty()) page.Raw("<div class=\"muted\">").Text(action.reason).Raw("</div>");
    if (!action.effect.empty()) {
      // Say which effects were measured; an estimate is shown as one, in its own words.
      page.Raw(action.measured ? "<div class=\"effect\">Measured: " : "<div class=\"effect unmeasured\">");
      page.Text(action.effect);
      if (!action.measured && action.effect.find("not measured") == std::string::npos) {
        page.Raw(" <span class=\"badge\">not measured</span>");
      }
      page.Raw("</div>");
    }
    if (!action.command.empty()) CommandBlock(page, action.command);
    page.Raw("</li>\n");
  }
  page.Raw("</ol></section>\n");
}

void RenderSteps(const DoctorReport& doctor, PageBuilder& page) {
  page.Raw("<section id=\"steps\"><h2>How these figures were measured</h2>\n");
  const std::vector<const doctor::StepInfo*> steps = doctor.Steps();
  if (steps.empty()) {
    page.Raw("<p class=\"note\">This doctor run recorded no steps.</p></section>\n");
    return;
  }
  page.Raw("<p>Each step is an ordinary ortkit command; run it yourself to reproduce a figure.</p>\n");
  page.Raw("<table><thead><tr><th>step</th><th>status</th><th class=\"num\">time</th><th>command</th></tr></thead><tbody>\n");
  for (const doctor::StepInfo* step : steps) {
    page.Raw("<tr><td>").Text(step->name).Raw("</td><td><span class=\"badge status-").Text(step->status);
    page.Raw("\">").Text(step->status).Raw("</span></td><td class=\"num\">").Text(FormatSeconds(step->seconds));
    page.Raw("</td><td><code>").Text(step->command_line).Raw("</code>");
    if (!step->message.empty()) page.Raw("<br><span class=\"muted\">").Text(step->message).Raw("</span>");
    page.Raw("</td></tr>\n");
  }
  page.Raw("</tbody></table></section>\n");
}

void RenderEnvironment(const DoctorReport& doctor, PageBuilder& page) {
  const doctor::EnvironmentInfo& environment = doctor.environment;
  page.Raw("<section id=\"environment\"><h2>Environment</h2>\n<dl class=\"facts\">");
  auto fact = [&page](std::string_view name, const std::string& value) {
    page.Raw("<dt>").Text(name).Raw("</dt><dd>").Text(value.empty() ? "not recorded" : value).Raw("</dd>");
  };
  fact("ortkit", environment.ortkit);
  fact("ONNX Runtime", environment.onnxruntime);
  fact("CPU", environment.cpu);
  fact("cores (threads)", environment.cores > 0 ? fmt::format("{}", environment.cores) : "");
  fact("OS", environment.os);
  fact("providers that work here", JoinStrings(environment.providers, ", "));
  for (const auto& p : environment.unusable_providers) fact(p.name, "cannot run here: " + p.reason);
  std::vector<std::string> devices;
  for (const doctor::VersionDevice& d : environment.ep_devices) {
    devices.push_back(d.ep_name + " on " + d.device_type + (d.hardware_vendor.empty() ? "" : " (" + d.hardware_vendor + ")"));
  }
  fact("devices ONNX Runtime found", devices.empty() ? "none listed" : JoinStrings(devices, "; "));
  page.Raw("</dl></section>\n");
}

}  // namespace ortkit::report::doctor_html
