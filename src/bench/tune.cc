// RunTune: ORT's defaults measured twice, then coordinate descent over the axes within the budget,
// then the finishing stages (tune_finish.h) in the time set aside for them.
#include "bench/tune.h"

#include <algorithm>
#include <cmath>
#include <filesystem>

#include <fmt/format.h>

#include "bench/tune_ablation.h"
#include "bench/tune_finish.h"
#include "bench/tune_memory.h"
#include "bench/tune_pace.h"
#include "bench/tune_search.h"
#include "core/duration.h"
#include "ortkit/error.h"

namespace ortkit::bench {
namespace {

template <typename Field>
double MeanOver(const std::vector<BenchResult>& runs, Field field) {
  if (runs.empty()) return 0;
  double sum = 0;
  for (const auto& r : runs) sum += field(r);
  return sum / static_cast<double>(runs.size());
}

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

// The ablation's first two rounds for a configuration of k settings: the configuration and each
// removal, then again with one setting fewer, (k + 1) + k measurements.
int AblationReserve(const SessionConfig& config, const std::string& saved_model) {
  const int k = static_cast<int>(SettingsOf(config, saved_model).size());
  return k == 0 ? 0 : 2 * k + 1;
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

double TuneFinalComparison::Ratio(Objective objective) const {
  if (defaults_median <= 0 || candidate_median <= 0) return 1;
  return HigherIsBetter(objective) ? candidate_median / defaults_median : defaults_median / candidate_median;
}

double TuneResult::Gain() const {
  if (final_comparison.done() && winner != 0) return final_comparison.Ratio(objective);
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

bool GuardsMemory(Objective objective) { return objective != Objective::kColdStart && objective != Objective::kPeakRss; }

bool BeatsBeyondNoise(double candidate, double reference, Objective objective, double noise) {
  return HigherIsBetter(objective) ? candidate > reference * (1 + noise) : candidate < reference * (1 - noise);
}

TuneResult RunTune(const TuneSpec& spec, const BenchEnvironment& environment, const TuneMeasure& measure) {
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
  result.memory.limit = spec.max_memory_increase;
  result.memory.shapes = DescribeShapes(spec.memory_shapes.shapes.empty() ? spec.base.shapes : spec.memory_shapes);
  std::vector<TuneAxis> axes = BuildAxes(spec.space);
  for (const auto& axis : axes) result.axes.push_back(TuneAxisReport{axis.name, 0, axis.skipped});
  // The measurements set aside for the end, which the search may not take: the final comparison,
  // the memory guard (ORT's defaults and the winner, twice each), and the ablation's first two
  // rounds for the best configuration so far (AblationReserve). Each stage leaves the ones after
  // it their share.
  const bool guarded = GuardsMemory(spec.objective) && spec.max_memory_increase >= 0;
  const int final_reserve = 2 * kFinalMeasurements, guard_reserve = guarded ? 4 : 0;
  auto search_reserve = [&](const BenchSpec& best, const std::string& saved) {
    return final_reserve + guard_reserve + AblationReserve(best.config, saved);
  };
  // Every planned choice, ORT's defaults (a pacing run and two measurements), a round of
  // measuring the leaders again and the end (with two settings to ablate) share the budget.
  const double per_trial_s =
      spec.budget_s / static_cast<double>(PlannedChoices(axes) + 7 + final_reserve + guard_reserve + 5);

  TuneSearch search(spec, environment, measure, result);
  search.SetPace(InitialPace(spec.objective, per_trial_s));
  BenchSpec defaults = spec.base;
  defaults.config = SessionConfig{};
  search.Trial(defaults, "defaults", "", false);
  // The first measurement only paces the others: it also pays for cold caches (the first process
  // to map ORT's library and the model), which would inflate the defaults' spread.
  search.Measure(0, false);
  if (!result.trials[0].error.empty()) throw Error(ErrorCategory::kRun, "ORT's defaults could not be measured: " + result.trials[0].error);
  search.Calibrate(per_trial_s);
  // The defaults' two measurements, the memory guard's and the final comparison's are the least
  // a run needs: refuse a budget that cannot hold them rather than report an unchecked winner.
  const int least = 2 + guard_reserve + final_reserve;
  if (search.Elapsed() + least * search.Typical() > spec.budget_s) {
    const double needed = search.Elapsed() + least * search.Typical();
    throw Error(ErrorCategory::kConfig,
                fmt::format("tune: a budget of {} cannot hold the final comparison: one measurement takes about {:.1f}s "
                            "here, and ORT's defaults (2 measurements), {}the final comparison ({} of ORT's defaults and "
                            "{} of the winner, interleaved) need about {} in all, before any search; give --budget {} "
                            "or more",
                            core::FormatDuration(spec.budget_s), search.Typical(),
                            guarded ? "the memory guard (4) and " : "", kFinalMeasurements, kFinalMeasurements,
                            core::FormatDuration(needed), core::FormatDuration(std::ceil(needed * 3 / 10) * 10)));
  }
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
        if (!search.Affordable(search_reserve(current, current_saved))) {
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
      if (!search.Affordable(search_reserve(current, current_saved))) {
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
  bool searched_win = beats_defaults(current_index);
  if (searched_win) current_index = PreferOnSecondary(result, current_index, beats_defaults);
  if (!searched_win) {
    // Short of two standard errors, a leader that beats the defaults' mean beyond the noise still
    // goes on: the time set aside for the end is there, and the final comparison decides.
    const std::vector<std::size_t> best = Leaders(result, spec.objective, 1);
    const std::size_t leader = current_index != 0 ? current_index : best.empty() ? 0 : best.front();
    if (leader != 0 && BeatsBeyondNoise(result.trials[leader].Value(spec.objective), base.Value(spec.objective),
                                        spec.objective, result.noise)) {
      result.notes.push_back(fmt::format("'{}' beat ORT's defaults beyond the noise of {:.1f}% on the means but not by "
                                         "the {:.1f}% two standard errors ask; the final comparison decides",
                                         result.trials[leader].label, result.noise * 100,
                                         result.ThresholdVersusDefaults(leader) * 100));
      current_index = leader;
      searched_win = true;
    }
  }
  result.searched_winner = searched_win ? current_index : 0;
  result.winner = 0;
  result.beats_defaults = false;
  if (!searched_win) {
    result.final_comparison.skipped = "the search found nothing that beat ORT's defaults";
    result.memory.skipped = "the search found nothing that beat ORT's defaults";
    result.notes.push_back("no configuration beat ORT's defaults beyond the run-to-run noise (a configuration measured "
                           "once needs " + fmt::format("{:.1f}%", result.noise * 100) +
                           ", one measured again about two standard errors); the profile keeps ORT's defaults");
  } else {
    result.noise_bar = std::max(result.noise, Spread(result.trials[0], spec.objective));
    result.noise_bar_measurements = result.trials[0].runs.size();
    const TuneTrial& found = result.trials[current_index];
    TuneCandidate candidate{found.config, found.model_path, found.saved_model};
    // The guard first, so that the ablation weighs each setting in the configuration that ships.
    candidate = GuardMemory(search, candidate, final_reserve + AblationReserve(candidate.config, candidate.saved_model));
    candidate = Ablate(search, candidate, final_reserve);
    const std::size_t final_index = CompareFinal(search, candidate);
    const TuneFinalComparison& comparison = result.final_comparison;
    if (comparison.done() && BeatsBeyondNoise(comparison.candidate_median, comparison.defaults_median, spec.objective,
                                              result.noise_bar)) {
      result.winner = final_index;
      result.beats_defaults = true;
    } else if (comparison.done()) {
      result.notes.push_back(fmt::format("in the final comparison '{}' did not beat ORT's defaults beyond the noise bar "
                                         "of {:.1f}% (medians {:.4g} against {:.4g} {}); the profile keeps ORT's defaults",
                                         comparison.label, result.noise_bar * 100, comparison.candidate_median,
                                         comparison.defaults_median, ObjectiveUnit(spec.objective)));
    } else if (final_index != 0) {
      result.notes.push_back("the final comparison failed (" + comparison.skipped + "); the profile keeps ORT's defaults");
    } else {
      result.notes.push_back("the memory guard and the ablation left no setting; the profile keeps ORT's defaults");
    }
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
