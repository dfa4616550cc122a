// Calibration input sets: a directory of subdirectories of tensor files, matched to the inputs.
#include "workload/calibration_sets.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <onnx/onnx_pb.h>

#include "ortkit/error.h"
#include "ortkit/tensor_io.h"

namespace ortkit::workload {
namespace fs = std::filesystem;
namespace {

bool IsTensorFile(const fs::path& path) { return path.extension() == ".npy" || path.extension() == ".pb"; }

std::string ReadBytes(const fs::path& path, const std::string& dir) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  if (!in || !(bytes << in.rdbuf())) {
    throw Error(ErrorCategory::kIo, fmt::format("--calibration {}: cannot read '{}'", dir, path.string()));
  }
  return bytes.str();
}

// The index in `specs` of the input named `name`, if any.
std::optional<std::size_t> InputIndex(const std::vector<ValueSpec>& specs, const std::string& name) {
  for (std::size_t i = 0; i < specs.size(); ++i) {
    if (specs[i].name == name) return i;
  }
  return std::nullopt;
}

// input_<i> (ONNX's test data names unnamed inputs so): i.
std::optional<std::size_t> PositionalIndex(const std::string& stem, std::size_t inputs) {
  const std::string prefix = "input_";
  if (stem.rfind(prefix, 0) != 0 || stem.size() == prefix.size()) return std::nullopt;
  const std::string digits = stem.substr(prefix.size());
  if (!std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; }) || digits.size() > 6) {
    return std::nullopt;
  }
  const std::size_t i = std::stoul(digits);
  return i < inputs ? std::optional<std::size_t>(i) : std::nullopt;
}

std::vector<fs::path> SortedEntries(const fs::path& dir, const std::string& flag_dir) {
  std::vector<fs::path> entries;
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) entries.push_back(it->path());
  if (ec) throw Error(ErrorCategory::kIo, fmt::format("--calibration {}: cannot list '{}': {}", flag_dir, dir.string(), ec.message()));
  std::sort(entries.begin(), entries.end());
  return entries;
}

std::string InputList(const std::vector<ValueSpec>& specs) {
  std::vector<std::string> names;
  for (const auto& s : specs) names.push_back(s.name);
  return names.empty() ? std::string("none") : fmt::format("{}", fmt::join(names, ", "));
}

CalibrationSet ReadSet(const fs::path& set_dir, const std::vector<ValueSpec>& specs, const std::string& dir) {
  CalibrationSet set;
  set.name = set_dir.filename().string();
  std::vector<std::optional<Value>> values(specs.size());
  for (const fs::path& file : SortedEntries(set_dir, dir)) {
    if (!IsTensorFile(file)) continue;
    const std::string stem = file.stem().string();
    const std::string where = fmt::format("--calibration {}: set '{}', file '{}'", dir, set.name, file.filename().string());
    std::optional<std::size_t> index;
    std::optional<Tensor> tensor;
    if (file.extension() == ".pb") {
      const std::string bytes = ReadBytes(file, dir);
      onnx::TensorProto proto;
      // The name only; ParseTensorProto below reports a malformed file with its reason.
      if (proto.ParseFromString(bytes) && !proto.name().empty()) index = InputIndex(specs, proto.name());
      if (!index && stem.rfind("output_", 0) == 0) continue;  // an expected output of ONNX's test sets
      if (!index) index = InputIndex(specs, stem);
      if (!index) index = PositionalIndex(stem, specs.size());
      if (index) tensor = ParseTensorProto(bytes, file.string());
    } else {
      index = InputIndex(specs, stem);
      if (!index) index = PositionalIndex(stem, specs.size());
      if (index) tensor = ReadNpy(file.string());
    }
    if (!index) {
      throw Error(ErrorCategory::kConfig,
                  fmt::format("{}: matches no input of the model (its inputs: {}); name each file after its input, "
                              "or input_<i>.pb with the TensorProto's name set",
                              where, InputList(specs)));
    }
    if (values[*index]) {
      throw Error(ErrorCategory::kConfig,
                  fmt::format("{}: gives input '{}' a second time", where, specs[*index].name));
    }
    values[*index] = Value(std::move(*tensor));
  }
  for (std::size_t i = 0; i < specs.size(); ++i) {
    if (values[i]) {
      set.inputs.push_back(NamedValue{specs[i].name, std::move(*values[i])});
    } else if (specs[i].kind != ValueKind::kOptional) {
      throw Error(ErrorCategory::kConfig,
                  fmt::format("--calibration {}: set '{}' has no file for the model's input '{}' (expected '{}.npy', "
                              "'{}.pb' or 'input_{}.pb')",
                              dir, set.name, specs[i].name, specs[i].name, specs[i].name, i));
    }
  }
  return set;
}

}  // namespace

std::vector<CalibrationSet> ReadCalibrationSets(const std::string& dir, const std::vector<ValueSpec>& specs) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    throw Error(ErrorCategory::kIo, fmt::format("--calibration {}: {}", dir,
                                                fs::exists(dir, ec) ? "is not a directory" : "no such directory"));
  }
  std::vector<CalibrationSet> sets;
  bool loose_files = false;
  for (const fs::path& entry : SortedEntries(dir, dir)) {
    if (fs::is_directory(entry, ec)) {
      sets.push_back(ReadSet(entry, specs, dir));
    } else if (IsTensorFile(entry)) {
      loose_files = true;
    }
  }
  if (sets.empty()) {
    throw Error(ErrorCategory::kConfig,
                fmt::format("--calibration {}: {}; expected one subdirectory per input set, each holding one .npy or "
                            ".pb file per input (as test_data_set_0/input_0.pb)",
                            dir, loose_files ? "holds tensor files but no set subdirectories" : "holds no input sets"));
  }
  return sets;
}

}  // namespace ortkit::workload
