// Comparing a benchmark with a saved one.
#include "bench/baseline.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "bench/bench_json.h"
#include "core/scratch_dir.h"
#include "ortkit/error.h"

namespace ortkit::bench {
namespace {

RegressionRow Row(std::string phase, double baseline, double current, Objective objective, double limit) {
  RegressionRow row{std::move(phase), baseline, current, 0, false};
  if (baseline > 0) row.change = HigherIsBetter(objective) ? (baseline - current) / baseline : (current - baseline) / baseline;
  row.regressed = row.change > limit;
  return row;
}

std::string PhaseNames(const BenchResult& r) {
  std::string names;
  for (const auto& p : r.phases) names += (names.empty() ? "" : ", ") + p.name;
  return names;
}

}  // namespace

bool RegressionReport::regressed() const {
  return std::any_of(rows.begin(), rows.end(), [](const RegressionRow& r) { return r.regressed; });
}

std::string ParseRegressionLimit(const std::string& text, double* fraction) {
  std::string number = text;
  if (!number.empty() && number.back() == '%') number.pop_back();
  char* end = nullptr;
  const double percent = number.empty() ? NAN : std::strtod(number.c_str(), &end);
  if (number.empty() || end != number.c_str() + number.size() || !std::isfinite(percent) || percent < 0) {
    return "expected a percentage such as 5% or 2.5, got '" + text + "'";
  }
  *fraction = percent / 100.0;
  return {};
}

BenchResult ReadBaseline(const std::string& path) {
  const std::string where = "baseline '" + path + "'";
  return ResultFromJson(ParseJson(core::ReadWholeFile(path), where), where);
}

RegressionReport CompareWithBaseline(const BenchResult& current, const BenchResult& baseline,
                                     const std::string& baseline_path, Objective objective, double max_regression) {
  RegressionReport report;
  report.baseline_path = baseline_path;
  report.objective = objective;
  report.max_regression = max_regression;
  if (objective == Objective::kColdStart || objective == Objective::kPeakRss) {
    report.rows.push_back(Row("all", ObjectiveValue(baseline, objective), ObjectiveValue(current, objective), objective,
                              max_regression));
    return report;
  }
  for (const auto& phase : current.phases) {
    const auto then = std::find_if(baseline.phases.begin(), baseline.phases.end(),
                                   [&](const PhaseResult& p) { return p.name == phase.name; });
    if (then == baseline.phases.end()) {
      report.unmatched.push_back(phase.name);
      continue;
    }
    // ObjectiveValue reads the headline phase; compare this phase through one-phase views.
    BenchResult now_view, then_view;
    now_view.phases = {phase};
    then_view.phases = {*then};
    report.rows.push_back(Row(phase.name, ObjectiveValue(then_view, objective), ObjectiveValue(now_view, objective),
                              objective, max_regression));
  }
  for (const auto& phase : baseline.phases) {
    const bool matched = std::any_of(current.phases.begin(), current.phases.end(),
                                     [&](const PhaseResult& p) { return p.name == phase.name; });
    if (!matched) report.unmatched.push_back(phase.name);
  }
  if (report.rows.empty()) {
    throw Error(ErrorCategory::kConfig, "baseline '" + baseline_path + "' has none of this run's phases (this run: " +
                                            PhaseNames(current) + "; baseline: " + PhaseNames(baseline) + ")");
  }
  return report;
}

}  // namespace ortkit::bench
