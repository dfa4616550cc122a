// The engine over every model of libonnx-testdata (ONNX's backend test cases): it must never throw
// or let a rule fail, a model ONNX Runtime refuses must get an error finding, and a model it loads
// must get none from the static rules (no false alarms on valid models). The static rules find
// the same on the model read without its payloads as on the whole parse.
#include <algorithm>
#include <filesystem>
#include <iostream>

#include <gtest/gtest.h>

#include "graph/check_engine.h"
#include "graph/checks/check_test_util.h"
#include "graph/payload_strip.h"

namespace ortkit::testing {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> ModelsIn(const std::string& category) {
  std::vector<std::string> paths;
  const fs::path dir = fs::path(ORTKIT_ONNX_TESTDATA_DIR) / category;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    const fs::path model = entry.path() / "model.onnx";
    if (fs::is_regular_file(model)) paths.push_back(model.string());
  }
  std::sort(paths.begin(), paths.end());
  return paths;
}

class CheckTestdataSweep : public ::testing::TestWithParam<std::string> {};

TEST_P(CheckTestdataSweep, EveryModelIsCheckedWithoutThrowingAndErrorsAgreeWithOrt) {
  const std::vector<std::string> models = ModelsIn(GetParam());
  if (models.empty()) GTEST_SKIP() << "no models under " << ORTKIT_ONNX_TESTDATA_DIR << "/" << GetParam();
  std::size_t loaded = 0, refused = 0, findings = 0;
  for (const std::string& path : models) {
    CheckReport report;
    try {
      report = graph::RunChecks(path, graph::CheckOptions{});
    } catch (const std::exception& e) {
      ADD_FAILURE() << path << ": " << e.what();
      continue;
    }
    findings += report.findings.size();
    for (const Finding& f : report.findings) {
      EXPECT_EQ(f.message.rfind("ortkit's rule", 0), std::string::npos) << path << ": " << f.message;
    }
    ASSERT_TRUE(report.loads_in_ort.has_value()) << path;
    if (*report.loads_in_ort) {
      ++loaded;
      for (const Finding& f : report.findings) {
        EXPECT_NE(f.severity, Severity::kError) << path << " loads in ORT, yet " << f.rule_id << ": " << f.message;
      }
    } else {
      ++refused;
      EXPECT_TRUE(report.Reaches(Severity::kError)) << path << " does not load, yet no error finding";
    }
  }
  std::cout << GetParam() << ": " << models.size() << " models, " << loaded << " load in ORT, " << refused
            << " refused, " << findings << " findings\n";
}

// Static rules only: the rules that need ONNX Runtime load the file by its path, whichever way the
// engine read it (stripped_read_test.cc compares them on models of its own).
TEST_P(CheckTestdataSweep, TheReadWithoutPayloadsFindsWhatTheWholeParseFinds) {
  const std::vector<std::string> models = ModelsIn(GetParam());
  if (models.empty()) GTEST_SKIP() << "no models under " << ORTKIT_ONNX_TESTDATA_DIR << "/" << GetParam();
  std::size_t compared = 0, with_stripped = 0, findings = 0;
  for (const std::string& path : models) {
    graph::CheckOptions options = StaticOnly();
    options.parse_payloads = true;
    const CheckReport whole = graph::RunChecks(path, options);
    options.parse_payloads = false;
    const CheckReport stripped = graph::RunChecks(path, options);
    ++compared;
    findings += whole.findings.size();
    EXPECT_TRUE(stripped.findings == whole.findings) << path;
    EXPECT_EQ(stripped.findings.size(), whole.findings.size()) << path;
    for (std::size_t i = 0; i < std::min(stripped.findings.size(), whole.findings.size()); ++i) {
      EXPECT_EQ(stripped.findings[i].message, whole.findings[i].message) << path;
    }
    EXPECT_EQ(stripped.rules_run, whole.rules_run) << path;
    const graph::ModelForChecks read = graph::ReadModelForChecks(path, StaticOnly());
    for (const onnx::TensorProto& t : read.model.graph().initializer()) {
      if (graph::IsStripped(t)) {
        ++with_stripped;
        break;
      }
    }
  }
  std::cout << GetParam() << ": " << compared << " models compared (" << findings << " findings), "
            << with_stripped << " with payloads left out\n";
}

INSTANTIATE_TEST_SUITE_P(Libonnx, CheckTestdataSweep,
                         ::testing::Values("node", "pytorch-converted", "pytorch-operator", "real", "simple"),
                         [](const ::testing::TestParamInfo<std::string>& param_info) {
                           std::string name = param_info.param;
                           std::replace(name.begin(), name.end(), '-', '_');
                           return name;
                         });

}  // namespace
}  // namespace ortkit::testing
