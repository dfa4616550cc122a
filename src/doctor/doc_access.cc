// Reading the doctor document defensively.
#include "doctor/doc_access.h"

#include <cmath>

#include <fmt/format.h>

namespace ortkit::doctor {

const Json* StepOf(const Json& document, const std::string& name) {
  if (!document.is_object() || !document.contains("steps") || !document["steps"].is_array()) return nullptr;
  for (const Json& step : document["steps"]) {
    if (step.is_object() && step.value("name", "") == name) return &step;
  }
  return nullptr;
}

const Json* ResultOf(const Json& document, const std::string& name) {
  const Json* step = StepOf(document, name);
  if (!step || !step->contains("result") || !(*step)["result"].is_object()) return nullptr;
  return &(*step)["result"];
}

std::string StatusOf(const Json& document, const std::string& name) {
  const Json* step = StepOf(document, name);
  return step ? TextAt(*step, "status", "missing") : "missing";
}

double NumberAt(const Json& json, const char* key, double fallback) {
  if (!json.is_object() || !json.contains(key) || !json[key].is_number()) return fallback;
  return json[key].get<double>();
}

std::string TextAt(const Json& json, const char* key, const std::string& fallback) {
  if (!json.is_object() || !json.contains(key) || !json[key].is_string()) return fallback;
  return json[key].get<std::string>();
}

const Json& ArrayAt(const Json& json, const char* key) {
  static const Json empty = Json::array();
  if (!json.is_object() || !json.contains(key) || !json[key].is_array()) return empty;
  return json[key];
}

const Json& CheckFindings(const Json& document) {
  static const Json empty = Json::array();
  const Json* check = ResultOf(document, "check");
  return check ? ArrayAt(*check, "findings") : empty;
}

std::vector<Json> FindingsOf(const Json& document, const std::string& rule_id) {
  std::vector<Json> out;
  for (const Json& f : CheckFindings(document)) {
    if (TextAt(f, "rule_id") == rule_id) out.push_back(f);
  }
  return out;
}

std::string Ms(double ms) {
  if (ms >= 1000) return fmt::format("{:.2f} s", ms / 1000);
  if (ms >= 10) return fmt::format("{:.1f} ms", ms);
  return fmt::format("{:.2f} ms", ms);
}

std::string Mib(double bytes) { return fmt::format("{:.1f} MiB", bytes / (1024.0 * 1024.0)); }

}  // namespace ortkit::doctor
