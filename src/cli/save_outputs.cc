// Writing a run's outputs to a directory (`ortkit run --save-outputs DIR`).
#include "cli/save_outputs.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <set>
#include <system_error>

#include "ortkit/error.h"
#include "ortkit/tensor_io.h"

namespace ortkit::cli {
namespace {

constexpr std::size_t kMaxStemBytes = 100;

std::string Lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

void CreateDirectory(const std::string& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) throw Error(ErrorCategory::kIo, "--save-outputs: cannot create directory '" + dir + "': " + ec.message());
  if (!std::filesystem::is_directory(dir, ec)) {
    throw Error(ErrorCategory::kIo, "--save-outputs: '" + dir + "' exists and is not a directory");
  }
}

}  // namespace

std::string SafeFileStem(const std::string& name) {
  std::string stem;
  for (char c : name) {
    const bool safe = std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_';
    stem += safe ? c : '_';
  }
  if (stem.empty()) stem = "output";
  if (stem.front() == '.') stem.front() = '_';
  if (stem.size() > kMaxStemBytes) stem.resize(kMaxStemBytes);
  return stem;
}

bool NpyCanHold(ElementType type) noexcept {
  switch (type) {
    case ElementType::kBool:
    case ElementType::kInt8:
    case ElementType::kUInt8:
    case ElementType::kInt16:
    case ElementType::kUInt16:
    case ElementType::kInt32:
    case ElementType::kUInt32:
    case ElementType::kInt64:
    case ElementType::kUInt64:
    case ElementType::kFloat16:
    case ElementType::kFloat32:
    case ElementType::kFloat64:
    case ElementType::kComplex64:
    case ElementType::kComplex128:
      return true;
    default:
      return false;
  }
}

std::vector<SavedOutput> SaveOutputs(const std::string& dir, const NamedValues& outputs, core::Overwrite overwrite,
                                     const std::string& flag) {
  CreateDirectory(dir);
  // Every path first, each checked against the overwrite rule, so that a refusal writes nothing.
  std::set<std::string> used;  // lower-cased stems
  std::vector<SavedOutput> saved;
  for (const NamedValue& output : outputs) {
    SavedOutput entry;
    entry.name = output.name;
    if (!output.value.is_tensor()) {
      entry.skipped = std::string("a ") + ToString(output.value.kind()) + " output (only tensors are saved)";
      saved.push_back(std::move(entry));
      continue;
    }
    const std::string base = SafeFileStem(output.name);
    std::string stem = base;
    for (int n = 2; used.count(Lower(stem)); ++n) stem = base + "_" + std::to_string(n);
    used.insert(Lower(stem));
    const std::string stem_path = (std::filesystem::path(dir) / stem).string();
    entry.files.push_back(stem_path + ".pb");
    if (NpyCanHold(output.value.tensor().type())) entry.files.push_back(stem_path + ".npy");
    for (const std::string& file : entry.files) core::CheckWritable(file, overwrite, flag);
    saved.push_back(std::move(entry));
  }
  for (std::size_t i = 0; i < outputs.size(); ++i) {
    if (saved[i].files.empty()) continue;
    const Tensor& tensor = outputs[i].value.tensor();
    WriteTensorProto(saved[i].files[0], tensor, outputs[i].name);
    if (saved[i].files.size() > 1) WriteNpy(saved[i].files[1], tensor);
  }
  return saved;
}

}  // namespace ortkit::cli
