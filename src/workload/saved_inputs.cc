// Saved inputs (`ortkit trace --save-inputs`): the manifest, read strictly; a session's runs.
#include "workload/saved_inputs.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "ortkit/error.h"

namespace ortkit::workload {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;

std::string TypeName(const Json& j) {
  if (j.is_number_integer()) return "an integer";
  if (j.is_number()) return "a number";
  if (j.is_string()) return "a string";
  if (j.is_array()) return "an array";
  if (j.is_object()) return "an object";
  if (j.is_boolean()) return "a boolean";
  return "null";
}

// One manifest line's fields, each checked; `where` is "FILE:LINE".
class LineReader {
 public:
  explicit LineReader(std::string where) : where_(std::move(where)) {}

  [[noreturn]] void Fail(const std::string& field, const std::string& what) const {
    throw Error(ErrorCategory::kConfig, fmt::format("{}: {}: {}", where_, field, what));
  }

  const Json& Field(const Json& object, const std::string& key, const std::string& path) const {
    const auto it = object.find(key);
    if (it == object.end()) Fail(path, "missing");
    return *it;
  }

  std::string String(const Json& object, const std::string& key, const std::string& prefix = "") const {
    const Json& j = Field(object, key, prefix + key);
    if (!j.is_string()) Fail(prefix + key, "expected a string, found " + TypeName(j));
    return j.get<std::string>();
  }

  int64_t Integer(const Json& object, const std::string& key, const std::string& prefix = "") const {
    const Json& j = Field(object, key, prefix + key);
    if (!j.is_number_integer()) Fail(prefix + key, "expected an integer, found " + TypeName(j));
    return j.get<int64_t>();
  }

  SavedInput Input(const Json& j, const std::string& prefix) const {
    if (!j.is_object()) Fail(prefix, "expected an object, found " + TypeName(j));
    SavedInput input;
    input.name = String(j, "name", prefix + ".");
    input.file = String(j, "file", prefix + ".");
    input.dtype = String(j, "dtype", prefix + ".");
    const Json& shape = Field(j, "shape", prefix + ".shape");
    if (!shape.is_array()) Fail(prefix + ".shape", "expected an array of integers, found " + TypeName(shape));
    for (const Json& d : shape) {
      if (!d.is_number_integer() || d.get<int64_t>() < 0) {
        Fail(prefix + ".shape", "expected an array of non-negative integers, found " + d.dump());
      }
      input.shape.push_back(d.get<int64_t>());
    }
    if (input.file.empty()) Fail(prefix + ".file", "empty");
    return input;
  }

  SavedRun Run(const std::string& text, int line) const {
    Json j;
    try {
      j = Json::parse(text);
    } catch (const Json::parse_error& e) {
      throw Error(ErrorCategory::kConfig, fmt::format("{}: not JSON ({})", where_, e.what()));
    }
    if (!j.is_object()) Fail("line", "expected a JSON object, found " + TypeName(j));
    SavedRun run;
    run.line = line;
    run.pid = Integer(j, "pid");
    run.session = Integer(j, "session");
    run.model = String(j, "model");
    run.run = Integer(j, "run");
    const Json& inputs = Field(j, "inputs", "inputs");
    if (!inputs.is_array()) Fail("inputs", "expected an array, found " + TypeName(inputs));
    for (std::size_t i = 0; i < inputs.size(); ++i) {
      run.inputs.push_back(Input(inputs[i], fmt::format("inputs[{}]", i)));
    }
    return run;
  }

 private:
  std::string where_;
};

std::string SessionList(const SavedInputsDir& saved) {
  std::map<int64_t, std::pair<std::string, int>> sessions;  // model, runs
  for (const auto& run : saved.runs) {
    auto& entry = sessions[run.session];
    entry.first = run.model;
    ++entry.second;
  }
  std::vector<std::string> parts;
  for (const auto& [id, entry] : sessions) {
    parts.push_back(fmt::format("{} ({}, {} run{})", id, entry.first.empty() ? "model unknown" : entry.first,
                                entry.second, entry.second == 1 ? "" : "s"));
  }
  return fmt::format("{}", fmt::join(parts, "; "));
}

}  // namespace

SavedInputsDir ReadSavedInputs(const std::string& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    throw Error(ErrorCategory::kIo, "--inputs-from " + dir + ": no such directory");
  }
  const std::string manifest = (fs::path(dir) / "manifest.jsonl").string();
  std::ifstream in(manifest);
  if (!in) {
    throw Error(ErrorCategory::kIo, "--inputs-from " + dir + ": no manifest.jsonl there (write one with "
                                    "ortkit trace --save-inputs DIR -- APP)");
  }
  SavedInputsDir saved;
  saved.dir = dir;
  std::string text;
  for (int line = 1; std::getline(in, text); ++line) {
    if (text.find_first_not_of(" \t\r") == std::string::npos) continue;
    saved.runs.push_back(LineReader(fmt::format("{}:{}", manifest, line)).Run(text, line));
  }
  if (saved.runs.empty()) throw Error(ErrorCategory::kConfig, manifest + ": no runs");
  return saved;
}

std::vector<SavedRun> SessionRuns(const SavedInputsDir& saved, std::optional<int64_t> session) {
  std::vector<int64_t> ids;
  for (const auto& run : saved.runs) {
    if (std::find(ids.begin(), ids.end(), run.session) == ids.end()) ids.push_back(run.session);
  }
  if (!session) {
    if (ids.size() > 1) {
      throw Error(ErrorCategory::kConfig,
                  fmt::format("--inputs-from {}: {} sessions saved, choose one with --inputs-session N: {}", saved.dir,
                              ids.size(), SessionList(saved)));
    }
    session = ids.front();
  }
  std::vector<SavedRun> runs;
  for (const auto& run : saved.runs) {
    if (run.session == *session) runs.push_back(run);
  }
  if (runs.empty()) {
    throw Error(ErrorCategory::kConfig, fmt::format("--inputs-from {}: no session {} saved (sessions: {})", saved.dir,
                                                    *session, SessionList(saved)));
  }
  std::stable_sort(runs.begin(), runs.end(), [](const SavedRun& a, const SavedRun& b) { return a.run < b.run; });
  return runs;
}

std::vector<DimSizes> VaryingAxes(const std::vector<SavedRun>& runs) {
  // Every run's size of every axis; -1 where the run's input has no such axis (or no such input).
  std::vector<DimSizes> all(runs.size());
  std::map<std::string, std::set<int64_t>> seen;
  for (std::size_t r = 0; r < runs.size(); ++r) {
    for (const SavedInput& input : runs[r].inputs) {
      for (std::size_t axis = 0; axis < input.shape.size(); ++axis) {
        all[r][fmt::format("{}:{}", input.name, axis)] = input.shape[axis];
      }
    }
  }
  for (const DimSizes& sizes : all) {
    for (const auto& entry : sizes) seen[entry.first];
  }
  for (auto& [key, sizes] : seen) {
    for (const DimSizes& run : all) sizes.insert(run.count(key) ? run.at(key) : -1);
  }
  std::vector<DimSizes> varying(runs.size());
  for (std::size_t r = 0; r < runs.size(); ++r) {
    for (const auto& [key, size] : all[r]) {
      if (seen.at(key).size() > 1) varying[r][key] = size;
    }
  }
  return varying;
}

std::string SavedRunLabel(const SavedInputsDir& saved, const SavedRun& run) {
  return fmt::format("--inputs-from {} (session {}, run {})", saved.dir, run.session, run.run);
}

std::vector<std::pair<std::string, std::string>> SavedRunFiles(const SavedInputsDir& saved, const SavedRun& run) {
  std::vector<std::pair<std::string, std::string>> files;
  for (const auto& input : run.inputs) {
    const std::string path = (fs::path(saved.dir) / input.file).string();
    std::error_code ec;
    if (!fs::is_regular_file(path, ec)) {
      throw Error(ErrorCategory::kIo, fmt::format("{}: input '{}': file {} is not there", SavedRunLabel(saved, run),
                                                  input.name, path));
    }
    files.emplace_back(input.name, path);
  }
  return files;
}

void CheckSavedRunInputs(const std::vector<ValueSpec>& specs,
                         const std::vector<std::pair<std::string, std::string>>& files, const std::string& label) {
  std::vector<std::string> names;
  for (const auto& spec : specs) names.push_back(spec.name);
  for (const auto& [name, path] : files) {
    if (std::find(names.begin(), names.end(), name) == names.end()) {
      throw Error(ErrorCategory::kConfig,
                  fmt::format("{}: input '{}' ({}) is not an input of the model (its inputs: {})", label, name, path,
                              names.empty() ? std::string("none") : fmt::format("{}", fmt::join(names, ", "))));
    }
  }
  for (const auto& spec : specs) {
    const bool given = std::any_of(files.begin(), files.end(), [&](const auto& f) { return f.first == spec.name; });
    if (!given && spec.kind != ValueKind::kOptional) {
      throw Error(ErrorCategory::kConfig,
                  fmt::format("{}: the model's input '{}' was not saved in that run (was it created on another "
                              "device, or of a type NumPy can't hold?)",
                              label, spec.name));
    }
  }
}

}  // namespace ortkit::workload
