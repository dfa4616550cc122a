// The ortkit side of the conformance test: Model::Load, ReadValueProto, Model::run, compare.
#include "conformance/case_runner.h"

#include <filesystem>

#include "conformance/compare.h"
#include "conformance/test_data.h"
#include "ortkit/error.h"
#include "ortkit/model.h"

namespace ortkit::conformance {
namespace {

Outcome Fail(std::string message) { return Outcome{Status::kFail, std::move(message)}; }

// Runs one stage, turning its exceptions into a failure message prefixed with the stage.
template <typename Fn>
std::optional<std::string> Guard(const std::string& stage, Fn fn) {
  try {
    fn();
    return std::nullopt;
  } catch (const Error& e) {
    return stage + e.what();
  } catch (const std::exception& e) {
    return stage + "std::exception: " + e.what();
  }
}

std::string SetName(const std::string& dir) { return std::filesystem::path(dir).filename().string(); }

}  // namespace

Outcome RunWithOrtkit(const ConformanceCase& c) {
  if (!std::filesystem::exists(c.model_path)) return Outcome{Status::kSkip, "no model.onnx"};
  if (c.data_sets.empty()) return Outcome{Status::kSkip, "no test_data_set_* directory"};

  SessionConfig config;
  // One thread: cases are small, and 2000 thread pools would cost more than the runs.
  config.intra_op_threads = 1;
  std::optional<Model> model;
  if (auto error = Guard("load: ", [&] { model = Model::Load(c.model_path, config); })) return Fail(*error);

  for (const auto& dir : c.data_sets) {
    const std::string where = c.data_sets.size() > 1 ? SetName(dir) + ": " : "";
    DataSet data;
    if (auto error = Guard(where + "test data not readable: ",
                           [&] { data = ReadDataSet(dir, model->inputs(), model->outputs()); })) {
      return Fail(*error);
    }
    std::vector<std::string> wanted;
    for (const auto& output : data.outputs) wanted.push_back(output.name);
    NamedValues actual;
    if (auto error = Guard(where + "run: ", [&] { actual = model->run(data.inputs, wanted); })) {
      return Fail(*error);
    }
    for (std::size_t i = 0; i < wanted.size(); ++i) {
      std::optional<std::string> mismatch;
      if (auto error = Guard("compare: ", [&] {
            mismatch = CompareValues(data.outputs[i].value, actual.at(i).value);
          })) {
        mismatch = error;
      }
      if (mismatch) return Fail(where + "output '" + wanted[i] + "': " + *mismatch);
    }
  }
  return Outcome{Status::kPass, {}};
}

}  // namespace ortkit::conformance
