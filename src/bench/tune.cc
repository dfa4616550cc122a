// RunTune: ORT's defaults measured twice, then coordinate descent over the axes within the budget.
#include "bench/tune.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <map>

#include <fmt/format.h>

#include "core/duration.h"
#include "bench/tune_pace.h"
#include "ortkit/error.h"

namespace ortkit::bench {
namespace {

using Clock = std::chrono::steady_clock;

template <typename Field>
double MeanOver(const std::vector<BenchResult>& runs, Field field) {
  if (runs.empty()) return 0;
  double sum = 0;
  for (const auto& r : runs) sum += field(r);
  return sum / static_cast<double>(runs.size());
}

// The search's state: the trials so far, the clock, and how measurements are paced.
class Search {
 public:
  Search(const TuneSpec& spec, const BenchEnvironment& environment, TuneResult& result)
      : spec_(spec), environment_(environment), result_(result), start_(Clock::now()) {}

  double Elapsed() const { return std::chrono::duration<double>(Clock::now() - start_).count(); }

  // Whether one more measurement fits in the budget, judged by what measurements took so far.
  bool Affordable() const {
    const double typical = measured_ ? measured_wall_ / measured_ : 0;
    return Elapsed() + typical <= spec_.budget_s;
  }

  // The trial for this spec: an existing one with the same config and model, or a new one,
  // measured now. Returns its index.
  std::size_t Trial(const BenchSpec& candidate, const std::string& axis, const std::string& saved_model,
                    bool measure = true) {
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

  // One more measurement of trials[index], in fresh processes; `keep` false only times it.
  void Measure(std::size_t index, bool keep = true) {
    TuneTrial& trial = result_.trials[index];
    BenchSpec spec = spec_.base;
    spec.config = trial.config;
    spec.model_path = trial.model_path;
    ApplyPace(pace_, spec);
    BenchEnvironment env{environment_.executable, {}};
    if (environment_.progress) {
      const std::string prefix = fmt::format("configuration {}: {}", index + 1, trial.label);
      env.progress = [this, prefix](const BenchProgress& p) {
        environment_.progress(BenchProgress{prefix + ": " + p.what, std::min(0.99, Elapsed() / spec_.budget_s)});
      };
    }
    const auto begin = Clock::now();
    try {
      BenchResult run = RunBench(spec, env);
      if (keep) trial.runs.push_back(std::move(run));
    } catch (const Error& e) {
      if (trial.runs.empty()) trial.error = e.what();
    }
    const double wall = std::chrono::duration<double>(Clock::now() - begin).count();
    trial.wall_s += wall;
    last_wall_ = wall;
    if (calibrated_) {
      measured_wall_ += wall;
      ++measured_;
    }
  }

  void Calibrate(double per_trial_s) {
    pace_ = Recalibrate(spec_.objective, pace_, last_wall_, per_trial_s);
    calibrated_ = true;
  }

  Pace pace_;

 private:
  const TuneSpec& spec_;
  const BenchEnvironment& environment_;
  TuneResult& result_;
  Clock::time_point start_;
  std::map<std::string, std::size_t> index_;
  bool calibrated_ = false;
  double last_wall_ = 0, measured_wall_ = 0;
  int measured_ = 0;
};

double Spread(const TuneTrial& trial, Objective objective) {
  double lo = 0, hi = 0;
  for (std::size_t i = 0; i < trial.runs.size(); ++i) {
    const double v = ObjectiveValue(trial.runs[i], objective);
    lo = i == 0 ? v : std::min(lo, v);
    hi = i == 0 ? v : std::max(hi, v);
  }
  return lo > 0 ? (hi - lo) / lo : 0;
}

// The best `count` measured trials other than ORT's defaults, best first by their mean.
std::vector<std::size_t> Leaders(const TuneResult& result, Objective objective, std::size_t count) {
  std::vector<std::size_t> order;
  for (std::size_t i = 1; i < result.trials.size(); ++i) {
    if (result.trials[i].ok()) order.push_back(i);
  }
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    const double va = result.trials[a].Value(objective), vb = result.trials[b].Value(objective);
    return HigherIsBetter(objective) ? va > vb : va < vb;
  });
  if (order.size() > count) order.resize(count);
  return order;
}

// The figure that breaks a tie on the objective: cold start for latency objectives, p50 for the
// others (a saved pre-optimised model starts as fast as disabling optimisation, and runs faster).
double Secondary(const TuneTrial& t, Objective objective) {
  return objective == Objective::kColdStart || objective == Objective::kPeakRss ? t.P50() : t.ColdStart();
}

// Among the configurations measured at least twice that equal `chosen` on the objective within
// the noise and still beat the defaults, the one clearly best on the secondary figure.
template <typename BeatsDefaults>
std::size_t PreferOnSecondary(TuneResult& result, std::size_t chosen, BeatsDefaults beats_defaults) {
  const Objective objective = result.objective;
  const TuneTrial& first = result.trials[chosen];
  std::size_t best = chosen;
  for (std::size_t i = 1; i < result.trials.size(); ++i) {
    const TuneTrial& t = result.trials[i];
    if (i == chosen || t.runs.size() < 2 || !beats_defaults(i)) continue;
    if (BeatsBeyondNoise(first.Value(objective), t.Value(objective), objective, result.noise)) continue;
    if (BeatsBeyondNoise(Secondary(t, objective), Secondary(result.trials[best], objective), Objective::kP50, result.noise)) {
      best = i;
    }
  }
  if (best != chosen) {
    const bool p50 = objective == Objective::kColdStart || objective == Objective::kPeakRss;
    result.notes.push_back(fmt::format("chose '{}' over '{}': equal on {} within the noise, and {} {:.3f} ms against {:.3f}",
                                       result.trials[best].label, first.label, ToString(objective),
                                       p50 ? "its p50 is" : "its cold start is", Secondary(result.trials[best], objective),
                                       Secondary(first, objective)));
  }
  return best;
}

std::size_t PlannedChoices(const std::vector<TuneAxis>& axes) {
  std::size_t n = 0;
  for (const auto& axis : axes) n += axis.skipped.empty() ? std::max<std::size_t>(axis.choices.size(), 2) : 0;
  return n;
}

}  // namespace

double TuneTrial::Value(Objective objective) const {
  return MeanOver(runs, [objective](const BenchResult& r) { return ObjectiveValue(r, objective); });
}
double TuneTrial::ColdStart() const { return MeanOver(runs, [](const BenchResult& r) { return ColdStartMs(r.cold); }); }
double TuneTrial::P50() const { return MeanOver(runs, [](const BenchResult& r) { return r.headline().latency.p50; }); }
double TuneTrial::PeakRss() const { return MeanOver(runs, [](const BenchResult& r) { return r.peak_rss_mib; }); }

double TuneResult::Gain() const {
  const double d = defaults().Value(objective), w = best().Value(objective);
  if (d <= 0 || w <= 0) return 1;
  return HigherIsBetter(objective) ? w / d : d / w;
}

double TuneResult::ThresholdVersusDefaults(std::size_t index) const {
  const TuneTrial& d = defaults();
  const TuneTrial& t = trials.at(index);
  if (index == 0 || d.runs.size() < 2 || !t.ok()) return noise;
  if (t.runs.size() < 2) return noise;  // one figure says nothing about its own spread
  auto variance = [this](const TuneTrial& trial) {
    const double mean = trial.Value(objective);
    double sum = 0;
    for (const auto& run : trial.runs) sum += (ObjectiveValue(run, objective) - mean) * (ObjectiveValue(run, objective) - mean);
    return sum / static_cast<double>(trial.runs.size() - 1);
  };
  const double standard_error = std::sqrt(variance(d) / static_cast<double>(d.runs.size()) +
                                          variance(t) / static_cast<double>(t.runs.size()));
  const double reference = d.Value(objective);
  return std::max(noise_floor, reference > 0 ? 2 * standard_error / reference : noise);
}

bool BeatsBeyondNoise(double candidate, double reference, Objective objective, double noise) {
  return HigherIsBetter(objective) ? candidate > reference * (1 + noise) : candidate < reference * (1 - noise);
}

TuneResult RunTune(const TuneSpec& spec, const BenchEnvironment& environment) {
  if (!(spec.budget_s > 0)) throw Error(ErrorCategory::kConfig, "tune: the budget must be above zero");
  if (spec.space.saved_model && spec.work_dir.empty()) {
    throw Error(ErrorCategory::kConfig, "tune: saved models need a work directory");
  }
  spec.base.Validate();
  CheckProvidersUsable(spec.base.config);

  TuneResult result;
  result.model_path = spec.base.model_path;
  result.objective = spec.objective;
  result.budget_s = spec.budget_s;
  std::vector<TuneAxis> axes = BuildAxes(spec.space);
  for (const auto& axis : axes) result.axes.push_back(TuneAxisReport{axis.name, 0, axis.skipped});
  // Every planned choice, ORT's defaults (a pacing run and two measurements) and a round of
  // measuring the leaders again share the budget.
  const double per_trial_s = spec.budget_s / static_cast<double>(PlannedChoices(axes) + 7);

  Search search(spec, environment, result);
  search.pace_ = InitialPace(spec.objective, per_trial_s);
  BenchSpec defaults = spec.base;
  defaults.config = SessionConfig{};
  search.Trial(defaults, "defaults", "", false);
  // The first measurement only paces the others: it also pays for cold caches (the first process
  // to map ORT's library and the model), which would inflate the defaults' spread.
  search.Measure(0, false);
  if (!result.trials[0].error.empty()) throw Error(ErrorCategory::kRun, "ORT's defaults could not be measured: " + result.trials[0].error);
  search.Calibrate(per_trial_s);
  search.Measure(0);
  search.Measure(0);
  if (!result.trials[0].ok()) throw Error(ErrorCategory::kRun, "ORT's defaults could not be measured: " + result.trials[0].error);
  result.measured_spread = Spread(result.trials[0], spec.objective);
  result.noise_floor = spec.noise_floor;
  result.noise = std::max(spec.noise_floor, result.measured_spread);

  BenchSpec current = spec.base;
  std::size_t current_index = search.Trial(current, "start", "");
  if (!result.trials[current_index].ok()) {
    throw Error(ErrorCategory::kRun, "the starting configuration could not be measured: " + result.trials[current_index].error);
  }
  std::string current_saved;
  bool out_of_budget = false;
  int saves = 0;
  std::string saved_from;  // the config the last saved models were optimised with
  for (int pass = 0; pass < 3 && !out_of_budget; ++pass) {
    bool changed = false;
    for (std::size_t a = 0; a < axes.size() && !out_of_budget; ++a) {
      TuneAxis& axis = axes[a];
      TuneAxisReport& report = result.axes[a];
      if (!axis.skipped.empty()) continue;
      if (!axis.provider.empty() && PrimaryProvider(current.config) != axis.provider) {
        if (report.measured == 0) report.skipped = "the search kept " + PrimaryProvider(current.config) + ", not " + axis.provider;
        continue;
      }
      if (!current_saved.empty() && axis.name != "saved_model") continue;  // a saved model fixes the graph
      std::vector<std::pair<TuneChoice, std::string>> choices;  // with the saved model's format
      if (axis.name == "saved_model") {
        // Saved once per starting point: saving again from the same config would only repeat it.
        if (!current_saved.empty() || saved_from == current.config.ToJson(0)) continue;
        saved_from = current.config.ToJson(0);
        // A folder per save: an earlier trial's file must not change under it.
        const std::string dir = spec.work_dir + "/saved" + std::to_string(++saves);
        std::filesystem::create_directories(dir);
        result.saved_models = SaveOptimizedModels(current.model_path, current.config, dir);
        for (const auto& saved : result.saved_models) {
          if (saved.path.empty()) {
            result.notes.push_back(saved.error);
            continue;
          }
          choices.push_back({TuneChoice{{{"model", saved.path}, {"opt", "disabled"}}}, saved.format});
        }
      } else {
        for (const auto& choice : axis.choices) choices.push_back({choice, ""});
      }
      if (report.skipped.rfind("the search kept", 0) == 0) report.skipped.clear();
      std::size_t best = current_index;
      for (const auto& [choice, saved] : choices) {
        BenchSpec candidate = current;
        try {
          if (!ApplyChoice(choice, candidate)) continue;
          candidate.Validate();
        } catch (const Error& e) {
          result.notes.push_back(axis.name + ": " + ChoiceLabel(choice) + " skipped: " + e.what());
          continue;
        }
        if (!search.Affordable()) {
          out_of_budget = true;
          report.skipped = report.measured ? "the budget ran out part way" : "the budget ran out before it";
          break;
        }
        const std::size_t index = search.Trial(candidate, axis.name, saved);
        ++report.measured;
        const TuneTrial& t = result.trials[index];
        if (t.ok() && BeatsBeyondNoise(t.Value(spec.objective), result.trials[best].Value(spec.objective), spec.objective,
                                       result.noise)) {
          best = index;
        }
      }
      if (best != current_index) {
        current_index = best;
        current.config = result.trials[best].config;
        current.model_path = result.trials[best].model_path;
        current_saved = result.trials[best].saved_model;
        changed = true;
      }
    }
    if (!changed) break;
  }
  for (std::size_t a = 0; a < axes.size(); ++a) {
    if (out_of_budget && result.axes[a].measured == 0 && result.axes[a].skipped.empty()) {
      result.axes[a].skipped = "the budget ran out before it";
    }
  }

  // Picking the best of many noisy figures favours lucky ones: while the budget allows, measure
  // the leaders and the defaults again, and judge on the means of the leaders measured twice.
  int rounds = 0;
  for (; rounds < 3; ++rounds) {
    std::vector<std::size_t> leaders = Leaders(result, spec.objective, 3);
    if (leaders.empty()) break;
    leaders.push_back(0);
    bool complete = true;
    for (std::size_t index : leaders) {
      if (!search.Affordable()) {
        complete = false;
        break;
      }
      search.Measure(index);
    }
    if (!complete) break;
  }
  for (std::size_t index : Leaders(result, spec.objective, result.trials.size())) {
    if (result.trials[index].runs.size() >= 2) {
      current_index = index;  // the best of those measured again
      break;
    }
  }
  if (current_index != 0 && result.trials[current_index].runs.size() < 2) {
    result.notes.push_back("the budget left no time to measure the best configuration a second time");
  }
  const TuneTrial& base = result.trials[0];
  auto beats_defaults = [&](std::size_t index) {
    const TuneTrial& t = result.trials[index];
    return index != 0 && t.ok() &&
           BeatsBeyondNoise(t.Value(spec.objective), base.Value(spec.objective), spec.objective,
                            result.ThresholdVersusDefaults(index));
  };
  result.beats_defaults = beats_defaults(current_index);
  if (result.beats_defaults) current_index = PreferOnSecondary(result, current_index, beats_defaults);
  result.winner = result.beats_defaults ? current_index : 0;
  if (!result.beats_defaults) {
    result.notes.push_back("no configuration beat ORT's defaults beyond the run-to-run noise (a configuration measured "
                           "once needs " + fmt::format("{:.1f}%", result.noise * 100) +
                           ", one measured again about two standard errors); the profile keeps ORT's defaults");
  }
  if (result.measured_spread > 0.10) {
    result.notes.push_back(fmt::format("this machine is noisy: two measurements of the same configuration differed by "
                                       "{:.0f}%, so only larger gains count; close other work or give a longer --budget",
                                       result.measured_spread * 100));
  }
  result.elapsed_s = search.Elapsed();
  if (out_of_budget) result.notes.push_back("the budget ran out before every axis was searched; a longer --budget searches more");
  return result;
}

}  // namespace ortkit::bench
