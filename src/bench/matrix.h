// `ortkit bench --matrix`: every combination of some settings, each benchmarked in its own
// processes, ranked by an objective.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "bench/bench_result.h"
#include "bench/objective.h"
#include "bench/run_bench.h"

namespace ortkit::bench {

/// One --matrix entry: a setting key (setting.h) and the values to try.
struct MatrixAxis {
  std::string key;
  std::vector<std::string> values;
};

/// Parses "KEY=V1,V2,..."; returns "" and fills `axis`, or says what is wrong (CheckSetting's
/// text for an unknown key or a bad value).
std::string ParseMatrixAxis(const std::string& text, MatrixAxis* axis);

/// One combination and what it measured, or why it failed.
struct MatrixCell {
  std::vector<std::pair<std::string, std::string>> settings;  ///< in axis order
  std::optional<BenchResult> result;
  std::string error;  ///< when result is empty: the Error's message
};

struct MatrixResult {
  Objective objective = Objective::kP50;
  std::vector<std::string> keys;  ///< the axes' keys
  std::vector<MatrixCell> cells;  ///< best first by the objective; failed cells last, in run order
};

/// Every combination of `axes` (the last varies fastest). Throws Error(kConfig) when a key
/// repeats, when a value is invalid, or when a provider any cell asks for is not usable here.
std::vector<std::vector<std::pair<std::string, std::string>>> Combinations(const std::vector<MatrixAxis>& axes);

/// Runs RunBench for `base` with each combination applied. A cell whose run fails keeps its error
/// and the others go on; when every cell fails, the first error is thrown. `environment.progress`
/// sees each cell's progress as "cell 3/8 (arena=off,threads=2): cold start 1/5".
MatrixResult RunMatrix(const BenchSpec& base, const std::vector<MatrixAxis>& axes, Objective objective,
                       const BenchEnvironment& environment = {});

/// Sorts cells best first by `objective` (stable: ties keep run order); failed cells go last.
void RankCells(std::vector<MatrixCell>& cells, Objective objective);

/// "arena=off,threads=2".
std::string CellLabel(const MatrixCell& cell);

}  // namespace ortkit::bench
