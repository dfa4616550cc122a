// SessionConfig as JSON (the "deployment profile"): ToJson, FromJson, FromFile, SaveToFile.
//
// Layout, version "ortkit.session_config/1" (keys in this order on write; any order on read):
//   {
//     "format": "ortkit.session_config/1",      optional on read; if present, must be this
//     "providers": [{"name": "cuda", "options": {"device_id": "0"}}],
//     "intra_op_threads": 0,                     integers 0..1024, 0: ORT decides
//     "inter_op_threads": 0,
//     "allow_spinning": null,                    null (ORT's default), true or false
//     "optimization_level": "all",               disabled | basic | extended | all
//     "execution_mode": "sequential",            sequential | parallel
//     "memory": {"cpu_arena": true, "memory_pattern": true,
//                "arena_extend_strategy": "next_power_of_two",   | same_as_requested
//                "arena_shrink_after_run": false},
//     "profiling_prefix": "",
//     "optimized_model_path": "",
//     "config_entries": {"session.some_key": "value"},
//     "custom_op_libraries": ["/opt/ops/libdcn.so"]   shared libraries of custom operators
//   }
// A missing key keeps its default, except a provider's "name". Unknown keys are errors, so a typo
// never silently falls back to a default. Provider and config-entry option values are strings,
// because ORT takes them as text. Provider names are written, and read back, as the short
// canonical name ("CUDAExecutionProvider" becomes "cuda").
#include <cctype>
#include <cerrno>
#include <climits>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <initializer_list>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/atomic_file.h"
#include "ortkit/error.h"
#include "ortkit/session_config.h"

namespace ortkit {
namespace {

// ordered_json keeps the documented key order on write and reports keys in document order on read.
using Json = nlohmann::ordered_json;

constexpr const char* kFormat = "ortkit.session_config/1";
constexpr int kMaxThreads = 1024;  // kept in step with Validate() in session_config.cc

[[noreturn]] void Fail(const std::string& field, const std::string& expected,
                       const std::string& got) {
  throw Error(ErrorCategory::kConfig,
              "session config: " + field + ": expected " + expected + ", got " + got);
}

std::string Quoted(const std::string& s) { return "'" + s + "'"; }

bool IsPlainKey(const std::string& key) {
  if (key.empty()) return false;
  for (char c : key) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_')) return false;
  }
  return true;
}

// JSON-path style: memory.cpu_arena, providers[1].options.device_id,
// config_entries["session.use_env_allocators"] (keys with dots or spaces are bracketed).
std::string Child(const std::string& parent, const std::string& key) {
  if (IsPlainKey(key)) return parent.empty() ? key : parent + "." + key;
  return parent + "[" + Json(key).dump() + "]";
}

std::string Index(const std::string& parent, std::size_t i) {
  return parent + "[" + std::to_string(i) + "]";
}

/// "string \"4\"", "number 1.5", "boolean true", "null", "object", "array".
std::string Describe(const Json& v) {
  if (v.is_null() || v.is_object() || v.is_array()) return v.type_name();
  return std::string(v.type_name()) + " " + v.dump();
}

std::string JoinKeys(std::initializer_list<const char*> keys) {
  std::string out;
  for (const char* k : keys) {
    if (!out.empty()) out += ", ";
    out += k;
  }
  return out;
}

[[noreturn]] void UnknownKey(const std::string& parent, const std::string& key,
                             std::initializer_list<const char*> allowed) {
  Fail(Child(parent, key), "a known key (" + JoinKeys(allowed) + ")", Quoted(key));
}

void ExpectObject(const Json& v, const std::string& path) {
  if (!v.is_object()) Fail(path.empty() ? "top level" : path, "an object", Describe(v));
}

bool ReadBool(const Json& v, const std::string& path) {
  if (!v.is_boolean()) Fail(path, "a boolean", Describe(v));
  return v.get<bool>();
}

std::string ReadString(const Json& v, const std::string& path) {
  if (!v.is_string()) Fail(path, "a string", Describe(v));
  return v.get<std::string>();
}

int ReadThreads(const Json& v, const std::string& path) {
  if (!v.is_number_integer()) Fail(path, "an integer", Describe(v));
  // Out-of-int values can't reach Validate() intact, so range-check them here with its wording.
  const bool fits = v.is_number_unsigned()
                        ? v.get<std::uint64_t>() <= INT_MAX
                        : v.get<std::int64_t>() >= INT_MIN && v.get<std::int64_t>() <= INT_MAX;
  if (!fits) Fail(path, "an integer from 0 to " + std::to_string(kMaxThreads), v.dump());
  return static_cast<int>(v.get<std::int64_t>());
}

template <typename Enum>
Enum ReadEnum(const Json& v, const std::string& path, std::initializer_list<Enum> values) {
  std::string allowed;
  for (Enum e : values) allowed += std::string(allowed.empty() ? "" : ", ") + ToString(e);
  if (!v.is_string()) Fail(path, "a string, one of " + allowed, Describe(v));
  const auto& s = v.get_ref<const std::string&>();
  for (Enum e : values) {
    if (s == ToString(e)) return e;
  }
  Fail(path, "one of " + allowed, Quoted(s));
}

std::vector<std::string> ReadStringArray(const Json& v, const std::string& path) {
  if (!v.is_array()) Fail(path, "an array of strings", Describe(v));
  std::vector<std::string> out;
  for (std::size_t i = 0; i < v.size(); ++i) out.push_back(ReadString(v[i], Index(path, i)));
  return out;
}

/// Option maps: ORT takes every option as text, so numbers and booleans must be quoted.
std::map<std::string, std::string> ReadStringMap(const Json& v, const std::string& path) {
  ExpectObject(v, path);
  std::map<std::string, std::string> out;
  for (const auto& item : v.items()) {
    const std::string item_path = Child(path, item.key());
    const Json& value = item.value();
    if (!value.is_string()) {
      const std::string hint = value.is_number() || value.is_boolean()
                                   ? " (values are text: write \"" + value.dump() + "\")"
                                   : "";
      Fail(item_path, "a string" + hint, Describe(value));
    }
    out[item.key()] = value.get<std::string>();
  }
  return out;
}

ProviderConfig ReadProvider(const Json& v, const std::string& path) {
  ExpectObject(v, path);
  if (!v.contains("name")) Fail(path, "an object with a \"name\" key", "none");
  ProviderConfig p;
  for (const auto& item : v.items()) {
    const std::string& key = item.key();
    if (key == "name") {
      p.name = ReadString(item.value(), Child(path, key));
      // Unknown names are kept as written so that Validate() can report them.
      if (auto canonical = CanonicalProviderName(p.name)) p.name = *canonical;
    } else if (key == "options") {
      p.options = ReadStringMap(item.value(), Child(path, key));
    } else {
      UnknownKey(path, key, {"name", "options"});
    }
  }
  return p;
}

MemoryConfig ReadMemory(const Json& v, const std::string& path) {
  ExpectObject(v, path);
  MemoryConfig m;
  for (const auto& item : v.items()) {
    const std::string& key = item.key();
    const std::string item_path = Child(path, key);
    if (key == "cpu_arena") {
      m.cpu_arena = ReadBool(item.value(), item_path);
    } else if (key == "memory_pattern") {
      m.memory_pattern = ReadBool(item.value(), item_path);
    } else if (key == "arena_extend_strategy") {
      m.arena_extend_strategy =
          ReadEnum(item.value(), item_path,
                   {ArenaExtendStrategy::kNextPowerOfTwo, ArenaExtendStrategy::kSameAsRequested});
    } else if (key == "arena_shrink_after_run") {
      m.arena_shrink_after_run = ReadBool(item.value(), item_path);
    } else {
      UnknownKey(
          path, key,
          {"cpu_arena", "memory_pattern", "arena_extend_strategy", "arena_shrink_after_run"});
    }
  }
  return m;
}

SessionConfig ReadConfig(const Json& j) {
  ExpectObject(j, "");
  SessionConfig c;
  for (const auto& item : j.items()) {
    const std::string& key = item.key();
    const Json& v = item.value();
    const std::string path = Child("", key);
    if (key == "format") {
      if (ReadString(v, path) != kFormat) Fail(path, Quoted(kFormat), Quoted(v.get<std::string>()));
    } else if (key == "providers") {
      if (!v.is_array()) Fail(path, "an array", Describe(v));
      for (std::size_t i = 0; i < v.size(); ++i) {
        c.providers.push_back(ReadProvider(v[i], Index(path, i)));
      }
    } else if (key == "intra_op_threads") {
      c.intra_op_threads = ReadThreads(v, path);
    } else if (key == "inter_op_threads") {
      c.inter_op_threads = ReadThreads(v, path);
    } else if (key == "allow_spinning") {
      if (!v.is_null() && !v.is_boolean()) Fail(path, "a boolean or null", Describe(v));
      c.allow_spinning = v.is_null() ? std::nullopt : std::optional<bool>(v.get<bool>());
    } else if (key == "optimization_level") {
      c.optimization_level = ReadEnum(v, path,
                                      {OptimizationLevel::kDisabled, OptimizationLevel::kBasic,
                                       OptimizationLevel::kExtended, OptimizationLevel::kLayout,
                                       OptimizationLevel::kAll});
    } else if (key == "execution_mode") {
      c.execution_mode = ReadEnum(v, path, {ExecutionMode::kSequential, ExecutionMode::kParallel});
    } else if (key == "memory") {
      c.memory = ReadMemory(v, path);
    } else if (key == "profiling_prefix") {
      c.profiling_prefix = ReadString(v, path);
    } else if (key == "optimized_model_path") {
      c.optimized_model_path = ReadString(v, path);
    } else if (key == "config_entries") {
      c.config_entries = ReadStringMap(v, path);
    } else if (key == "custom_op_libraries") {
      c.custom_op_libraries = ReadStringArray(v, path);
    } else {
      UnknownKey("", key,
                 {"format", "providers", "intra_op_threads", "inter_op_threads", "allow_spinning",
                  "optimization_level", "execution_mode", "memory", "profiling_prefix",
                  "optimized_model_path", "config_entries", "custom_op_libraries"});
    }
  }
  return c;
}

Json MapToJson(const std::map<std::string, std::string>& map) {
  Json out = Json::object();
  for (const auto& [key, value] : map) out[key] = value;
  return out;
}

[[noreturn]] void FailIo(const char* verb, const std::string& path, int err) {
  throw Error(ErrorCategory::kIo, std::string("cannot ") + verb + " session config '" + path +
                                      "': " + std::strerror(err));
}

struct FileCloser {
  void operator()(std::FILE* f) const { std::fclose(f); }
};

}  // namespace

std::string SessionConfig::ToJson(int indent) const {
  Json j;
  j["format"] = kFormat;
  j["providers"] = Json::array();
  for (const ProviderConfig& p : providers) {
    // Unknown names are written as they are: ToJson() also serves to show an invalid config.
    j["providers"].push_back({{"name", CanonicalProviderName(p.name).value_or(p.name)},
                              {"options", MapToJson(p.options)}});
  }
  j["intra_op_threads"] = intra_op_threads;
  j["inter_op_threads"] = inter_op_threads;
  j["allow_spinning"] = allow_spinning ? Json(*allow_spinning) : Json(nullptr);
  j["optimization_level"] = ToString(optimization_level);
  j["execution_mode"] = ToString(execution_mode);
  j["memory"] = {{"cpu_arena", memory.cpu_arena},
                 {"memory_pattern", memory.memory_pattern},
                 {"arena_extend_strategy", ToString(memory.arena_extend_strategy)},
                 {"arena_shrink_after_run", memory.arena_shrink_after_run}};
  j["profiling_prefix"] = profiling_prefix;
  j["optimized_model_path"] = optimized_model_path;
  j["config_entries"] = MapToJson(config_entries);
  j["custom_op_libraries"] = custom_op_libraries;
  try {
    return j.dump(indent);  // indent < 0: one line
  } catch (const Json::type_error& e) {
    // The only way dump() fails: a string that is not valid UTF-8.
    throw Error(ErrorCategory::kConfig,
                std::string("session config: cannot write as JSON: ") + e.what());
  }
}

SessionConfig SessionConfig::FromJson(const std::string& json) {
  Json j;
  try {
    j = Json::parse(json);
  } catch (const Json::exception& e) {
    // parse_error, and out_of_range for a number beyond double's range ("1e400").
    throw Error(ErrorCategory::kConfig, std::string("session config: invalid JSON: ") + e.what());
  }
  SessionConfig c = ReadConfig(j);
  c.Validate();
  return c;
}

SessionConfig SessionConfig::FromFile(const std::string& path) {
  std::string text;
  {
    // C stdio rather than ifstream: errno is reliably set, so the error can say why.
    std::unique_ptr<std::FILE, FileCloser> f(std::fopen(path.c_str(), "rb"));
    if (!f) FailIo("read", path, errno);
    char buffer[1 << 16];
    std::size_t n;
    while ((n = std::fread(buffer, 1, sizeof buffer, f.get())) > 0) text.append(buffer, n);
    if (std::ferror(f.get())) FailIo("read", path, errno);  // e.g. EISDIR for a directory
  }
  try {
    return FromJson(text);
  } catch (const Error& e) {
    throw Error(e.category(), "'" + path + "': " + e.what());
  }
}

void SessionConfig::SaveToFile(const std::string& path, bool overwrite) const {
  core::WriteFileAtomically(path, ToJson() + "\n", overwrite ? core::Overwrite::kReplace : core::Overwrite::kRefuse);
}

}  // namespace ortkit
