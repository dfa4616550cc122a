// One ONNX backend test case on disk (model.onnx + test_data_set_*/) and the outcome of running it.
#pragma once

#include <string>
#include <vector>

namespace ortkit::conformance {

/// The suites of Debian's libonnx-testdata that the conformance test runs, in report order.
const std::vector<std::string>& DefaultSuites();

struct ConformanceCase {
  std::string suite;  ///< "node", "simple", "pytorch-converted", "pytorch-operator"
  std::string name;   ///< the case's directory name, e.g. "test_abs"
  std::string dir;
  std::string model_path;  ///< dir + "/model.onnx" (may not exist: the case is then skipped)
  /// The test_data_set_* directories, sorted by their number.
  std::vector<std::string> data_sets;

  /// "suite/name", as the expectations file names the case.
  std::string id() const { return suite + "/" + name; }
};

/// Every case directory of `suites` under `data_dir`, sorted by suite order, then by name.
/// A missing suite directory contributes no cases.
std::vector<ConformanceCase> DiscoverCases(const std::string& data_dir,
                                           const std::vector<std::string>& suites);

/// The files `prefix`_0.pb, `prefix`_1.pb, ... in `data_set`, up to the first missing number.
std::vector<std::string> NumberedFiles(const std::string& data_set, const std::string& prefix);

enum class Status { kPass, kFail, kSkip };

/// "pass", "fail", "skip".
const char* ToString(Status status) noexcept;

struct Outcome {
  Status status = Status::kFail;
  std::string message;  ///< why it failed or was skipped; empty for a pass
};

}  // namespace ortkit::conformance
