// The check renderers: text grouping and wrapping, JSON fields, SARIF 2.1.0 structure.
#include "report/check_render.h"

#include <set>
#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace ortkit::report {
namespace {

Finding Make(const std::string& id, const std::string& rule, Severity severity, const std::string& kind,
             const std::string& location, const std::string& message, const std::string& fix_pass = "") {
  Finding f;
  f.rule_id = id;
  f.rule = rule;
  f.severity = severity;
  f.location_kind = kind;
  f.location = location;
  f.message = message;
  f.why = "it matters";
  f.fix = "do this";
  f.fix_pass = fix_pass;
  // As the check engine gives it (graph::AddFixCommands).
  if (!fix_pass.empty()) f.command = "ortkit fix 'models/my model.onnx' -o fixed.onnx --pass " + fix_pass;
  return f;
}

CheckReport Sample() {
  CheckReport r;
  r.model = "models/my model.onnx";
  r.rules_run = {"ORTKIT001", "ORTKIT002"};
  r.loads_in_ort = false;
  r.findings = {Make("ORTKIT002", "type-conflict", Severity::kError, "node", "loop/body/Div_1", "types differ"),
                Make("ORTKIT001", "initializer-in-inputs", Severity::kWarning, "graph", "main",
                     std::string(30, 'a') + " " + std::string(40, 'b') + " " + std::string(40, 'c'),
                     "remove-initializers-from-inputs"),
                Make("ORTKIT042", "newcomer", Severity::kInfo, "model", "", "no place")};
  r.findings[0].op_type = "Div";
  return r;
}

std::vector<graph::RuleInfo> Rules() {
  return {{"ORTKIT001", "initializer-in-inputs", "Initializers as inputs", false},
          {"ORTKIT002", "type-conflict", "Type conflicts", false},
          {"ORTKIT010", "ort-load", "Loads in ORT", true}};
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

TEST(CheckRenderTest, TextHasAHeaderThenFindingsGroupedBySeverity) {
  std::ostringstream out;
  RenderCheckText(Sample(), out);
  const std::string expected =
      "model     models/my model.onnx\n"
      "ORT load  failed (see below)\n"
      "rules     2 run\n"
      "findings  1 error, 1 warning, 1 info\n"
      "\n"
      "errors (1)\n"
      "  ORTKIT002 type-conflict  node 'loop/body/Div_1' (Div)\n"
      "    types differ\n"
      "    why: it matters\n"
      "    fix: do this\n"
      "\n"
      "warnings (1)\n"
      "  ORTKIT001 initializer-in-inputs  graph 'main'\n"
      "    aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\n"
      "    cccccccccccccccccccccccccccccccccccccccc\n"
      "    why: it matters\n"
      "    fix: do this\n"
      "         ortkit fix 'models/my model.onnx' -o fixed.onnx --pass remove-initializers-from-inputs\n"
      "\n"
      "info (1)\n"
      "  ORTKIT042 newcomer  model\n"
      "    no place\n"
      "    why: it matters\n"
      "    fix: do this\n";
  EXPECT_EQ(out.str(), expected);
}

TEST(CheckRenderTest, TextWrapsLongLinesAtOneHundredColumns) {
  CheckReport r;
  r.model = "m.onnx";
  std::string words;
  for (int i = 0; i < 60; ++i) words += "word" + std::to_string(i) + " ";
  r.findings = {Make("ORTKIT006", "float64", Severity::kWarning, "graph", "g", words)};
  r.findings[0].why = words;
  std::ostringstream out;
  RenderCheckText(r, out);
  for (const std::string& line : Lines(out.str())) EXPECT_LE(line.size(), 100u) << line;
  EXPECT_NE(out.str().find("\n         word"), std::string::npos) << "why continues under its text";
}

TEST(CheckRenderTest, TextWithoutFindingsOrOrtSaysSo) {
  CheckReport r;
  r.model = "m.onnx";
  r.rules_run = {"ORTKIT001"};
  std::ostringstream out;
  RenderCheckText(r, out);
  EXPECT_EQ(out.str(), "model     m.onnx\nORT load  not tried (--no-ort)\nrules     1 run\n"
                       "findings  0 errors, 0 warnings, 0 info\n");
}

TEST(CheckRenderTest, JsonHasEveryFieldOfEveryFinding) {
  std::ostringstream out;
  RenderCheckJson(Sample(), out);
  const auto doc = nlohmann::json::parse(out.str());
  EXPECT_EQ(doc["model"], "models/my model.onnx");
  EXPECT_EQ(doc["loads_in_ort"], false);
  EXPECT_EQ(doc["rules_run"], (std::vector<std::string>{"ORTKIT001", "ORTKIT002"}));
  EXPECT_EQ(doc["summary"]["errors"], 1);
  EXPECT_EQ(doc["summary"]["warnings"], 1);
  EXPECT_EQ(doc["summary"]["info"], 1);
  ASSERT_EQ(doc["findings"].size(), 3u);
  const auto& f = doc["findings"][0];
  EXPECT_EQ(f["rule_id"], "ORTKIT002");
  EXPECT_EQ(f["rule"], "type-conflict");
  EXPECT_EQ(f["severity"], "error");
  EXPECT_EQ(f["location_kind"], "node");
  EXPECT_EQ(f["location"], "loop/body/Div_1");
  EXPECT_EQ(f["op_type"], "Div");
  EXPECT_EQ(f["message"], "types differ");
  EXPECT_EQ(f["why"], "it matters");
  EXPECT_EQ(f["fix"], "do this");
  EXPECT_EQ(f["fix_pass"], "");
  EXPECT_EQ(doc["findings"][1]["fix_pass"], "remove-initializers-from-inputs");
}

TEST(CheckRenderTest, JsonLoadsInOrtIsNullWhenNotTried) {
  CheckReport r;
  std::ostringstream out;
  RenderCheckJson(r, out);
  EXPECT_TRUE(nlohmann::json::parse(out.str())["loads_in_ort"].is_null());
}

// Node names and ORT's messages come from the model; JSON must not refuse their bytes.
TEST(CheckRenderTest, InvalidUtf8BecomesReplacementCharacters) {
  CheckReport r;
  r.findings = {Make("ORTKIT011", "hygiene", Severity::kInfo, "node", "bad\xff", "name bad\xff")};
  std::ostringstream json, sarif;
  RenderCheckJson(r, json);
  RenderCheckSarif(r, Rules(), sarif);
  EXPECT_EQ(nlohmann::json::parse(json.str())["findings"][0]["location"], "bad\xEF\xBF\xBD");
  EXPECT_NO_THROW(nlohmann::json::parse(sarif.str()));
}

TEST(CheckRenderTest, SarifIsA210LogWhoseResultsPointAtDriverRules) {
  std::ostringstream out;
  RenderCheckSarif(Sample(), Rules(), out);
  const auto doc = nlohmann::json::parse(out.str());
  EXPECT_EQ(doc["version"], "2.1.0");
  EXPECT_EQ(doc["$schema"], "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json");
  ASSERT_EQ(doc["runs"].size(), 1u);
  const auto& run = doc["runs"][0];
  EXPECT_EQ(run["tool"]["driver"]["name"], "ortkit");
  const auto& rules = run["tool"]["driver"]["rules"];
  std::set<std::string> ids;
  for (const auto& rule : rules) {
    ids.insert(rule["id"].get<std::string>());
    EXPECT_FALSE(rule["shortDescription"]["text"].get<std::string>().empty());
  }
  EXPECT_EQ(ids.size(), rules.size()) << "rule ids are unique";
  ASSERT_EQ(run["results"].size(), 3u);
  for (const auto& result : run["results"]) {
    const std::string id = result["ruleId"];
    EXPECT_TRUE(ids.count(id)) << id;
    EXPECT_EQ(rules[result["ruleIndex"].get<std::size_t>()]["id"], id);
    EXPECT_EQ(result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], "models/my%20model.onnx");
  }
  EXPECT_EQ(run["artifacts"][0]["location"]["uri"], "models/my%20model.onnx");
  const auto& first = run["results"][0];
  EXPECT_EQ(first["level"], "error");
  EXPECT_EQ(first["message"]["text"], "types differ. Why: it matters. Fix: do this.");
  const auto& logical = first["locations"][0]["logicalLocations"][0];
  EXPECT_EQ(logical["name"], "Div_1");
  EXPECT_EQ(logical["fullyQualifiedName"], "loop/body/Div_1");
  EXPECT_EQ(logical["kind"], "function");
  EXPECT_EQ(run["results"][1]["level"], "warning");
  EXPECT_EQ(run["results"][1]["properties"]["fixPass"], "remove-initializers-from-inputs");
  EXPECT_EQ(run["results"][2]["level"], "note");
  EXPECT_FALSE(run["results"][2]["locations"][0].contains("logicalLocations")) << "a model-wide finding has no place";
  EXPECT_EQ(run["properties"]["loadsInOnnxRuntime"], false);
}

TEST(CheckRenderTest, SarifAbsolutePathsBecomeFileUris) {
  CheckReport r;
  r.model = "/tmp/a#b.onnx";
  std::ostringstream out;
  RenderCheckSarif(r, Rules(), out);
  EXPECT_EQ(nlohmann::json::parse(out.str())["runs"][0]["artifacts"][0]["location"]["uri"], "file:///tmp/a%23b.onnx");
}

TEST(CheckRenderTest, NodeNamesStartingWithASlashKeepTheirName) {
  CheckReport r;
  r.findings = {Make("ORTKIT001", "x", Severity::kInfo, "node", "/conv1/Conv", "m")};
  std::ostringstream out;
  RenderCheckSarif(r, Rules(), out);
  const auto doc = nlohmann::json::parse(out.str());
  EXPECT_EQ(doc["runs"][0]["results"][0]["locations"][0]["logicalLocations"][0]["name"], "Conv");
}

TEST(CheckRenderTest, RuleListAsTableAndJson) {
  std::ostringstream text;
  RenderRuleListText(Rules(), text);
  EXPECT_EQ(text.str(),
            "id         name                   needs ORT  summary\n"
            "ORTKIT001  initializer-in-inputs  no         Initializers as inputs\n"
            "ORTKIT002  type-conflict          no         Type conflicts\n"
            "ORTKIT010  ort-load               yes        Loads in ORT\n");
  std::ostringstream json;
  RenderRuleListJson(Rules(), json);
  const auto doc = nlohmann::json::parse(json.str());
  ASSERT_EQ(doc.size(), 3u);
  EXPECT_EQ(doc[2]["id"], "ORTKIT010");
  EXPECT_EQ(doc[2]["needs_ort"], true);
}

}  // namespace
}  // namespace ortkit::report
