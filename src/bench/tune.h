// `ortkit tune` as a library call: measures ORT's defaults (twice, for the run-to-run spread),
// then searches session settings by coordinate descent from a starting configuration, each
// candidate benchmarked in fresh processes (RunBench), within a time budget. The winner then
// loses every setting that does not pay (memory guard, ablation), and what is left is measured
// against the defaults once more, interleaved, in time the budget set aside for it.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "bench/bench_result.h"
#include "bench/objective.h"
#include "bench/run_bench.h"
#include "bench/tune_saved_model.h"
#include "bench/tune_space.h"

namespace ortkit::bench {

struct TuneSpec {
  /// The model, inputs and shapes; its config is where the search starts. Its measurement fields
  /// (cold_runs, warmup, iterations, duration_s) are chosen by RunTune from the budget.
  BenchSpec base;
  Objective objective = Objective::kP50;
  double budget_s = 600;
  SearchSpace space;
  std::string work_dir;      ///< an existing directory for saved pre-optimised models
  double noise_floor = 0.02;  ///< a difference below this share of the value is never a win
  /// GuardsMemory objectives: the most the winner may raise peak memory over ORT's defaults
  /// (0.10: +10%), measured under `memory_shapes`; below zero: no memory guard.
  double max_memory_increase = 0.10;
  /// The shapes the memory guard runs (MemoryShapes); empty: base.shapes.
  ShapePlan memory_shapes;
};

/// How tune measures one configuration: RunBench, or a fake in tests.
using TuneMeasure = std::function<BenchResult(const BenchSpec&, const BenchEnvironment&)>;

/// One configuration and what it measured.
struct TuneTrial {
  std::string label;   ///< how it differs from ORT's defaults (DescribeChanges)
  std::string axis;    ///< the axis that proposed it: "defaults", "start", "intra_threads", ...
  SessionConfig config;
  std::string model_path;         ///< the file it ran: the model, or a saved pre-optimised one
  std::string saved_model;        ///< "" or the saved model's format ("ONNX", "ORT")
  std::vector<BenchResult> runs;  ///< every measurement (ORT's defaults and a confirmed winner: several)
  std::string error;              ///< why it could not be measured (runs is then empty)
  double wall_s = 0;              ///< time spent measuring it

  bool ok() const { return !runs.empty(); }
  /// The mean over runs of the objective's figure; of the median cold start; of the headline p50;
  /// of the steady-state process's peak RSS.
  double Value(Objective objective) const;
  double ColdStart() const;
  double P50() const;
  double PeakRss() const;
};

/// What became of one setting of the search's winner.
struct TuneSettingVerdict {
  std::string setting;  ///< "intra_threads=2" (TuneSetting::label)
  bool kept = false;
  /// Why it was dropped or kept: "ablation" (its removal cost within / beyond the noise bar),
  /// "memory" (dropped: it raised peak memory over the limit), "budget" (kept unverified).
  std::string stage;
  /// "ablation": the share of the objective its removal cost (+0.008: 0.8% worse without it);
  /// "memory": peak memory with it / without it.
  double cost = 0;
  std::string reason;  ///< in words, with the figures and the bar
};

/// The memory guard: peak memory of the kept configuration against ORT's defaults.
struct TuneMemoryGuard {
  bool applied = false;
  std::string skipped;  ///< why it was not applied ("" when it was)
  double limit = 0;     ///< TuneSpec::max_memory_increase
  std::string shapes;   ///< DescribeShapes of the shapes it ran
  /// Peak RSS (MiB) of the steady-state process over those shapes: ORT's defaults (the higher of
  /// two measurements) and the configuration the guard let through (the lower of its measurements).
  double defaults_mib = 0, kept_mib = 0;
};

/// The last word: the final configuration and ORT's defaults measured alternately, defaults first.
struct TuneFinalComparison {
  std::string label;             ///< the final configuration (DescribeChanges)
  std::vector<double> defaults;  ///< the objective's figure of each measurement, in run order
  std::vector<double> candidate;
  double defaults_median = 0, candidate_median = 0;
  std::string skipped;           ///< why it did not take place ("" when it did)

  bool done() const { return !defaults.empty() && !candidate.empty(); }
  /// How many times better the candidate's median is (>= 1 better), as TuneResult::Gain.
  double Ratio(Objective objective) const;
};

/// One axis as searched.
struct TuneAxisReport {
  std::string name;
  int measured = 0;     ///< configurations this axis proposed that were measured (new or not)
  std::string skipped;  ///< non-empty: why it was not (fully) searched
};

struct TuneResult {
  std::string model_path;
  Objective objective = Objective::kP50;
  double budget_s = 0;
  double elapsed_s = 0;
  /// The relative difference below which the search treats two configurations as equal: the
  /// spread between the first two measurements of ORT's defaults, at least TuneSpec::noise_floor.
  double noise = 0;
  double measured_spread = 0;  ///< the spread actually measured between those two runs
  /// The bar of the ablation and the final comparison: the spread, (max - min) / min, of every
  /// measurement of ORT's defaults when the search ends, at least `noise`. A setting whose removal
  /// costs no more is dropped; the final configuration's median must beat the defaults' by more.
  double noise_bar = 0;
  std::size_t noise_bar_measurements = 0;  ///< how many measurements of ORT's defaults it spans
  double noise_floor = 0;      ///< TuneSpec::noise_floor
  std::vector<TuneTrial> trials;  ///< in the order measured; trials[0] is ORT's defaults
  std::vector<TuneAxisReport> axes;
  std::vector<SavedModel> saved_models;  ///< the cold-start objective's saved pre-optimised models
  std::size_t winner = 0;                ///< index into trials; 0 when nothing beat the defaults
  /// After the final comparison: the winner's median beats ORT's defaults' by more than `noise_bar`.
  bool beats_defaults = false;
  /// What the search handed to the memory guard, the ablation and the final comparison (0: none):
  /// its winner by ThresholdVersusDefaults, else its best by mean when that beats ORT's defaults'
  /// mean beyond `noise` (a note says so).
  std::size_t searched_winner = 0;
  /// Each setting of the search's winner: kept, or dropped and why, in the order decided.
  std::vector<TuneSettingVerdict> settings;
  TuneMemoryGuard memory;
  TuneFinalComparison final_comparison;
  std::vector<std::string> notes;        ///< what people should know: budget, noise, saved model

  const TuneTrial& defaults() const { return trials.front(); }
  const TuneTrial& best() const { return trials.at(winner); }
  /// How many times better the winner is than ORT's defaults (>= 1 means better): defaults /
  /// winner for lower-is-better objectives, winner / defaults for throughput; from the final
  /// comparison's medians when it took place, else from the trials' means.
  double Gain() const;
  /// The relative difference trials[index] must beat ORT's defaults by to count, judged on every
  /// measurement of both: about two standard errors of the difference of their means (each
  /// configuration's run-to-run spread, the defaults' for one measured once), and at least `noise`
  /// for a configuration measured once, at least noise_floor otherwise.
  double ThresholdVersusDefaults(std::size_t index) const;
};

/// The measurements the budget sets aside for the end: the final comparison's
/// (kFinalMeasurements of each) and the memory guard's.
inline constexpr int kFinalMeasurements = 3;

/// Validates the spec (Error(kConfig)), checks the start config's providers, and searches. A
/// candidate that fails is kept with its error and the search goes on; when ORT's defaults can't
/// be measured, that error is thrown. After the search: the memory guard (speed objectives), the
/// ablation, and the final comparison (tune_finish.h). Throws Error(kConfig) when, after the first
/// measurement shows what one costs, the budget cannot hold ORT's defaults and the measurements it
/// sets aside for the end. `environment.progress` sees "<n> measured: <label>: ..." with the share
/// of the budget used. `measure` runs each measurement (RunBench when empty).
TuneResult RunTune(const TuneSpec& spec, const BenchEnvironment& environment = {}, const TuneMeasure& measure = {});

/// Whether the memory guard applies to `objective`: the steady-state speed objectives (latency
/// percentiles, mean, throughput); not cold start, not peak memory (the objective itself).
bool GuardsMemory(Objective objective);

/// Whether `candidate` beats `reference` on `objective` by more than the relative `noise`.
bool BeatsBeyondNoise(double candidate, double reference, Objective objective, double noise);

}  // namespace ortkit::bench
