// `ortkit tune` as a library call: measures ORT's defaults (twice, for the run-to-run spread),
// then searches session settings by coordinate descent from a starting configuration, each
// candidate benchmarked in fresh processes (RunBench), within a time budget.
#pragma once

#include <cstddef>
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
};

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
  double noise_floor = 0;      ///< TuneSpec::noise_floor
  std::vector<TuneTrial> trials;  ///< in the order measured; trials[0] is ORT's defaults
  std::vector<TuneAxisReport> axes;
  std::vector<SavedModel> saved_models;  ///< the cold-start objective's saved pre-optimised models
  std::size_t winner = 0;                ///< index into trials; 0 when nothing beat the defaults
  /// The winner beats ORT's defaults by more than ThresholdVersusDefaults(winner).
  bool beats_defaults = false;
  std::vector<std::string> notes;        ///< what people should know: budget, noise, saved model

  const TuneTrial& defaults() const { return trials.front(); }
  const TuneTrial& best() const { return trials.at(winner); }
  /// How many times better the winner is than ORT's defaults (>= 1 means better): defaults /
  /// winner for lower-is-better objectives, winner / defaults for throughput.
  double Gain() const;
  /// The relative difference trials[index] must beat ORT's defaults by to count, judged on every
  /// measurement of both: about two standard errors of the difference of their means (each
  /// configuration's run-to-run spread, the defaults' for one measured once), and at least `noise`
  /// for a configuration measured once, at least noise_floor otherwise.
  double ThresholdVersusDefaults(std::size_t index) const;
};

/// Validates the spec (Error(kConfig)), checks the start config's providers, and searches. A
/// candidate that fails is kept with its error and the search goes on; when ORT's defaults can't
/// be measured, that error is thrown. `environment.progress` sees "<n> measured: <label>: ..."
/// with the share of the budget used.
TuneResult RunTune(const TuneSpec& spec, const BenchEnvironment& environment = {});

/// Whether `candidate` beats `reference` on `objective` by more than the relative `noise`.
bool BeatsBeyondNoise(double candidate, double reference, Objective objective, double noise);

}  // namespace ortkit::bench
