// Strict reading of JSON documents into typed structs: a missing field or a wrong type is an
// Error naming the document, the key path and what was expected. One overload set, ReadJson,
// reads every supported type, so a struct's parser is one short line per field.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "ortkit/error.h"

namespace ortkit::core {

/// ordered_json keeps keys in the order they are written, so outputs read top-down as documented.
using Json = nlohmann::ordered_json;

/// "string", "number", "array", ... for error messages.
std::string JsonTypeName(const Json& value);

/// Parses `text`; Error(category) "<where>: not valid JSON: <reason>" when it is not.
Json ParseJson(const std::string& text, const std::string& where, ErrorCategory category = ErrorCategory::kConfig);

/// Error(kConfig) "<where>: expected <expected>, found <what value is>".
[[noreturn]] void FailJsonType(const Json& value, const std::string& where, const std::string& expected);

/// Reads `value` (found at key path `where`) into `out`; Error(kConfig) naming `where` when the
/// value has another type. Structs add their own overload in their namespace (found by ADL).
void ReadJson(const Json& value, const std::string& where, std::string& out);
void ReadJson(const Json& value, const std::string& where, double& out);
void ReadJson(const Json& value, const std::string& where, int64_t& out);
void ReadJson(const Json& value, const std::string& where, bool& out);

/// A JSON array, each element read into T; the elements' paths are where[0], where[1], ...
template <typename T>
void ReadJson(const Json& value, const std::string& where, std::vector<T>& out) {
  if (!value.is_array()) FailJsonType(value, where, "an array");
  out.clear();
  out.resize(value.size());
  for (std::size_t i = 0; i < value.size(); ++i) ReadJson(value[i], where + "[" + std::to_string(i) + "]", out[i]);
}

/// A JSON object whose every member is read into T.
template <typename T>
void ReadJson(const Json& value, const std::string& where, std::map<std::string, T>& out) {
  if (!value.is_object()) FailJsonType(value, where, "an object");
  out.clear();
  for (const auto& [key, item] : value.items()) ReadJson(item, where + "." + key, out[key]);
}

/// null reads as std::nullopt; anything else must read as T.
template <typename T>
void ReadJson(const Json& value, const std::string& where, std::optional<T>& out) {
  if (value.is_null()) {
    out.reset();
    return;
  }
  T item{};
  ReadJson(value, where, item);
  out = std::move(item);
}

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

  /// Reads the required member `key` into `out` with ReadJson (the member's path is where(key)).
  /// For a std::optional `out`, a missing member reads as std::nullopt, like null.
  template <typename T>
  void Get(const char* key, T& out) const {
    ReadJson(at(key), where(key), out);
  }
  template <typename T>
  void Get(const char* key, std::optional<T>& out) const {
    if (has(key)) {
      ReadJson(object_.at(key), where(key), out);
    } else {
      out.reset();
    }
  }

  [[noreturn]] void Fail(const char* key, const std::string& expected, const Json& got) const;

 private:
  const Json& object_;
  std::string where_;
  ErrorCategory category_;
};

}  // namespace ortkit::core
