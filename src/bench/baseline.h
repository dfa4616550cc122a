// Comparing a benchmark with a saved one (`--baseline old.json --max-regression 5%`), for CI.
#pragma once

#include <string>
#include <vector>

#include "bench/bench_result.h"
#include "bench/objective.h"

namespace ortkit::bench {

/// One figure compared: a phase's objective value then and now.
struct RegressionRow {
  std::string phase;  ///< the phase name, or "all" for cold start and peak RSS
  double baseline = 0;
  double current = 0;
  double change = 0;  ///< the share by which it got worse (negative: better); for throughput, the drop
  bool regressed = false;
};

struct RegressionReport {
  std::string baseline_path;
  Objective objective = Objective::kP50;
  double max_regression = 0.05;  ///< a fraction: 0.05 is 5%
  std::vector<RegressionRow> rows;
  std::vector<std::string> unmatched;  ///< phases in only one of the two runs

  bool regressed() const;
};

/// Parses a limit written as percent: "5%", "5" or "2.5%" -> 0.05, 0.05, 0.025. Returns "" and
/// sets `fraction`, or says what is wrong.
std::string ParseRegressionLimit(const std::string& text, double* fraction);

/// Reads an `ortkit bench --json` output. Error(kIo) when unreadable, Error(kConfig) naming the
/// file and field when it is something else.
BenchResult ReadBaseline(const std::string& path);

/// Compares phases by name on `objective` (cold start and peak RSS: one row, "all"). Throws
/// Error(kConfig) when no phase of `current` is in `baseline`.
RegressionReport CompareWithBaseline(const BenchResult& current, const BenchResult& baseline,
                                     const std::string& baseline_path, Objective objective, double max_regression);

}  // namespace ortkit::bench
