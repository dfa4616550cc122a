// The budget split, the per-step deadlines and the settings that fit each share.
#include "doctor/budget.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "core/duration.h"
#include "ortkit/error.h"

namespace ortkit::doctor {
namespace {

// Weights in kStepNames order. bench and memcheck repeat runs to measure; the others mostly
// load the model once or twice.
constexpr double kWeights[kStepCount] = {0.08, 0.02, 0.40, 0.30, 0.08, 0.12};

// Measured on the 2-core development VM with the demo model: starting a process that loads ORT
// and creates a session takes 0.3-0.6 s (more on a busy machine); 1 s is the safe side.
constexpr double kProcessStartS = 1.0;
constexpr double kColdRunS = 0.5;
// When no bench figure is there to go by, plan for a model of a few milliseconds a run.
constexpr double kUnknownRunMs = 5.0;

double RunSeconds(double run_ms) { return (run_ms > 0 ? run_ms : kUnknownRunMs) / 1000.0; }

int ClampInt(double value, int low, int high) {
  if (!(value >= low)) return low;  // also NaN
  return value > high ? high : static_cast<int>(value);
}

}  // namespace

double BudgetPlan::share(const std::string& name) const {
  for (std::size_t i = 0; i < kStepCount && i < share_s.size(); ++i) {
    if (name == kStepNames[i]) return share_s[i];
  }
  throw Error(ErrorCategory::kConfig, "doctor has no step named '" + name + "'");
}

double BudgetPlan::Deadline(std::size_t index, double used_s) const {
  if (index >= share_s.size()) throw Error(ErrorCategory::kConfig, "doctor has no step " + std::to_string(index));
  const double left = total_s - used_s;
  const double later = std::accumulate(share_s.begin() + static_cast<std::ptrdiff_t>(index) + 1, share_s.end(), 0.0);
  const double deadline = std::min(std::max(share_s[index], left - later), left);
  return std::max(deadline, kMinStepSeconds);
}

BudgetPlan SplitBudget(double total_s) {
  if (!(total_s > 0) || !std::isfinite(total_s)) {
    throw Error(ErrorCategory::kConfig,
                "--budget must be a positive time (e.g. 2m or 90s), got " + std::to_string(total_s) + " s");
  }
  BudgetPlan plan;
  plan.total_s = total_s;
  const double sum = std::accumulate(std::begin(kWeights), std::end(kWeights), 0.0);
  for (double w : kWeights) plan.share_s.push_back(total_s * w / sum);
  return plan;
}

BenchSettings PlanBench(double share_s, std::size_t phases) {
  BenchSettings s;
  const double usable = std::max(0.0, share_s * 0.5 - kProcessStartS);
  s.cold_runs = ClampInt(usable * 0.3 / kColdRunS, 1, 5);
  const double left = usable - s.cold_runs * kColdRunS;
  s.duration_s = std::clamp(left / static_cast<double>(std::max<std::size_t>(phases, 1)), 0.2, 10.0);
  // Two decimals: the value goes on a command line a person may copy.
  s.duration_s = std::round(s.duration_s * 100) / 100;
  return s;
}

MemcheckSettings PlanMemcheck(double share_s, double run_ms) {
  MemcheckSettings s;
  const double run_s = RunSeconds(run_ms);
  // The variants re-run the whole schedule 8 times, each in a fresh process, after the baseline.
  constexpr int kVariantRuns = 8;
  const double for_variants = share_s * 0.8 - kVariantRuns * kProcessStartS;
  const int variant_iterations = ClampInt(for_variants / ((kVariantRuns + 1) * run_s), 0, 1000);
  if (variant_iterations >= 100) {
    s.variants = true;
    s.iterations = variant_iterations;
    return s;
  }
  s.iterations = ClampInt(share_s * 0.4 / run_s, 100, 2000);
  return s;
}

int PlanProfileRuns(double share_s, double run_ms) { return ClampInt(share_s * 0.3 / RunSeconds(run_ms), 10, 50); }

int PlanFixBenchRuns(double share_s, double run_ms) {
  return ClampInt(share_s * 0.3 / (2 * RunSeconds(run_ms)), 20, 200);
}

double ParseBudget(const std::string& text) {
  // The duration grammar of every flag (core/duration.h); hours are refused: doctor is a
  // check-up of minutes, and "2h" is far more likely a slip.
  double seconds = 0;
  if (text.find('h') != std::string::npos || !core::ParseDuration(text, &seconds).empty()) {
    throw Error(ErrorCategory::kConfig,
                "--budget '" + text + "' is not a time: use seconds or minutes, e.g. 90, 90s, 2m, 1m30s");
  }
  return seconds;
}

}  // namespace ortkit::doctor
