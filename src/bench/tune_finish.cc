// The memory guard, the ablation and the final comparison of `ortkit tune`.
#include "bench/tune_finish.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>

#include <fmt/format.h>

#include "bench/stats.h"
#include "bench/tune_ablation.h"
#include "bench/tune_memory.h"
#include "ortkit/error.h"

namespace ortkit::bench {
namespace {

BenchSpec SpecOf(const TuneSearch& search, const TuneCandidate& candidate) {
  BenchSpec spec = search.spec().base;
  spec.config = candidate.config;
  spec.model_path = candidate.model_path;
  return spec;
}

// `candidate` without the setting `key`; nullopt when what is left is not a valid config.
std::optional<TuneCandidate> Without(const TuneSearch& search, const TuneCandidate& candidate, const std::string& key) {
  TuneCandidate rest = candidate;
  rest.config = WithoutSetting(candidate.config, key);
  if (key == "saved_model") {
    rest.model_path = search.spec().base.model_path;
    rest.saved_model.clear();
  }
  try {
    SpecOf(search, rest).Validate();
  } catch (const Error&) {
    return std::nullopt;
  }
  return rest;
}

std::string Label(const TuneCandidate& candidate) {
  return DescribeChanges(candidate.config, candidate.saved_model.empty() ? "" : "saved " + candidate.saved_model);
}

// The share of the objective that `without` is worse than `with` (negative: better).
double Cost(double without, double with, Objective objective) {
  if (with <= 0) return 0;
  return HigherIsBetter(objective) ? (with - without) / with : (without - with) / with;
}

std::string Percent(double share) { return fmt::format("{:.1f}%", share * 100); }

}  // namespace

TuneCandidate GuardMemory(TuneSearch& search, TuneCandidate candidate, int reserved) {
  TuneResult& result = search.result();
  TuneMemoryGuard& guard = result.memory;
  const TuneSpec& spec = search.spec();
  guard.limit = spec.max_memory_increase;
  ShapePlan shapes = spec.memory_shapes.shapes.empty() ? spec.base.shapes : spec.memory_shapes;
  guard.shapes = DescribeShapes(shapes);
  if (spec.objective == Objective::kPeakRss) {
    guard.skipped = "the objective is peak memory itself";
    return candidate;
  }
  if (!GuardsMemory(spec.objective)) {
    guard.skipped = "the guard is for steady-state speed objectives, not " + std::string(ToString(spec.objective));
    return candidate;
  }
  if (spec.max_memory_increase < 0) {
    guard.skipped = "turned off (--max-memory-increase off)";
    return candidate;
  }
  std::string error;
  auto memory = [&](const TuneCandidate& c, const std::string& label) {
    return search.MeasureMemory(c.config, c.model_path, shapes, label, &error);
  };
  const TuneCandidate defaults{SessionConfig{}, spec.base.model_path, ""};
  std::optional<double> d1 = memory(defaults, "ORT defaults");
  if (!d1 && DescribeShapes(shapes) != DescribeShapes(spec.base.shapes)) {
    // Sizes the latency run did not use may not run at all (a reshape that fixes the batch):
    // the guard then holds to the run's own shapes, and says so.
    result.notes.push_back("the memory guard could not run " + guard.shapes + " (" + error + "); it ran the run's own shapes");
    shapes = spec.base.shapes;
    guard.shapes = DescribeShapes(shapes);
    d1 = memory(defaults, "ORT defaults");
  }
  const std::optional<double> d2 = d1 ? memory(defaults, "ORT defaults") : d1;
  if (!d1 || !d2) {
    guard.skipped = "ORT's defaults' peak memory could not be measured: " + error;
    return candidate;
  }
  // The benefit of the doubt both ways: the defaults' higher figure, the candidate's lower one.
  guard.defaults_mib = std::max(*d1, *d2);
  const double limit_mib = guard.defaults_mib * (1 + guard.limit);
  std::optional<double> current = memory(candidate, Label(candidate));
  if (current && *current > limit_mib) {
    if (const auto again = memory(candidate, Label(candidate))) current = std::min(*current, *again);
  }
  if (!current) {
    guard.skipped = "the winner's peak memory could not be measured: " + error;
    return candidate;
  }
  guard.applied = true;
  while (*current > limit_mib) {
    const std::vector<TuneSetting> settings = SettingsOf(candidate.config, candidate.saved_model);
    std::optional<TuneCandidate> lowest;
    const TuneSetting* culprit = nullptr;
    double lowest_mib = std::numeric_limits<double>::max();
    bool out_of_budget = false;
    for (const TuneSetting& setting : settings) {
      if (!search.Affordable(reserved)) {
        out_of_budget = true;
        break;
      }
      const std::optional<TuneCandidate> rest = Without(search, candidate, setting.key);
      if (!rest) continue;
      const std::optional<double> mib = memory(*rest, Label(*rest));
      if (mib && *mib < lowest_mib) {
        lowest_mib = *mib;
        lowest = rest;
        culprit = &setting;
      }
    }
    if (out_of_budget || !lowest) {
      // Unable to tell which setting raised memory, none of them may stay.
      for (const TuneSetting& setting : settings) {
        result.settings.push_back(TuneSettingVerdict{
            setting.label, false, "memory", *current / guard.defaults_mib,
            fmt::format("dropped with the rest: together they raised peak memory {:.2f}x over ORT's defaults ({:.0f} "
                        "against {:.0f} MiB), over the {} limit, and {}",
                        *current / guard.defaults_mib, *current, guard.defaults_mib, Percent(guard.limit),
                        out_of_budget ? "the budget ran out before the one to blame was found"
                                      : "no single removal could be measured")});
      }
      result.notes.push_back("the memory guard could not tell which setting raised peak memory; the profile keeps "
                             "ORT's defaults");
      guard.kept_mib = guard.defaults_mib;
      return defaults;
    }
    result.settings.push_back(TuneSettingVerdict{
        culprit->label, false, "memory", *current / lowest_mib,
        fmt::format("raised peak memory {:.2f}x ({:.0f} MiB with it, {:.0f} without, under {}), over the {} limit "
                    "over ORT's defaults ({:.0f} MiB)",
                    *current / lowest_mib, *current, lowest_mib, guard.shapes, Percent(guard.limit), guard.defaults_mib)});
    candidate = *lowest;
    current = lowest_mib;
  }
  guard.kept_mib = *current;
  return candidate;
}

TuneCandidate Ablate(TuneSearch& search, TuneCandidate candidate, int reserved) {
  TuneResult& result = search.result();
  const Objective objective = result.objective;
  const std::string bar = Percent(result.noise_bar);
  for (;;) {
    const std::vector<TuneSetting> settings = SettingsOf(candidate.config, candidate.saved_model);
    if (settings.empty()) break;
    // A fresh figure of the candidate in this round: the machine may have drifted since the search.
    std::size_t current = search.Trial(SpecOf(search, candidate), "ablation", candidate.saved_model, false);
    const bool affordable = search.Affordable(reserved);
    if (affordable) search.Measure(current);
    std::vector<double> costs(settings.size(), std::numeric_limits<double>::quiet_NaN());
    std::vector<std::optional<TuneCandidate>> rests(settings.size());
    std::vector<std::string> failures(settings.size());
    bool out_of_budget = !affordable;
    for (std::size_t i = 0; i < settings.size() && !out_of_budget; ++i) {
      rests[i] = Without(search, candidate, settings[i].key);
      if (!rests[i]) {
        failures[i] = "without it the configuration is not valid";
        continue;
      }
      if (!search.Affordable(reserved)) {
        out_of_budget = true;
        break;
      }
      const std::size_t index = search.Trial(SpecOf(search, *rests[i]), "ablation", rests[i]->saved_model, false);
      const std::size_t before = result.trials[index].runs.size();
      search.Measure(index);
      const TuneTrial& trial = result.trials[index];
      if (trial.runs.size() == before) {
        failures[i] = "without it the configuration failed: " + trial.error;
        continue;
      }
      costs[i] = Cost(trial.Value(objective), result.trials[current].Value(objective), objective);
    }
    if (out_of_budget) {
      for (const TuneSetting& setting : settings) {
        result.settings.push_back(TuneSettingVerdict{
            setting.label, true, "budget", 0, "kept unverified: the budget ran out before its removal was measured"});
      }
      result.notes.push_back("the budget ran out during the ablation: some settings are kept without proof that they pay");
      break;
    }
    std::size_t cheapest = settings.size();
    for (std::size_t i = 0; i < settings.size(); ++i) {
      if (!std::isnan(costs[i]) && (cheapest == settings.size() || costs[i] < costs[cheapest])) cheapest = i;
    }
    if (cheapest != settings.size() && costs[cheapest] <= result.noise_bar) {
      const double cost = costs[cheapest];
      result.settings.push_back(TuneSettingVerdict{
          settings[cheapest].label, false, "ablation", cost,
          cost < -result.noise_bar
              ? fmt::format("removing it made {} {:.1f}% better, beyond the noise bar of {}", ToString(objective),
                            -cost * 100, bar)
              : fmt::format("removing it cost {:+.1f}% {}, within the noise bar of {}", cost * 100, ToString(objective),
                            bar)});
      candidate = *rests[cheapest];
      continue;
    }
    for (std::size_t i = 0; i < settings.size(); ++i) {
      const bool measured = !std::isnan(costs[i]);
      result.settings.push_back(TuneSettingVerdict{
          settings[i].label, true, "ablation", measured ? costs[i] : 0,
          measured ? fmt::format("removing it cost {:+.1f}% {}, beyond the noise bar of {}", costs[i] * 100,
                                 ToString(objective), bar)
                   : "kept: " + failures[i]});
    }
    break;
  }
  return candidate;
}

std::size_t CompareFinal(TuneSearch& search, const TuneCandidate& candidate) {
  TuneResult& result = search.result();
  TuneFinalComparison& comparison = result.final_comparison;
  comparison.label = Label(candidate);
  const std::size_t index = search.Trial(SpecOf(search, candidate), "final", candidate.saved_model, false);
  if (index == 0) {
    comparison.skipped = "the final configuration is ORT's defaults";
    return 0;
  }
  for (int i = 0; i < kFinalMeasurements; ++i) {
    for (std::size_t which : {std::size_t{0}, index}) {
      TuneTrial& trial = result.trials[which];
      const std::size_t before = trial.runs.size();
      search.Measure(which);
      if (trial.runs.size() == before) {
        comparison.skipped = fmt::format("{} could not be measured: {}", which == 0 ? "ORT's defaults" : comparison.label,
                                    trial.error.empty() ? "it failed" : trial.error);
        comparison.defaults.clear();
        comparison.candidate.clear();
        return index;
      }
      (which == 0 ? comparison.defaults : comparison.candidate).push_back(ObjectiveValue(trial.runs.back(), result.objective));
    }
  }
  comparison.defaults_median = Median(comparison.defaults);
  comparison.candidate_median = Median(comparison.candidate);
  return index;
}

}  // namespace ortkit::bench
