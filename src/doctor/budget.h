// How `doctor` spends its time budget: each step's share, its deadline (time a step saves goes to
// the ones after it), and the step settings (cold runs, phase durations, iterations) that fit.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace ortkit::doctor {

/// The steps in the order they run.
inline constexpr const char* kStepNames[] = {"check", "inspect", "bench", "memcheck", "profile", "fix"};
inline constexpr std::size_t kStepCount = 6;

/// Each step's planned share of the budget, seconds, in kStepNames order; with compress_s they
/// sum to the budget.
struct BudgetPlan {
  double total_s = 0;
  std::vector<double> share_s;
  /// `ortkit compress`'s share, run after the steps (0 unless ReserveCompress was called).
  double compress_s = 0;

  /// The planned share of step `name` (Error(kInternal) for an unknown name).
  double share(const std::string& name) const;
  /// The deadline of step `index` when `used_s` of the budget is spent: its own share, or more
  /// when the steps before it finished early (what is left minus what the later steps are
  /// planned to need), never more than what is left, and at least `kMinStepSeconds`.
  double Deadline(std::size_t index, double used_s) const;

  /// Takes kCompressWeight of the budget for compress from the steps that run the model (bench,
  /// memcheck, profile and fix, in proportion); check and inspect keep theirs, since they have
  /// run by the time doctor knows whether the model's weights are large enough to compress.
  void ReserveCompress();
  /// Gives compress's share back to the steps still to run (their deadlines grow; their planned
  /// settings, already chosen for bench, do not shrink).
  void ReleaseCompress() { compress_s = 0; }
  /// What compress may use when `used_s` of the budget is spent: all that is left (0 if none).
  double CompressDeadline(double used_s) const;
};

/// compress's share when the model's weights are at least kCompressMinWeightBytes.
inline constexpr double kCompressWeight = 0.20;
/// Below 1 MB of weights, int8 and float16 save too little to be worth the budget.
inline constexpr double kCompressMinWeightBytes = 1e6;

/// Even a tiny budget gives a step this long to start and answer (tests use budgets of seconds).
inline constexpr double kMinStepSeconds = 2.0;

/// Splits `total_s` (> 0) by fixed weights: bench 40%, memcheck 30%, fix 12%, check 8%,
/// profile 8%, inspect 2%. Error(kConfig) when total_s is not positive.
BudgetPlan SplitBudget(double total_s);

/// `bench` settings that fit in `share_s` seconds for `phases` steady phases (the shapes, plus the
/// mix when there are several): aims at about half the share, leaving room for process starts.
struct BenchSettings {
  int cold_runs = 1;      ///< fresh processes for the cold start, 1..5
  double duration_s = 0;  ///< per steady phase, 0.2..10 s
  int warmup = 5;
};
BenchSettings PlanBench(double share_s, std::size_t phases);

/// `memcheck` settings for `share_s` seconds, given the measured mean run time (ms; 0 when
/// unknown). Iterations aim at a third of the share (100..2000); the variant table (8 more runs
/// of the schedule, each in a fresh process) is added only when it also fits.
struct MemcheckSettings {
  int iterations = 100;
  bool variants = false;
};
MemcheckSettings PlanMemcheck(double share_s, double run_ms);

/// `profile` runs and `fix --bench` runs for their shares, given the mean run time (ms; 0 when
/// unknown): 10..50 profiled runs, 20..200 timed runs per model.
int PlanProfileRuns(double share_s, double run_ms);
int PlanFixBenchRuns(double share_s, double run_ms);

/// `ortkit compress` settings (its latency blocks, fresh processes) for `share_s` seconds, given
/// the mean run time (ms; 0 when unknown) and the model's weight bytes (the passes and the gate's
/// sessions read them): the largest of three rungs whose estimate (EstimateCompressSeconds) fits
/// in 70% of the share. `fits` is false when even the smallest does not; `estimate_s` is then
/// the smallest rung's estimate, to tell the user what budget would run it.
struct CompressSettings {
  int runs = 20, repeats = 3, warmup = 3, cold_runs = 3, rss_runs = 5;
  bool fits = false;
  double estimate_s = 0;
};
CompressSettings PlanCompress(double share_s, double run_ms, double weight_bytes);
/// compress's time for `settings`: two variants (float16, quantize-dynamic; doctor has no
/// calibration data for quantize-static), each made by its pass and gated on 16 input sets, timed
/// against the original at two thread settings, and the three models' fresh processes.
double EstimateCompressSeconds(const CompressSettings& settings, double run_ms, double weight_bytes);

/// Parses "120", "90s", "2m", "1m30s", "1.5m" into seconds; Error(kConfig) naming the value otherwise.
double ParseBudget(const std::string& text);

}  // namespace ortkit::doctor
