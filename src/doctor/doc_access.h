// Safe reading of the doctor document and the step results inside it: every accessor tolerates
// a missing step, a null result or a field of the wrong type (a step may have crashed mid-way).
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace ortkit::doctor {

using Json = nlohmann::json;

/// The step named `name` in document["steps"], or nullptr.
const Json* StepOf(const Json& document, const std::string& name);

/// That step's "result" when it is an object, else nullptr.
const Json* ResultOf(const Json& document, const std::string& name);

/// The step's status ("ok", "failed", ...), or "missing" when there is no such step.
std::string StatusOf(const Json& document, const std::string& name);

/// json[key] as a number when it is one, else `fallback`.
double NumberAt(const Json& json, const char* key, double fallback = 0);
/// json[key] as a string when it is one, else `fallback`.
std::string TextAt(const Json& json, const char* key, const std::string& fallback = "");
/// json[key] when it is an array, else an empty array.
const Json& ArrayAt(const Json& json, const char* key);

/// check's findings (an empty array when there is no check result).
const Json& CheckFindings(const Json& document);
/// The findings of rule `rule_id` ("ORTKIT006").
std::vector<Json> FindingsOf(const Json& document, const std::string& rule_id);

/// "0.48 ms", "12.3 ms", "1.25 s": a duration for people.
std::string Ms(double ms);
/// "43.8 MiB": bytes for people.
std::string Mib(double bytes);

}  // namespace ortkit::doctor
