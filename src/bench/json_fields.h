// Strict reading of JSON fields for the bench and profile formats: a missing field or a wrong
// type is an Error naming the document, the field and what was expected.
#pragma once

#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "ortkit/error.h"

namespace ortkit::bench {

/// ordered_json keeps keys in the order they are written, so outputs read top-down as documented.
using Json = nlohmann::ordered_json;

/// Reads fields of one JSON object; `where` names it in errors ("baseline 'old.json': cold_start").
class JsonFields {
 public:
  JsonFields(const Json& object, std::string where, ErrorCategory category = ErrorCategory::kConfig);

  bool has(const char* key) const { return object_.contains(key); }
  const Json& at(const char* key) const;
  const Json& object(const char* key) const;  ///< a JSON object
  const Json& array(const char* key) const;   ///< a JSON array
  double number(const char* key) const;
  int64_t integer(const char* key) const;
  uint64_t unsigned_integer(const char* key) const;
  bool flag(const char* key) const;
  std::string text(const char* key) const;
  /// `where` + "." + key, for the JsonFields of a nested object.
  std::string where(const char* key) const { return where_ + "." + key; }

  [[noreturn]] void Fail(const char* key, const std::string& expected, const Json& got) const;

 private:
  const Json& object_;
  std::string where_;
  ErrorCategory category_;
};

/// "string", "number", "array", ... for error messages.
std::string JsonTypeName(const Json& value);

/// Parses `text`; Error(category) "<where>: not valid JSON: <reason>" when it is not.
Json ParseJson(const std::string& text, const std::string& where, ErrorCategory category = ErrorCategory::kConfig);

}  // namespace ortkit::bench
