// The doctor report's summary parts: the header, the verdict per area, the top actions, the
// steps with their commands, and the environment.
#include <vector>

#include <fmt/format.h>

#include "report/doctor_html_parts.h"
#include "report/human_size.h"

namespace ortkit::report::doctor_html {
namespace {

const json& ObjectOrEmpty(const json& doctor, std::string_view key) {
  static const json kEmpty = json::object();
  const json* value = Member(doctor, key);
  return value != nullptr && value->is_object() ? *value : kEmpty;
}

std::string JoinStrings(const json& array, std::string_view separator) {
  std::string out;
  for (const json& item : array) {
    if (!item.is_string()) continue;
    if (!out.empty()) out += separator;
    out += item.get<std::string>();
  }
  return out;
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

void RenderHeader(const json& doctor, PageBuilder& page) {
  const json& model = ObjectOrEmpty(doctor, "model");
  const json& request = ObjectOrEmpty(doctor, "request");
  const std::string path = Text(model, "path", "(model path not recorded)");
  page.Raw("<header><h1><span class=\"tool\">ortkit doctor</span> ").Text(path).Raw("</h1>\n");
  std::string facts;
  if (auto bytes = Number(model, "file_bytes"); bytes && *bytes >= 0) facts += HumanBytes(static_cast<uint64_t>(*bytes));
  const std::string provider = Text(request, "provider");
  if (!provider.empty()) facts += (facts.empty() ? "" : " · ") + std::string("provider ") + provider;
  if (const std::string targets = JoinStrings(Array(request, "targets"), ", "); !targets.empty()) {
    facts += " · targets " + targets;
  }
  if (const std::string dims = JoinStrings(Array(request, "dims"), " "); !dims.empty()) facts += " · dims " + dims;
  const std::string started = Text(doctor, "started_at");
  if (!started.empty()) facts += " · run " + started;
  if (auto elapsed = Number(doctor, "elapsed_s")) facts += " in " + doctor_view::FormatSeconds(*elapsed);
  if (auto budget = Number(request, "budget_s")) facts += " (budget " + doctor_view::FormatSeconds(*budget) + ")";
  page.Raw("<p class=\"subtitle\">").Text(facts).Raw("</p></header>\n");
}

void RenderVerdicts(const json& doctor, PageBuilder& page) {
  page.Raw("<section id=\"verdicts\"><h2>Verdict</h2>\n");
  const json& verdicts = Array(doctor, "verdicts");
  if (verdicts.empty()) {
    page.Raw("<p class=\"note\">This doctor run recorded no verdicts.</p></section>\n");
    return;
  }
  page.Raw("<div class=\"verdicts\">\n");
  for (const json& verdict : verdicts) {
    const std::string status = Text(verdict, "status");
    page.Raw("<div class=\"verdict ").Raw(StatusClass(status)).Raw("\" data-status=\"").Text(status).Raw("\">");
    page.Raw("<span class=\"status\">").Text(StatusWords(status)).Raw("</span>");
    page.Raw("<div class=\"area\">").Text(Text(verdict, "area", "?")).Raw("</div>");
    page.Raw("<p class=\"headline\">").Text(Text(verdict, "headline")).Raw("</p>");
    // The first few details stay in view; the rest fold away (the sections below hold them too).
    std::vector<std::string> details;
    for (const json& detail : Array(verdict, "details")) {
      if (detail.is_string()) details.push_back(detail.get<std::string>());
    }
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

void RenderActions(const json& doctor, PageBuilder& page) {
  page.Raw("<section id=\"actions\"><h2>What to do first</h2>\n");
  const json& actions = Array(doctor, "actions");
  if (actions.empty()) {
    page.Raw("<p>No action needed: doctor found nothing worth changing.</p></section>\n");
    return;
  }
  page.Raw("<ol class=\"actions\">\n");
  for (const json& action : actions) {
    const json* measured = Member(action, "measured");
    const bool is_measured = measured != nullptr && measured->is_boolean() && measured->get<bool>();
    page.Raw("<li><div class=\"title\">").Text(Text(action, "title", "(untitled action)")).Raw("</div>");
    const std::string effect = Text(action, "effect");
    if (!effect.empty()) {
      // Say which effects were measured; an estimate is shown as one, in its own words.
      page.Raw(is_measured ? "<div class=\"effect\">Measured: " : "<div class=\"effect unmeasured\">");
      page.Text(effect);
      if (!is_measured && effect.find("not measured") == std::string::npos) {
        page.Raw(" <span class=\"badge\">not measured</span>");
      }
      page.Raw("</div>");
    }
    const std::string command = Text(action, "command");
    if (!command.empty()) CommandBlock(page, command);
    page.Raw("</li>\n");
  }
  page.Raw("</ol></section>\n");
}

void RenderSteps(const json& doctor, PageBuilder& page) {
  page.Raw("<section id=\"steps\"><h2>How these figures were measured</h2>\n");
  const json& steps = Array(doctor, "steps");
  if (steps.empty()) {
    page.Raw("<p class=\"note\">This doctor run recorded no steps.</p></section>\n");
    return;
  }
  page.Raw("<p>Each step is an ordinary ortkit command; run it yourself to reproduce a figure.</p>\n");
  page.Raw("<table><thead><tr><th>step</th><th>status</th><th class=\"num\">time</th><th>command</th></tr></thead><tbody>\n");
  for (const json& step : steps) {
    const std::string status = Text(step, "status", "unknown");
    page.Raw("<tr><td>").Text(Text(step, "name", "?")).Raw("</td><td><span class=\"badge status-").Text(status);
    page.Raw("\">").Text(status).Raw("</span></td><td class=\"num\">");
    if (auto seconds = Number(step, "seconds")) page.Text(doctor_view::FormatSeconds(*seconds));
    page.Raw("</td><td><code>").Text(Text(step, "command_line")).Raw("</code>");
    if (const std::string message = Text(step, "message"); !message.empty()) {
      page.Raw("<br><span class=\"muted\">").Text(message).Raw("</span>");
    }
    page.Raw("</td></tr>\n");
  }
  page.Raw("</tbody></table></section>\n");
}

void RenderEnvironment(const json& doctor, PageBuilder& page) {
  const json& environment = ObjectOrEmpty(doctor, "environment");
  page.Raw("<section id=\"environment\"><h2>Environment</h2>\n<dl class=\"facts\">");
  auto fact = [&page](std::string_view name, const std::string& value) {
    page.Raw("<dt>").Text(name).Raw("</dt><dd>").Text(value.empty() ? "not recorded" : value).Raw("</dd>");
  };
  fact("ortkit", Text(environment, "ortkit"));
  fact("ONNX Runtime", Text(environment, "onnxruntime"));
  fact("CPU", Text(environment, "cpu"));
  const auto cores = Number(environment, "cores");
  fact("cores (threads)", cores ? fmt::format("{:.0f}", *cores) : "");
  fact("OS", Text(environment, "os"));
  fact("providers that work here", JoinStrings(Array(environment, "providers"), ", "));
  page.Raw("</dl></section>\n");
}

}  // namespace ortkit::report::doctor_html
