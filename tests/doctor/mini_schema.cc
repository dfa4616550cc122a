// The small JSON Schema checker.
#include "doctor/mini_schema.h"

namespace ortkit::testing {
namespace {

bool HasType(const nlohmann::json& v, const std::string& type) {
  if (type == "object") return v.is_object();
  if (type == "array") return v.is_array();
  if (type == "string") return v.is_string();
  if (type == "integer") return v.is_number_integer();
  if (type == "number") return v.is_number();
  if (type == "boolean") return v.is_boolean();
  if (type == "null") return v.is_null();
  return false;
}

}  // namespace

std::vector<std::string> SchemaErrors(const nlohmann::json& schema, const nlohmann::json& value,
                                      const std::string& path) {
  std::vector<std::string> errors;
  const std::string where = path.empty() ? "/" : path;
  if (schema.contains("type")) {
    bool ok = false;
    if (schema["type"].is_string()) ok = HasType(value, schema["type"]);
    for (const auto& t : schema["type"].is_array() ? schema["type"] : nlohmann::json::array())
      ok = ok || HasType(value, t);
    if (!ok) return {where + ": expected type " + schema["type"].dump() + ", got " + value.dump().substr(0, 80)};
  }
  if (schema.contains("const") && value != schema["const"])
    errors.push_back(where + ": expected " + schema["const"].dump());
  if (schema.contains("enum")) {
    bool found = false;
    for (const auto& option : schema["enum"]) found = found || option == value;
    if (!found) errors.push_back(where + ": " + value.dump() + " is not one of " + schema["enum"].dump());
  }
  if (value.is_number() && schema.contains("minimum") && value.get<double>() < schema["minimum"].get<double>()) {
    errors.push_back(where + ": below the minimum " + schema["minimum"].dump());
  }
  if (value.is_number() && schema.contains("exclusiveMinimum") &&
      value.get<double>() <= schema["exclusiveMinimum"].get<double>()) {
    errors.push_back(where + ": not above " + schema["exclusiveMinimum"].dump());
  }
  if (value.is_object()) {
    for (const auto& key : schema.value("required", nlohmann::json::array())) {
      if (!value.contains(key.get<std::string>()))
        errors.push_back(where + ": missing required '" + key.get<std::string>() + "'");
    }
    if (schema.contains("properties")) {
      for (const auto& [key, sub] : schema["properties"].items()) {
        if (!value.contains(key)) continue;
        const auto more = SchemaErrors(sub, value[key], path + "/" + key);
        errors.insert(errors.end(), more.begin(), more.end());
      }
    }
  }
  if (value.is_array() && schema.contains("items")) {
    for (std::size_t i = 0; i < value.size(); ++i) {
      const auto more = SchemaErrors(schema["items"], value[i], path + "/" + std::to_string(i));
      errors.insert(errors.end(), more.begin(), more.end());
    }
  }
  return errors;
}

}  // namespace ortkit::testing
