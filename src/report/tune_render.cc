// `ortkit tune`'s output.
#include "report/tune_render.h"

#include <algorithm>
#include <numeric>
#include <sstream>
#include <utility>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "bench/bench_json.h"
#include "core/duration.h"
#include "report/text_table.h"

namespace ortkit::report {
namespace {

using bench::Json;
using bench::Objective;
using bench::TuneResult;
using bench::TuneTrial;

std::string ObjectiveName(Objective o) {
  switch (o) {
    case Objective::kColdStart: return "cold start (session creation + first run)";
    case Objective::kPeakRss: return "peak memory (RSS of the steady-state process)";
    case Objective::kThroughput: return "throughput";
    default: return std::string(ToString(o)) + " latency";
  }
}

std::string Figure(double value, Objective o) {
  return o == Objective::kPeakRss || o == Objective::kThroughput ? fmt::format("{:.1f}", value) : Ms(value);
}

// Trials best first by the objective; failed ones last, in run order.
std::vector<std::size_t> Ranked(const TuneResult& r) {
  std::vector<std::size_t> order(r.trials.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    const TuneTrial &ta = r.trials[a], &tb = r.trials[b];
    if (!ta.ok() || !tb.ok()) return ta.ok() && !tb.ok();
    const double va = ta.Value(r.objective), vb = tb.Value(r.objective);
    return bench::HigherIsBetter(r.objective) ? va > vb : va < vb;
  });
  return order;
}

std::string Mark(const TuneResult& r, std::size_t index) {
  if (index == r.winner && r.beats_defaults) return "winner";
  if (index == 0) return r.beats_defaults ? "ORT defaults" : "ORT defaults, kept";
  return "";
}

// How trials[index] compares with ORT's defaults: the final comparison's medians for the winner
// (what the verdict says), the means of all measurements for the others.
std::string TrialVersusDefaults(const TuneResult& r, std::size_t index) {
  const auto& f = r.final_comparison;
  if (index == r.winner && index != 0 && f.done()) {
    return VersusDefaults(f.candidate_median, f.defaults_median, r.objective, r.noise_bar) + " (final)";
  }
  const TuneTrial& t = r.trials[index];
  return VersusDefaults(t.Value(r.objective), r.defaults().Value(r.objective), r.objective, r.ThresholdVersusDefaults(index));
}

Json TrialJson(const TuneResult& r, std::size_t index) {
  const TuneTrial& t = r.trials[index];
  Json j;
  j["label"] = t.label;
  j["axis"] = t.axis;
  j["model"] = t.model_path;
  j["saved_model"] = t.saved_model.empty() ? Json() : Json(t.saved_model);
  j["config"] = Json::parse(t.config.ToJson(0));
  j["ok"] = t.ok();
  j["error"] = t.error.empty() ? Json() : Json(t.error);
  if (t.ok()) {
    j["value"] = t.Value(r.objective);
    j["p50_ms"] = t.P50();
    j["cold_start_ms"] = t.ColdStart();
    j["peak_rss_mib"] = t.PeakRss();
    j["threshold"] = r.ThresholdVersusDefaults(index);
    j["versus_defaults"] = TrialVersusDefaults(r, index);
  }
  j["measurements"] = t.runs.size();
  j["wall_s"] = t.wall_s;
  Json runs = Json::array();
  for (const auto& run : t.runs) runs.push_back(bench::ResultToJson(run));
  j["results"] = std::move(runs);
  return j;
}

// The figures the verdict compares: the final comparison's medians when it decided the winner,
// else the trials' means.
std::pair<double, double> DefaultsAndWinner(const TuneResult& r) {
  if (r.winner != 0 && r.final_comparison.done()) return {r.final_comparison.defaults_median, r.final_comparison.candidate_median};
  return {r.defaults().Value(r.objective), r.best().Value(r.objective)};
}

Json SettingsJson(const TuneResult& r) {
  Json settings = Json::array();
  for (const auto& s : r.settings) {
    settings.push_back(Json{{"setting", s.setting}, {"kept", s.kept}, {"stage", s.stage}, {"cost", s.cost}, {"reason", s.reason}});
  }
  return settings;
}

Json MemoryJson(const TuneResult& r) {
  const auto& m = r.memory;
  return Json{{"applied", m.applied}, {"skipped", m.skipped.empty() ? Json() : Json(m.skipped)},
              {"max_increase", m.limit < 0 ? Json() : Json(m.limit)}, {"shapes", m.shapes},
              {"measure", "peak RSS (VmHWM) of one steady-state process running every shape"},
              {"defaults_mib", m.applied ? Json(m.defaults_mib) : Json()}, {"kept_mib", m.applied ? Json(m.kept_mib) : Json()}};
}

Json FinalJson(const TuneResult& r) {
  const auto& f = r.final_comparison;
  Json j{{"configuration", f.label}, {"done", f.done()}, {"skipped", f.skipped.empty() ? Json() : Json(f.skipped)},
         {"order", "alternating, ORT's defaults first"}, {"defaults", f.defaults}, {"candidate", f.candidate}};
  j["defaults_median"] = f.done() ? Json(f.defaults_median) : Json();
  j["candidate_median"] = f.done() ? Json(f.candidate_median) : Json();
  j["ratio"] = f.done() ? Json(f.Ratio(r.objective)) : Json();
  j["noise_bar"] = r.noise_bar;
  return j;
}

void RenderJson(const TuneResult& r, const TuneFiles& files, std::ostream& out) {
  Json j;
  j["format"] = "ortkit.tune/1";
  j["model"] = r.model_path;
  j["objective"] = ToString(r.objective);
  j["unit"] = bench::ObjectiveUnit(r.objective);
  j["higher_is_better"] = bench::HigherIsBetter(r.objective);
  j["budget_s"] = r.budget_s;
  j["elapsed_s"] = r.elapsed_s;
  j["noise"] = r.noise;
  j["measured_spread"] = r.measured_spread;
  j["noise_bar"] = r.noise_bar;
  const auto [defaults_value, winner_value] = DefaultsAndWinner(r);
  j["defaults_value"] = defaults_value;
  j["winner"] = r.best().label;
  j["winner_value"] = winner_value;
  j["searched_winner"] = r.trials.at(r.searched_winner).label;
  j["settings"] = SettingsJson(r);
  Json dropped = Json::array();
  for (const auto& s : r.settings) {
    if (!s.kept) dropped.push_back(s.setting + ": " + s.reason);
  }
  j["dropped"] = std::move(dropped);
  j["memory_guard"] = MemoryJson(r);
  j["final_comparison"] = FinalJson(r);
  j["beats_defaults"] = r.beats_defaults;
  j["gain"] = r.beats_defaults ? r.Gain() : 1.0;
  j["verdict"] = TuneVerdict(r);
  j["profile"] = files.profile.empty() ? Json() : Json(files.profile);
  j["profile_config"] = Json::parse(r.best().config.ToJson(0));
  // When set, the profile is only right with this file: it disables the optimisation the file has.
  j["use_with_model"] = files.model.empty() ? Json() : Json(files.model);
  Json ranking = Json::array();
  for (std::size_t index : Ranked(r)) ranking.push_back(index);
  j["ranking"] = std::move(ranking);
  Json trials = Json::array();
  for (std::size_t i = 0; i < r.trials.size(); ++i) trials.push_back(TrialJson(r, i));
  j["trials"] = std::move(trials);
  Json axes = Json::array();
  for (const auto& a : r.axes) {
    axes.push_back(Json{{"name", a.name}, {"measured", a.measured}, {"skipped", a.skipped.empty() ? Json() : Json(a.skipped)}});
  }
  j["axes"] = std::move(axes);
  Json saved = Json::array();
  for (const auto& s : r.saved_models) {
    saved.push_back(Json{{"format", s.format}, {"saved", !s.path.empty()}, {"error", s.error.empty() ? Json() : Json(s.error)}});
  }
  j["saved_models"] = std::move(saved);
  j["notes"] = r.notes;
  out << j.dump(2) << "\n";
}

void RenderCsv(const TuneResult& r, std::ostream& out) {
  CsvRow({"rank", "configuration", "axis", "objective", "value", "p50_ms", "cold_start_ms", "peak_rss_mib",
          "versus_defaults", "measurements", "error"}, out);
  int rank = 0;
  for (std::size_t i : Ranked(r)) {
    const TuneTrial& t = r.trials[i];
    if (!t.ok()) {
      CsvRow({"", t.label, t.axis, ToString(r.objective), "", "", "", "", "", "0", t.error}, out);
      continue;
    }
    CsvRow({std::to_string(++rank), t.label, t.axis, ToString(r.objective), fmt::format("{:.6g}", t.Value(r.objective)),
            fmt::format("{:.6g}", t.P50()), fmt::format("{:.6g}", t.ColdStart()), fmt::format("{:.6g}", t.PeakRss()),
            TrialVersusDefaults(r, i), std::to_string(t.runs.size()), ""}, out);
  }
}

// The memory guard, the fate of each of the search winner's settings, and the final comparison.
void RenderFinishText(const TuneResult& r, std::ostream& out) {
  if (r.searched_winner == 0) return;
  out << "\nsettings of the search's winner (" << r.trials[r.searched_winner].label << ")\n"
      << fmt::format("  noise bar {:.1f}%: the spread of all {} measurements of ORT's defaults, at least the noise\n",
                     r.noise_bar * 100, r.noise_bar_measurements);
  if (r.settings.empty()) out << "  none was looked at again\n";
  for (const auto& s : r.settings) out << "  " << (s.kept ? "kept     " : "dropped  ") << s.setting << ": " << s.reason << "\n";
  const auto& m = r.memory;
  out << "\nmemory guard  ";
  if (m.applied) {
    out << fmt::format("peak RSS {:.1f} MiB against ORT's defaults' {:.1f} MiB (limit +{:.0f}%), under {}\n", m.kept_mib,
                       m.defaults_mib, m.limit * 100, m.shapes);
  } else {
    out << "not applied: " << m.skipped << "\n";
  }
  const auto& f = r.final_comparison;
  out << "final         ";
  if (f.done()) {
    std::vector<std::string> d, c;
    for (double v : f.defaults) d.push_back(Figure(v, r.objective));
    for (double v : f.candidate) c.push_back(Figure(v, r.objective));
    out << fmt::format("{} against ORT's defaults, alternately, {} times each: medians {} and {} {}: {}, noise bar "
                       "{:.1f}%\n              defaults {}; candidate {}\n",
                       f.label, f.defaults.size(), Figure(f.candidate_median, r.objective),
                       Figure(f.defaults_median, r.objective), bench::ObjectiveUnit(r.objective),
                       VersusDefaults(f.candidate_median, f.defaults_median, r.objective, r.noise_bar),
                       r.noise_bar * 100, fmt::join(d, " "), fmt::join(c, " "));
  } else {
    out << "not made: " << f.skipped << "\n";
  }
}

void RenderText(const TuneResult& r, const TuneFiles& files, std::ostream& out) {
  TextTable head({"", ""});
  head.AddRow({"model", r.model_path});
  head.AddRow({"objective", fmt::format("{} ({}, {} is better)", ObjectiveName(r.objective), bench::ObjectiveUnit(r.objective),
                                        bench::HigherIsBetter(r.objective) ? "higher" : "lower")});
  head.AddRow({"searched", fmt::format("{} configurations in {} of a {} budget, each in fresh processes", r.trials.size(),
                                       core::FormatDuration(r.elapsed_s), core::FormatDuration(r.budget_s))});
  head.AddRow({"noise", fmt::format("{:.1f}% (two measurements of ORT's defaults differ by {:.1f}%{}): the search keeps a "
                                    "change only beyond it; a configuration measured again must beat the defaults by "
                                    "about two standard errors of all their measurements",
                                    r.noise * 100, r.measured_spread * 100,
                                    r.noise > r.measured_spread ? fmt::format(", below the {:.0f}% floor", r.noise_floor * 100) : "")});
  std::ostringstream head_text;
  head.Render(head_text);
  const std::string text = head_text.str();
  out << text.substr(text.find('\n') + 1);

  // p50, cold start and peak RSS always have a column; other objectives get one of their own.
  const bool own_column = r.objective != Objective::kP50 && r.objective != Objective::kColdStart &&
                          r.objective != Objective::kPeakRss;
  out << "\nconfigurations, best " << ToString(r.objective) << " first\n";
  std::vector<std::string> headers{"#", "configuration", "p50 ms", "cold start ms", "peak RSS MiB"};
  std::vector<bool> numeric{true, false, true, true, true};
  if (own_column) {
    headers.push_back(std::string(ToString(r.objective)) + " " + bench::ObjectiveUnit(r.objective));
    numeric.push_back(true);
  }
  headers.insert(headers.end(), {"vs ORT defaults", "runs", ""});
  numeric.insert(numeric.end(), {false, true, false});
  TextTable table(headers, numeric);
  int rank = 0;
  for (std::size_t i : Ranked(r)) {
    const TuneTrial& t = r.trials[i];
    if (!t.ok()) {
      table.AddRow({"-", t.label, "failed: " + t.error});
      continue;
    }
    std::vector<std::string> row{std::to_string(++rank), t.label, Ms(t.P50()), Ms(t.ColdStart()), fmt::format("{:.1f}", t.PeakRss())};
    if (own_column) row.push_back(Figure(t.Value(r.objective), r.objective));
    row.insert(row.end(), {i == 0 ? "" : TrialVersusDefaults(r, i),
                           std::to_string(t.runs.size()), Mark(r, i)});
    table.AddRow(std::move(row));
  }
  table.Render(out, 2);

  bool any_skipped = false;
  for (const auto& a : r.axes) any_skipped = any_skipped || !a.skipped.empty();
  if (any_skipped) out << "\nnot searched\n";
  for (const auto& a : r.axes) {
    if (!a.skipped.empty()) out << "  " << a.name << ": " << a.skipped << "\n";
  }
  RenderFinishText(r, out);
  if (!r.notes.empty()) out << "\nnotes\n";
  for (const auto& n : r.notes) out << "  " << n << "\n";
  out << "\nresult  " << TuneVerdict(r) << "\n";
  if (!files.profile.empty()) out << "wrote   " << files.profile << "\n";
  if (!files.model.empty()) {
    out << "wrote   " << files.model << "\n"
        << "\nIMPORTANT: use " << files.profile << " only with " << files.model
        << ": the profile disables graph optimisation because that file is already optimised (for this machine and "
           "this ONNX Runtime); with the original model it would run unoptimised.\n";
  }
}

}  // namespace

void RenderTune(const TuneResult& result, const TuneFiles& files, Format format, std::ostream& out) {
  switch (format) {
    case Format::kJson: RenderJson(result, files, out); return;
    case Format::kCsv: RenderCsv(result, out); return;
    case Format::kText:
    case Format::kMarkdown: RenderText(result, files, out); return;
  }
}

std::string VersusDefaults(double value, double reference, Objective objective, double noise) {
  if (value <= 0 || reference <= 0) return "";
  if (!bench::BeatsBeyondNoise(value, reference, objective, noise) &&
      !bench::BeatsBeyondNoise(reference, value, objective, noise)) {
    return "same (within noise)";
  }
  const bool better = bench::BeatsBeyondNoise(value, reference, objective, noise);
  const double ratio = bench::HigherIsBetter(objective) ? (better ? value / reference : reference / value)
                                                        : (better ? reference / value : value / reference);
  const char* word = objective == Objective::kPeakRss      ? (better ? "less" : "more")
                     : objective == Objective::kThroughput ? (better ? "higher" : "lower")
                                                           : (better ? "faster" : "slower");
  return fmt::format("{:.2f}x {}", ratio, word);
}

std::string TuneVerdict(const TuneResult& r) {
  const double d = r.defaults().Value(r.objective);
  const std::string unit = bench::ObjectiveUnit(r.objective);
  const auto& f = r.final_comparison;
  if (!r.beats_defaults && f.done()) {
    return fmt::format("the final comparison found no gain beyond the noise: {} {} for {} against {} {} for ORT's "
                       "defaults (medians of {} alternate measurements each); the profile is ORT's defaults",
                       ToString(r.objective), Figure(f.candidate_median, r.objective), f.label,
                       Figure(f.defaults_median, r.objective), unit, f.defaults.size());
  }
  if (!r.beats_defaults) {
    return fmt::format("nothing beat ORT's defaults beyond the noise: {} {} {}; the profile is ORT's defaults",
                       ToString(r.objective), Figure(d, r.objective), unit);
  }
  if (f.done()) {
    return fmt::format("{} {} -> {} {} (medians of {} alternate measurements each): {} than ORT's defaults, measured in "
                       "this run ({})", ToString(r.objective), Figure(f.defaults_median, r.objective),
                       Figure(f.candidate_median, r.objective), unit, f.defaults.size(),
                       VersusDefaults(f.candidate_median, f.defaults_median, r.objective, r.noise_bar), r.best().label);
  }
  const double w = r.best().Value(r.objective);
  return fmt::format("{} {} -> {} {}: {} than ORT's defaults, measured in this run ({})", ToString(r.objective),
                     Figure(d, r.objective), Figure(w, r.objective), unit,
                     VersusDefaults(w, d, r.objective, r.ThresholdVersusDefaults(r.winner)), r.best().label);
}

}  // namespace ortkit::report
