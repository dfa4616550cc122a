// `ortkit bench --matrix`: combinations of settings, each benchmarked, ranked by an objective.
#include "bench/matrix.h"

#include <algorithm>
#include <set>
#include <sstream>

#include <fmt/format.h>

#include "bench/setting.h"
#include "ortkit/error.h"

namespace ortkit::bench {

std::string ParseMatrixAxis(const std::string& text, MatrixAxis* axis) {
  const auto eq = text.find('=');
  if (eq == std::string::npos || eq == 0 || eq + 1 == text.size()) {
    return "expected KEY=V1,V2,... (e.g. intra_threads=1,2), got '" + text + "'";
  }
  axis->key = text.substr(0, eq);
  axis->values.clear();
  std::stringstream items(text.substr(eq + 1));
  for (std::string value; std::getline(items, value, ',');) {
    if (const std::string why = CheckSetting(axis->key, value); !why.empty()) return "'" + text + "': " + why;
    axis->values.push_back(value);
  }
  if (text.back() == ',') return "'" + text + "': " + CheckSetting(axis->key, "");
  return {};
}

std::vector<std::vector<std::pair<std::string, std::string>>> Combinations(const std::vector<MatrixAxis>& axes) {
  std::set<std::string> seen;
  std::size_t total = 1;
  for (const auto& axis : axes) {
    if (!seen.insert(axis.key).second) throw Error(ErrorCategory::kConfig, "--matrix: '" + axis.key + "' is given twice");
    for (const auto& value : axis.values) {
      if (const std::string why = CheckSetting(axis.key, value); !why.empty()) {
        throw Error(ErrorCategory::kConfig, "--matrix: " + why);
      }
    }
    total *= axis.values.size();
  }
  std::vector<std::vector<std::pair<std::string, std::string>>> cells;
  for (std::size_t index = 0; index < total && !axes.empty(); ++index) {
    std::vector<std::pair<std::string, std::string>> cell(axes.size());
    std::size_t rest = index;
    for (std::size_t a = axes.size(); a-- > 0;) {  // the last axis varies fastest
      cell[a] = {axes[a].key, axes[a].values[rest % axes[a].values.size()]};
      rest /= axes[a].values.size();
    }
    cells.push_back(std::move(cell));
  }
  return cells;
}

std::string CellLabel(const MatrixCell& cell) {
  std::string label;
  for (const auto& [key, value] : cell.settings) label += (label.empty() ? "" : ",") + key + "=" + value;
  return label;
}

void RankCells(std::vector<MatrixCell>& cells, Objective objective) {
  std::stable_sort(cells.begin(), cells.end(), [objective](const MatrixCell& a, const MatrixCell& b) {
    if (!a.result || !b.result) return a.result.has_value() && !b.result.has_value();
    const double va = ObjectiveValue(*a.result, objective), vb = ObjectiveValue(*b.result, objective);
    return HigherIsBetter(objective) ? va > vb : va < vb;
  });
}

MatrixResult RunMatrix(const BenchSpec& base, const std::vector<MatrixAxis>& axes, Objective objective,
                       const BenchEnvironment& environment) {
  MatrixResult matrix;
  matrix.objective = objective;
  for (const auto& axis : axes) matrix.keys.push_back(axis.key);
  std::vector<BenchSpec> specs;
  for (auto& settings : Combinations(axes)) {
    BenchSpec spec = base;
    for (const auto& [key, value] : settings) ApplySetting(spec, key, value);
    spec.Validate();
    matrix.cells.push_back(MatrixCell{std::move(settings), std::nullopt, {}});
    specs.push_back(std::move(spec));
  }
  // Every provider is checked before any cell runs, so a typo'd or missing one fails in seconds.
  for (const auto& spec : specs) CheckProvidersUsable(spec.config);

  std::optional<Error> first_error;
  for (std::size_t i = 0; i < specs.size(); ++i) {
    MatrixCell& cell = matrix.cells[i];
    BenchEnvironment cell_environment{environment.executable, {}};
    if (environment.progress) {
      const std::string prefix = fmt::format("cell {}/{} ({})", i + 1, specs.size(), CellLabel(cell));
      cell_environment.progress = [&, prefix, i](const BenchProgress& p) {
        environment.progress(BenchProgress{prefix + ": " + p.what, (static_cast<double>(i) + p.fraction) / specs.size()});
      };
    }
    try {
      cell.result = RunBench(specs[i], cell_environment);
    } catch (const Error& e) {
      cell.error = e.what();
      if (!first_error) first_error = e;
    }
  }
  if (first_error && std::none_of(matrix.cells.begin(), matrix.cells.end(), [](const MatrixCell& c) { return c.result.has_value(); })) {
    throw *first_error;
  }
  RankCells(matrix.cells, objective);
  return matrix;
}

}  // namespace ortkit::bench
