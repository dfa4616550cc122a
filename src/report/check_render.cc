// Text, JSON and SARIF renderers of a CheckReport, and the rule list.
#include "report/check_render.h"

#include <cctype>
#include <cstdio>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "ortkit/runtime.h"
#include "report/text_table.h"

namespace ortkit::report {
namespace {

using Json = nlohmann::ordered_json;

constexpr std::size_t kWidth = 100;  // text output wraps here: one finding fits a terminal's width

// Names and ORT's messages come from the model and may hold invalid UTF-8, which JSON cannot; such
// bytes become U+FFFD rather than an exception.
std::string Dump(const Json& doc) { return doc.dump(2, ' ', false, Json::error_handler_t::replace); }

// "text." without doubling a period the text already ends with.
std::string Sentence(const std::string& text) {
  return !text.empty() && text.back() == '.' ? text : text + ".";
}

// Appends `text` after `first` (which starts the first line), breaking at spaces so that no line
// passes kWidth where it can be helped; later lines start with `indent` spaces.
void Wrapped(std::ostream& out, const std::string& first, const std::string& text, std::size_t indent) {
  std::string line = first;
  bool line_has_word = false;
  std::istringstream words(text);
  std::string word;
  while (words >> word) {
    if (line_has_word && line.size() + 1 + word.size() > kWidth) {
      out << line << "\n";
      line = std::string(indent, ' ');
      line_has_word = false;
    }
    if (line_has_word) line += ' ';
    line += word;
    line_has_word = true;
  }
  out << line << "\n";
}

std::string Where(const Finding& f) {
  if (f.location.empty()) return f.location_kind.empty() ? "model" : f.location_kind;
  std::string where = f.location_kind + " '" + f.location + "'";
  if (!f.op_type.empty()) where += " (" + f.op_type + ")";
  return where;
}

std::string Counts(const CheckReport& report) {
  const std::size_t e = report.Count(Severity::kError), w = report.Count(Severity::kWarning),
                    i = report.Count(Severity::kInfo);
  return std::to_string(e) + (e == 1 ? " error, " : " errors, ") + std::to_string(w) +
         (w == 1 ? " warning, " : " warnings, ") + std::to_string(i) + " info";
}

// SARIF URIs are RFC 3986 references: a relative path stays relative, an absolute one becomes
// file://; bytes outside the unreserved set and '/' are percent-encoded.
std::string ToUri(const std::string& path) {
  std::string out = path.rfind('/', 0) == 0 ? "file://" : "";
  for (unsigned char c : path) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~' || c == '/') {
      out += static_cast<char>(c);
    } else {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", c);
      out += buf;
    }
  }
  return out;
}

const char* SarifLevel(Severity s) {
  switch (s) {
    case Severity::kError: return "error";
    case Severity::kWarning: return "warning";
    case Severity::kInfo: return "note";
  }
  return "none";
}

// SARIF's logicalLocation kinds (§3.33.7) closest to what a finding points at.
const char* SarifKind(const std::string& location_kind) {
  if (location_kind == "node") return "function";
  if (location_kind == "graph" || location_kind == "model") return "module";
  if (location_kind == "input") return "parameter";
  return "variable";
}

std::string LastComponent(const std::string& location) {
  const auto slash = location.rfind('/');
  // A name such as "/conv1/Conv" is a node name that starts with '/', not a path.
  return slash == std::string::npos || slash == 0 ? location : location.substr(slash + 1);
}

}  // namespace

void RenderCheckText(const CheckReport& report, std::ostream& out) {
  out << "model     " << report.model << "\n";
  out << "ORT load  "
      << (!report.loads_in_ort ? "not tried (--no-ort)" : *report.loads_in_ort ? "ok" : "failed (see below)") << "\n";
  out << "rules     " << report.rules_run.size() << " run\n";
  out << "findings  " << Counts(report) << "\n";
  for (Severity s : {Severity::kError, Severity::kWarning, Severity::kInfo}) {
    const std::size_t n = report.Count(s);
    if (n == 0) continue;
    out << "\n" << (s == Severity::kError ? "errors" : s == Severity::kWarning ? "warnings" : "info") << " (" << n << ")\n";
    for (const Finding& f : report.findings) {
      if (f.severity != s) continue;
      out << "  " << f.rule_id << " " << f.rule << "  " << Where(f) << "\n";
      Wrapped(out, "    ", f.message, 4);
      if (!f.why.empty()) Wrapped(out, "    why: ", f.why, 9);
      if (!f.fix.empty()) Wrapped(out, "    fix: ", f.fix, 9);
      if (!f.command.empty() && f.fix.find(f.command) == std::string::npos) out << "         " << f.command << "\n";
    }
  }
}

void RenderCheckJson(const CheckReport& report, std::ostream& out) {
  Json doc;
  doc["model"] = report.model;
  doc["loads_in_ort"] = report.loads_in_ort ? Json(*report.loads_in_ort) : Json(nullptr);
  doc["rules_run"] = report.rules_run;
  doc["summary"] = Json{{"errors", report.Count(Severity::kError)},
                        {"warnings", report.Count(Severity::kWarning)},
                        {"info", report.Count(Severity::kInfo)}};
  doc["findings"] = Json::array();
  for (const Finding& f : report.findings) {
    doc["findings"].push_back(Json{{"rule_id", f.rule_id}, {"rule", f.rule}, {"severity", ToString(f.severity)},
                                   {"location_kind", f.location_kind}, {"location", f.location},
                                   {"op_type", f.op_type}, {"message", f.message}, {"why", f.why},
                                   {"fix", f.fix}, {"fix_pass", f.fix_pass}, {"command", f.command}});
  }
  out << Dump(doc) << "\n";
}

void RenderCheckSarif(const CheckReport& report, const std::vector<graph::RuleInfo>& rules, std::ostream& out) {
  std::vector<graph::RuleInfo> all = rules;
  auto index_of = [&all](const Finding& f) {
    for (std::size_t i = 0; i < all.size(); ++i) {
      if (all[i].id == f.rule_id) return i;
    }
    all.push_back(graph::RuleInfo{f.rule_id, f.rule, f.rule, false});
    return all.size() - 1;
  };
  const std::string uri = ToUri(report.model);
  Json results = Json::array();
  for (const Finding& f : report.findings) {
    Json location{{"physicalLocation", {{"artifactLocation", {{"uri", uri}, {"index", 0}}}}}};
    if (!f.location.empty()) {
      location["logicalLocations"] = Json::array(
          {Json{{"name", LastComponent(f.location)}, {"fullyQualifiedName", f.location}, {"kind", SarifKind(f.location_kind)}}});
    }
    std::string text = Sentence(f.message);
    if (!f.why.empty()) text += " Why: " + Sentence(f.why);
    if (!f.fix.empty()) text += " Fix: " + Sentence(f.fix + (f.command.empty() || f.fix.find(f.command) != std::string::npos ? "" : " (" + f.command + ")"));
    Json properties{{"severity", ToString(f.severity)}, {"locationKind", f.location_kind}};
    if (!f.op_type.empty()) properties["opType"] = f.op_type;
    properties["why"] = f.why;
    properties["fix"] = f.fix;
    if (!f.fix_pass.empty()) properties["fixPass"] = f.fix_pass;
    const std::size_t rule_index = index_of(f);
    results.push_back(Json{{"ruleId", f.rule_id}, {"ruleIndex", rule_index}, {"level", SarifLevel(f.severity)},
                           {"message", {{"text", text}}}, {"locations", Json::array({location})},
                           {"properties", properties}});
  }
  Json driver_rules = Json::array();
  for (const graph::RuleInfo& r : all) {
    driver_rules.push_back(Json{{"id", r.id}, {"name", r.name}, {"shortDescription", {{"text", r.summary}}},
                                {"properties", {{"needsOnnxRuntime", r.needs_ort}}}});
  }
  Json run{{"tool", {{"driver", {{"name", "ortkit"}, {"version", Version()}, {"rules", driver_rules}}}}},
           {"artifacts", Json::array({Json{{"location", {{"uri", uri}}}}})},
           {"results", results}};
  run["properties"] = Json{{"loadsInOnnxRuntime", report.loads_in_ort ? Json(*report.loads_in_ort) : Json(nullptr)},
                           {"rulesRun", report.rules_run}};
  Json doc{{"$schema", "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"},
           {"version", "2.1.0"},
           {"runs", Json::array({run})}};
  out << Dump(doc) << "\n";
}

void RenderRuleListText(const std::vector<graph::RuleInfo>& rules, std::ostream& out) {
  TextTable table({"id", "name", "needs ORT", "summary"});
  for (const graph::RuleInfo& r : rules) table.AddRow({r.id, r.name, r.needs_ort ? "yes" : "no", r.summary});
  table.Render(out);
}

void RenderRuleListJson(const std::vector<graph::RuleInfo>& rules, std::ostream& out) {
  Json list = Json::array();
  for (const graph::RuleInfo& r : rules) {
    list.push_back(Json{{"id", r.id}, {"name", r.name}, {"needs_ort", r.needs_ort}, {"summary", r.summary}});
  }
  out << Dump(list) << "\n";
}

}  // namespace ortkit::report
