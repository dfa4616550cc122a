// The budget split, the per-step deadlines and the settings that fit each share.
#include "doctor/budget.h"

#include <algorithm>
#include <cmath>
#include <iterator>
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
// compress's costs besides the model's runs, on the 2-core development VM while another build ran
// (the runs themselves took twice their idle time): a pass with fix's verification took about
// 0.4 s on the 12.7 MB encoder and 0.6 s on the 46.7 MB ResNet of bench/compress_bench.cc, a
// fresh process (start, session, then its runs) about 0.2 s and 0.45 s. Rounded up, so that the
// estimate stays above what compress takes: it came to 1.7x the 3.8 s compress took on the
// encoder and 1.3x the 11.8 s on the ResNet (the smallest settings).
constexpr double kCompressPassS = 0.5;
constexpr double kCompressBytesPerS = 50e6;      // a pass reads, converts and writes the weights
constexpr double kFreshProcessS = 0.5;
constexpr double kSessionBytesPerS = 100e6;      // a fresh process's session reads them again
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
  const double later =
      std::accumulate(share_s.begin() + static_cast<std::ptrdiff_t>(index) + 1, share_s.end(), 0.0) + compress_s;
  const double deadline = std::min(std::max(share_s[index], left - later), left);
  return std::max(deadline, kMinStepSeconds);
}

void BudgetPlan::ReserveCompress() {
  if (compress_s > 0) return;
  compress_s = total_s * kCompressWeight;
  // The session steps (from bench on) give it up in proportion to their shares.
  double session = 0;
  for (std::size_t i = 2; i < share_s.size(); ++i) session += share_s[i];
  if (session <= 0) return;
  const double keep = (session - compress_s) / session;
  for (std::size_t i = 2; i < share_s.size(); ++i) share_s[i] *= keep;
}

double BudgetPlan::CompressDeadline(double used_s) const { return std::max(0.0, total_s - used_s); }

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

double EstimateCompressSeconds(const CompressSettings& s, double run_ms, double weight_bytes) {
  constexpr int kVariants = 2;       // float16, quantize-dynamic
  constexpr int kGateSamples = 16;   // fix's default --samples: the gate is not weakened to fit
  const double run_s = RunSeconds(run_ms);
  // Per variant: the pass reads and writes the weights, fix's verification and the gate create
  // a session of each model, and the gate runs both on every sample.
  const double make = kVariants * (kCompressPassS + weight_bytes / kCompressBytesPerS + 2 * kGateSamples * run_s);
  // Each variant alternates with the original at 1 thread and at the default thread count.
  const double latency = 2.0 * kVariants * 2 * (s.warmup + s.runs * s.repeats) * run_s;
  // The original and each variant: cold_runs fresh processes, each a cold start and rss_runs runs.
  const double process = kFreshProcessS + weight_bytes / kSessionBytesPerS;
  const double fresh = (kVariants + 1) * s.cold_runs * (process + (1 + s.rss_runs) * run_s);
  return process + make + latency + fresh;
}

CompressSettings PlanCompress(double share_s, double run_ms, double weight_bytes) {
  // compress's own defaults, then two rungs down; the smallest still times 15 runs a block.
  static const CompressSettings kRungs[] = {{20, 3, 3, 3, 5}, {10, 3, 2, 2, 3}, {5, 3, 1, 1, 2}};
  for (const CompressSettings& rung : kRungs) {
    CompressSettings s = rung;
    s.estimate_s = EstimateCompressSeconds(s, run_ms, weight_bytes);
    s.fits = s.estimate_s <= 0.7 * share_s;
    if (s.fits) return s;
  }
  CompressSettings smallest = kRungs[std::size(kRungs) - 1];
  smallest.estimate_s = EstimateCompressSeconds(smallest, run_ms, weight_bytes);
  return smallest;
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
