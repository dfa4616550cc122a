// Two tensor files, or two directories of them, compared element by element.
#include "compare/tensor_files.h"

#include <algorithm>
#include <filesystem>
#include <map>

#include "ortkit/error.h"
#include "ortkit/tensor_io.h"

namespace ortkit::compare {
namespace {

namespace fs = std::filesystem;

bool IsTensorFile(const fs::path& path) { return path.extension() == ".npy" || path.extension() == ".pb"; }

// The tensor files of a directory, by file name.
std::map<std::string, std::string> TensorFiles(const std::string& dir) {
  std::map<std::string, std::string> files;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (entry.is_regular_file(ec) && IsTensorFile(entry.path())) {
      files.emplace(entry.path().filename().string(), entry.path().string());
    }
  }
  if (ec) throw Error(ErrorCategory::kIo, "--tensors: cannot list " + dir + ": " + ec.message());
  return files;
}

NamedValues ReadAll(const std::map<std::string, std::string>& files) {
  NamedValues values;
  for (const auto& [name, path] : files) values.push_back(NamedValue{name, Value(ReadTensorFile(path))});
  return values;
}

}  // namespace

TensorFilesReport CompareTensorFiles(const std::string& a, const std::string& b, const Tolerance& tolerance) {
  tolerance.Validate();
  std::error_code ec;
  for (const std::string& path : {a, b}) {
    if (!fs::exists(path, ec)) throw Error(ErrorCategory::kIo, "--tensors: " + path + " is not there");
  }
  const bool dir_a = fs::is_directory(a, ec), dir_b = fs::is_directory(b, ec);
  if (dir_a != dir_b) {
    throw Error(ErrorCategory::kConfig, "--tensors: compare two files or two directories; " + a + " is " +
                                            (dir_a ? "a directory" : "a file") + ", " + b + " is " +
                                            (dir_b ? "a directory" : "a file"));
  }
  TensorFilesReport report;
  report.a = a;
  report.b = b;
  report.tolerance = tolerance;
  if (!dir_a) {
    const std::string name = fs::path(a).filename().string();
    report.comparison = CompareOutputs({NamedValue{name, Value(ReadTensorFile(a))}},
                                       {NamedValue{name, Value(ReadTensorFile(b))}}, tolerance);
    return report;
  }
  const auto files_a = TensorFiles(a), files_b = TensorFiles(b);
  if (files_a.empty() && files_b.empty()) {
    throw Error(ErrorCategory::kIo, "--tensors: no .npy or .pb files in " + a + " or " + b);
  }
  report.comparison = CompareOutputs(ReadAll(files_a), ReadAll(files_b), tolerance);
  return report;
}

}  // namespace ortkit::compare
