// The ONNX backend conformance test: every libonnx-testdata case through ortkit and through raw ORT.
#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>

#include <gtest/gtest.h>

#include "conformance/expectations.h"
#include "conformance/report.h"
#include "conformance/sweep.h"

namespace ortkit::conformance {
namespace {

// Raw ORT 1.30 passes this many cases on CPU; ortkit must not pass fewer.
constexpr int kMinimumPasses = 953;

std::string EnvOr(const char* name, const std::string& fallback) {
  const char* value = std::getenv(name);
  return value && *value ? value : fallback;
}

TEST(ConformanceTest, BackendCasesPassAsExpectedAndAsWellAsRawOrt) {
  const std::string data_dir = EnvOr("ORTKIT_ONNX_TESTDATA_DIR", ORTKIT_ONNX_TESTDATA_DIR);
  if (!std::filesystem::is_directory(data_dir)) {
    GTEST_SKIP() << "no ONNX test data at '" << data_dir << "' (install libonnx-testdata)";
  }
  std::vector<ConformanceCase> cases = DiscoverCases(data_dir, DefaultSuites());
  // ORTKIT_CONFORMANCE_FILTER=<text>: only cases whose id contains it (for debugging one case).
  const std::string filter = EnvOr("ORTKIT_CONFORMANCE_FILTER", "");
  if (!filter.empty()) {
    cases.erase(std::remove_if(cases.begin(), cases.end(),
                               [&](const ConformanceCase& c) { return c.id().find(filter) == std::string::npos; }),
                cases.end());
  }
  ASSERT_FALSE(cases.empty()) << "no cases under '" << data_dir << "'";

  const auto start = std::chrono::steady_clock::now();
  const std::vector<CaseResult> results = RunSweep(cases);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  RenderSummary(std::cout, cases, results);
  std::cout << cases.size() << " cases in " << seconds << " s\n";
  // ORTKIT_CONFORMANCE_DUMP=<file>: every outcome of both runners, for reviewing expectations.txt.
  const std::string dump = EnvOr("ORTKIT_CONFORMANCE_DUMP", "");
  if (!dump.empty()) {
    std::ofstream out(dump);
    RenderDump(out, cases, results);
  }

  const auto expectations = LoadExpectations(ORTKIT_CONFORMANCE_EXPECTATIONS);
  RenderReasons(std::cout, expectations);

  if (filter.empty()) {
    EXPECT_GE(CountOutcomes(results, true).passed, kMinimumPasses);
  }
  for (std::size_t i = 0; i < cases.size(); ++i) {
    if (results[i].raw.status == Status::kPass && results[i].ortkit.status != Status::kPass) {
      ADD_FAILURE() << cases[i].id() << ": raw ORT passes but ortkit " << ToString(results[i].ortkit.status)
                    << "s: " << results[i].ortkit.message;
    }
  }
  std::vector<Outcome> ortkit_outcomes;
  for (const auto& r : results) ortkit_outcomes.push_back(r.ortkit);
  for (const auto& problem : CheckExpectations(cases, ortkit_outcomes, expectations, filter.empty())) {
    ADD_FAILURE() << problem;
  }
}

}  // namespace
}  // namespace ortkit::conformance
