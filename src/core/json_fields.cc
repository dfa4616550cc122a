// Strict reading of JSON fields.
#include "core/json_fields.h"

namespace ortkit::core {

JsonFields::JsonFields(const Json& object, std::string where, ErrorCategory category)
    : object_(object), where_(std::move(where)), category_(category) {
  if (!object_.is_object()) {
    throw Error(category_, where_ + ": expected a JSON object, got " + JsonTypeName(object_));
  }
}

std::string JsonTypeName(const Json& value) {
  if (value.is_number_integer()) return "an integer";
  if (value.is_number()) return "a number";
  if (value.is_null()) return "null";
  const std::string name = value.type_name();  // "string", "array", "object", "boolean"
  return (name[0] == 'a' || name[0] == 'o' ? "an " : "a ") + name;
}

void FailJsonType(const Json& value, const std::string& where, const std::string& expected) {
  throw Error(ErrorCategory::kConfig, where + ": expected " + expected + ", found " + JsonTypeName(value));
}

void ReadJson(const Json& value, const std::string& where, std::string& out) {
  if (!value.is_string()) FailJsonType(value, where, "a string");
  out = value.get<std::string>();
}

void ReadJson(const Json& value, const std::string& where, double& out) {
  if (!value.is_number()) FailJsonType(value, where, "a number");
  out = value.get<double>();
}

void ReadJson(const Json& value, const std::string& where, int64_t& out) {
  if (!value.is_number_integer()) FailJsonType(value, where, "an integer");
  out = value.get<int64_t>();
}

void ReadJson(const Json& value, const std::string& where, bool& out) {
  if (!value.is_boolean()) FailJsonType(value, where, "true or false");
  out = value.get<bool>();
}

void JsonFields::Fail(const char* key, const std::string& expected, const Json& got) const {
  throw Error(category_, where_ + ": '" + key + "' must be " + expected + ", got " + JsonTypeName(got));
}

const Json& JsonFields::at(const char* key) const {
  const auto it = object_.find(key);
  if (it == object_.end()) throw Error(category_, where_ + ": '" + key + "' is missing");
  return *it;
}

const Json& JsonFields::object(const char* key) const {
  const Json& v = at(key);
  if (!v.is_object()) Fail(key, "an object", v);
  return v;
}

const Json& JsonFields::array(const char* key) const {
  const Json& v = at(key);
  if (!v.is_array()) Fail(key, "an array", v);
  return v;
}

double JsonFields::number(const char* key) const {
  const Json& v = at(key);
  if (!v.is_number()) Fail(key, "a number", v);
  return v.get<double>();
}

int64_t JsonFields::integer(const char* key) const {
  const Json& v = at(key);
  if (!v.is_number_integer()) Fail(key, "an integer", v);
  return v.get<int64_t>();
}

uint64_t JsonFields::unsigned_integer(const char* key) const {
  const Json& v = at(key);
  if (!v.is_number_unsigned() && !(v.is_number_integer() && v.get<int64_t>() >= 0)) Fail(key, "an integer >= 0", v);
  return v.get<uint64_t>();
}

bool JsonFields::flag(const char* key) const {
  const Json& v = at(key);
  if (!v.is_boolean()) Fail(key, "true or false", v);
  return v.get<bool>();
}

std::string JsonFields::text(const char* key) const {
  const Json& v = at(key);
  if (!v.is_string()) Fail(key, "a string", v);
  return v.get<std::string>();
}

Json ParseJson(const std::string& text, const std::string& where, ErrorCategory category) {
  try {
    return Json::parse(text);
  } catch (const Json::exception& e) {
    // parse_error, and out_of_range for a number beyond double's range ("1e400"). nlohmann's text
    // starts with "[json.exception.parse_error.101] "; the rest is the reason.
    std::string reason = e.what();
    if (const auto end = reason.find("] "); end != std::string::npos) reason = reason.substr(end + 2);
    throw Error(category, where + ": not valid JSON: " + reason);
  }
}

}  // namespace ortkit::core
