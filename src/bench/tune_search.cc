// Running and timing tune's measurements.
#include "bench/tune_search.h"

#include <algorithm>
#include <utility>

#include <fmt/format.h>

#include "ortkit/error.h"

namespace ortkit::bench {

using Clock = std::chrono::steady_clock;

TuneSearch::TuneSearch(const TuneSpec& spec, const BenchEnvironment& environment, const TuneMeasure& measure,
                       TuneResult& result)
    : spec_(spec), environment_(environment), measure_(measure), result_(result), start_(Clock::now()) {}

double TuneSearch::Elapsed() const { return std::chrono::duration<double>(Clock::now() - start_).count(); }

double TuneSearch::Typical() const { return measured_ ? measured_wall_ / measured_ : last_wall_; }

bool TuneSearch::Affordable(int reserved) const {
  return Elapsed() + Typical() * (1 + reserved) <= spec_.budget_s;
}

std::size_t TuneSearch::Trial(const BenchSpec& candidate, const std::string& axis, const std::string& saved_model,
                              bool measure) {
  // Spinning on is ORT's default: the same configuration as leaving it unset.
  SessionConfig normal = candidate.config;
  if (normal.allow_spinning == true) normal.allow_spinning.reset();
  const std::string key = normal.ToJson(0) + "|" + candidate.model_path;
  if (auto it = index_.find(key); it != index_.end()) return it->second;
  TuneTrial trial;
  trial.label = DescribeChanges(candidate.config, saved_model.empty() ? "" : "saved " + saved_model);
  trial.axis = axis;
  trial.config = candidate.config;
  trial.model_path = candidate.model_path;
  trial.saved_model = saved_model;
  result_.trials.push_back(std::move(trial));
  const std::size_t index = result_.trials.size() - 1;
  index_[key] = index;
  if (measure) Measure(index);
  return index;
}

void TuneSearch::Measure(std::size_t index, bool keep) {
  TuneTrial& trial = result_.trials[index];
  BenchSpec spec = spec_.base;
  spec.config = trial.config;
  spec.model_path = trial.model_path;
  ApplyPace(pace_, spec);
  const auto begin = Clock::now();
  std::string error;
  std::optional<BenchResult> run = Run(std::move(spec), fmt::format("configuration {}: {}", index + 1, trial.label), &error);
  if (run && keep) trial.runs.push_back(std::move(*run));
  if (!run && trial.runs.empty()) trial.error = error;
  trial.wall_s += std::chrono::duration<double>(Clock::now() - begin).count();
}

std::optional<double> TuneSearch::MeasureMemory(const SessionConfig& config, const std::string& model_path,
                                                const ShapePlan& shapes, const std::string& label, std::string* error) {
  BenchSpec spec = spec_.base;
  spec.config = config;
  spec.model_path = model_path;
  spec.shapes = shapes;
  // The peak-memory objective's fixed pace: one process, a few runs of every shape and the mix.
  ApplyPace(InitialPace(Objective::kPeakRss, 0), spec);
  std::optional<BenchResult> run = Run(std::move(spec), "peak memory: " + label, error);
  if (!run) return std::nullopt;
  return run->peak_rss_mib;
}

void TuneSearch::Calibrate(double per_trial_s) {
  pace_ = Recalibrate(spec_.objective, pace_, last_wall_, per_trial_s);
  calibrated_ = true;
}

std::optional<BenchResult> TuneSearch::Run(BenchSpec spec, const std::string& label, std::string* error) {
  BenchEnvironment env{environment_.executable, {}};
  if (environment_.progress) {
    env.progress = [this, label](const BenchProgress& p) {
      environment_.progress(BenchProgress{label + ": " + p.what, std::min(0.99, Elapsed() / spec_.budget_s)});
    };
  }
  const auto begin = Clock::now();
  std::optional<BenchResult> result;
  try {
    result = measure_ ? measure_(spec, env) : RunBench(spec, env);
  } catch (const Error& e) {
    *error = e.what();
  }
  const double wall = std::chrono::duration<double>(Clock::now() - begin).count();
  last_wall_ = wall;
  if (calibrated_) {
    measured_wall_ += wall;
    ++measured_;
  }
  return result;
}

}  // namespace ortkit::bench
