// Finding the ONNX backend test cases on disk.
#include "conformance/conformance_case.h"

#include <algorithm>
#include <filesystem>

namespace fs = std::filesystem;

namespace ortkit::conformance {
namespace {

// test_data_set_10 sorts after test_data_set_9: order by the number, not the text.
long DataSetNumber(const fs::path& dir) {
  const std::string name = dir.filename().string();
  try {
    return std::stol(name.substr(name.rfind('_') + 1));
  } catch (const std::exception&) {
    return -1;
  }
}

std::vector<std::string> DataSets(const fs::path& case_dir) {
  std::vector<fs::path> dirs;
  for (const auto& entry : fs::directory_iterator(case_dir)) {
    if (entry.is_directory() && entry.path().filename().string().rfind("test_data_set_", 0) == 0) {
      dirs.push_back(entry.path());
    }
  }
  std::sort(dirs.begin(), dirs.end(), [](const fs::path& a, const fs::path& b) {
    return DataSetNumber(a) < DataSetNumber(b);
  });
  std::vector<std::string> out;
  for (const auto& d : dirs) out.push_back(d.string());
  return out;
}

}  // namespace

const std::vector<std::string>& DefaultSuites() {
  static const std::vector<std::string> kSuites = {"node", "simple", "pytorch-converted",
                                                   "pytorch-operator"};
  return kSuites;
}

std::vector<ConformanceCase> DiscoverCases(const std::string& data_dir,
                                           const std::vector<std::string>& suites) {
  std::vector<ConformanceCase> cases;
  for (const auto& suite : suites) {
    const fs::path suite_dir = fs::path(data_dir) / suite;
    if (!fs::is_directory(suite_dir)) continue;
    std::vector<ConformanceCase> in_suite;
    for (const auto& entry : fs::directory_iterator(suite_dir)) {
      if (!entry.is_directory()) continue;
      ConformanceCase c;
      c.suite = suite;
      c.name = entry.path().filename().string();
      c.dir = entry.path().string();
      c.model_path = (entry.path() / "model.onnx").string();
      c.data_sets = DataSets(entry.path());
      in_suite.push_back(std::move(c));
    }
    std::sort(in_suite.begin(), in_suite.end(),
              [](const ConformanceCase& a, const ConformanceCase& b) { return a.name < b.name; });
    cases.insert(cases.end(), in_suite.begin(), in_suite.end());
  }
  return cases;
}

std::vector<std::string> NumberedFiles(const std::string& data_set, const std::string& prefix) {
  std::vector<std::string> files;
  for (int i = 0;; ++i) {
    const fs::path file = fs::path(data_set) / (prefix + "_" + std::to_string(i) + ".pb");
    if (!fs::exists(file)) break;
    files.push_back(file.string());
  }
  return files;
}

const char* ToString(Status status) noexcept {
  switch (status) {
    case Status::kPass: return "pass";
    case Status::kFail: return "fail";
    case Status::kSkip: return "skip";
  }
  return "?";
}

}  // namespace ortkit::conformance
