// The state of one `ortkit tune` run: the trials so far, the clock against the budget, and how
// each measurement is paced and run (fresh processes through RunBench, or a test's fake).
#pragma once

#include <chrono>
#include <cstddef>
#include <map>
#include <optional>
#include <string>

#include "bench/tune.h"
#include "bench/tune_pace.h"

namespace ortkit::bench {

class TuneSearch {
 public:
  /// Keeps references to all four: they must outlive the search.
  TuneSearch(const TuneSpec& spec, const BenchEnvironment& environment, const TuneMeasure& measure, TuneResult& result);

  const TuneSpec& spec() const { return spec_; }
  TuneResult& result() { return result_; }
  double Elapsed() const;
  /// Seconds one measurement has taken so far (the calibrating one until others ran).
  double Typical() const;
  /// Whether one more measurement fits in the budget with `reserved` more held back after it.
  bool Affordable(int reserved = 0) const;

  /// The trial for this spec: an existing one with the same config and model, or a new one,
  /// measured now unless `measure` is false. Returns its index.
  std::size_t Trial(const BenchSpec& candidate, const std::string& axis, const std::string& saved_model,
                    bool measure = true);
  /// One more measurement of trials[index]; `keep` false only times it.
  void Measure(std::size_t index, bool keep = true);
  /// The peak RSS (MiB, VmHWM) of one steady-state process running every shape of `shapes` and
  /// their mix (the peak-memory objective's short fixed pace); nullopt with `*error` set when it
  /// failed.
  std::optional<double> MeasureMemory(const SessionConfig& config, const std::string& model_path,
                                      const ShapePlan& shapes, const std::string& label, std::string* error);

  /// Sets the pace from the last measurement, for `per_trial_s` seconds each; later measurements
  /// count towards Typical().
  void Calibrate(double per_trial_s);
  void SetPace(const Pace& pace) { pace_ = pace; }

 private:
  std::optional<BenchResult> Run(BenchSpec spec, const std::string& label, std::string* error);

  const TuneSpec& spec_;
  const BenchEnvironment& environment_;
  const TuneMeasure& measure_;
  TuneResult& result_;
  std::chrono::steady_clock::time_point start_;
  std::map<std::string, std::size_t> index_;
  Pace pace_;
  bool calibrated_ = false;
  double last_wall_ = 0, measured_wall_ = 0;
  int measured_ = 0;
};

}  // namespace ortkit::bench
