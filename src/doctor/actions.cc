// Actions from the step results: the real sizes when ortkit had to probe them (or found none that
// run), the verified fix with its measured gain, a measured memory setting, and the findings only
// a person can act on, each in its tier (required, do first, optional) with the reason. A step
// that failed is reported with the steps, not as an action.
#include "doctor/actions.h"

#include <algorithm>
#include <filesystem>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "doctor/doctor_format.h"
#include "doctor/step_commands.h"

namespace ortkit::doctor {
namespace {

constexpr const char* kNotMeasured = "not measured";

constexpr const char* kRequired = "required";
constexpr const char* kDoFirst = "do first";
constexpr const char* kOptional = "optional";

struct Candidate {
  int priority;  // lower first, within a tier
  Action action;
};

// An optional action; callers promote it when its figures say so.
Action Make(const std::string& title, const std::string& effect, const std::string& command, bool measured,
            const std::string& reason = "") {
  return {0, title, effect, command, measured, kOptional, reason};
}

int TierOrder(const std::string& tier) { return tier == kRequired ? 0 : tier == kDoFirst ? 1 : 2; }

std::string Percent(double fraction) { return fmt::format("{:.1f}%", 100 * fraction); }

// The check findings of severity error: what makes ORT refuse the model, or a broken one.
std::vector<const CheckFinding*> Errors(const DoctorReport& report) {
  std::vector<const CheckFinding*> errors;
  if (!report.check.result) return errors;
  for (const CheckFinding& f : report.check.result->findings) {
    if (f.severity == "error") errors.push_back(&f);
  }
  return errors;
}

std::string Provider(const DoctorReport& report) {
  return report.request.provider.empty() ? "cpu" : report.request.provider;
}

// "model.fixed.onnx" beside the model: what a user would write.
std::string Beside(const std::string& model, const std::string& suffix) {
  const std::filesystem::path p(model);
  return (p.parent_path() / (p.stem().string() + suffix)).string();
}

// A step's command line without the JSON flag doctor gave it: what a person runs for the file
// (-o) it writes, or for its table.
std::string ForAPerson(std::string command) {
  for (const std::string flag : {" --format json", " --json"}) {
    const auto at = command.rfind(flag);
    if (at != std::string::npos) command.erase(at, flag.size());
  }
  return command;
}

double CountOf(const FixPass& pass, const std::string& key) {
  const auto it = pass.counts.find(key);
  return it == pass.counts.end() ? 0 : it->second;
}

// What the fix's passes changed, in words: "remove 8 initializers from the graph inputs".
std::vector<std::string> FixChanges(const FixResult& fix) {
  std::vector<std::string> changes;
  for (const FixPass& pass : fix.passes) {
    if (!pass.changed) continue;
    if (pass.name == "remove-initializers-from-inputs") {
      const auto n = static_cast<long>(CountOf(pass, "inputs_removed"));
      changes.push_back(fmt::format("remove {} initializer{} from the graph inputs", n, n == 1 ? "" : "s"));
    } else if (pass.name == "float64-to-float32") {
      changes.push_back("make the float64 branch float32");
    } else if (pass.name == "remove-unused") {
      const auto n = static_cast<long>(CountOf(pass, "nodes") + CountOf(pass, "initializers"));
      changes.push_back(
          fmt::format("remove {} unused node{} and initializer{}", n, n == 1 ? "" : "s", n == 1 ? "" : "s"));
    } else {
      changes.push_back("apply " + pass.name);
    }
  }
  return changes;
}

// "outputs identical" or "outputs within 4.5e-08", from the verification's largest difference.
// A fix of a model ORT refuses is compared with a cast-repaired copy of it, or with nothing.
std::string OutputAgreement(const FixVerification& verification) {
  if (!verification.note.empty()) return verification.note;
  double worst = 0;
  for (const FixOutputCheck& o : verification.outputs) worst = std::max(worst, o.max_abs);
  const std::string of = verification.reference == "cast-repaired copy" ? " of a cast-repaired copy of the original" : "";
  return (worst == 0 ? "outputs identical" : fmt::format("outputs within {:.2g}", worst)) + of;
}

// A measured speedup is done first when it is beyond its noise and the threshold.
void RankSpeedup(const FixLatency& l, const ActionThresholds& th, Action& action) {
  const double gain = l.speedup - 1;
  if (gain <= 0) {
    action.reason = fmt::format("it makes the model {:.2f}x as fast, no faster", l.speedup);
  } else if (gain <= l.noise) {
    action.reason = fmt::format("{:.2f}x is within the measurement's noise of +-{}", l.speedup, Percent(l.noise));
  } else if (gain < th.latency) {
    action.reason = fmt::format("{:.2f}x is beyond the noise (+-{}) but below the {:.0f}% that makes a gain material",
                                l.speedup, Percent(l.noise), 100 * th.latency);
  } else {
    action.tier = kDoFirst;
    action.reason = fmt::format("{:.2f}x faster, beyond the noise (+-{}) and the {:.0f}% threshold", l.speedup,
                                Percent(l.noise), 100 * th.latency);
  }
}

void FixAction(const DoctorReport& report, const ActionThresholds& th, std::vector<Candidate>& out) {
  const std::string& model = report.model.path;
  const std::string command = "ortkit fix " + ShellLine({model}) + " -o " + ShellLine({Beside(model, ".fixed.onnx")});
  const auto& fix = report.fix.result;
  if (!fix) {
    // check found something fix repairs, but the fix step did not finish: still worth doing.
    std::vector<std::string> what;
    if (report.check.result) {
      for (const CheckFinding& f : report.check.result->findings) {
        const auto& passes = DefaultFixPasses();
        if (std::find(passes.begin(), passes.end(), f.fix_pass) != passes.end()) what.push_back(f.rule);
      }
    }
    if (!what.empty()) out.push_back({2, Make("fix " + fmt::format("{}", fmt::join(what, ", ")), kNotMeasured, command, false)});
    return;
  }
  const FixVerification& verification = fix->verification;
  const std::vector<std::string> changes = FixChanges(*fix);
  if (changes.empty()) return;
  const std::string title = fmt::format("{}", fmt::join(changes, ", "));
  if (verification.ran && !verification.passed) {
    out.push_back({3, Make(title + " (by hand: ortkit's verified rewrite changed the outputs)",
                           "not applied: " + verification.failure, command + " --keep-unverified", false)});
    return;
  }
  const std::string agreement = verification.ran ? OutputAgreement(verification) : "outputs not compared";
  if (fix->latency) {
    const FixLatency& l = *fix->latency;
    // fix --bench times both models on the CPU, whatever provider the rest of the run used.
    const std::string where = Provider(report) == "cpu" ? "" : " on cpu";
    const std::string effect = fmt::format("p50 {} -> {} ({:.2f}x{}), {}", Ms(l.before_ms), Ms(l.after_ms), l.speedup,
                                           where, agreement);
    Action action = Make(title, effect, command, true);
    RankSpeedup(l, th, action);
    out.push_back({0, action});
  } else {
    Action action = Make(title, agreement + "; speed not measured", command, verification.ran, "speed not measured");
    // A fix of what makes ORT refuse the model (its check errors) is what lets it load at all.
    std::vector<std::string> repaired;
    for (const CheckFinding* f : Errors(report)) {
      if (!f->fix_pass.empty()) repaired.push_back(f->rule);
    }
    if (!repaired.empty()) {
      action.tier = kRequired;
      action.reason = fmt::format("ONNX Runtime refuses the model until it is done ({})", fmt::join(repaired, ", "));
    }
    out.push_back({1, action});
  }
}

// The variant compress chose (it passes the gate): smaller by construction; done first when its
// latency gain at one thread is beyond the paired ratio's noise and material, or its peak-RSS
// saving is. The gate's inputs are seeded or the calibration sets, not the user's data: the
// reason says so.
void CompressAction(const DoctorReport& report, const ActionThresholds& th, std::vector<Candidate>& out) {
  if (!report.compress || !report.compress->result || !report.compress->result->best) return;
  const CompressResult& c = *report.compress->result;
  const CompressVariant* best = c.Find(*c.best);
  const CompressVariant* original = c.variants.empty() ? nullptr : &c.variants.front();
  const CompressLatency* one = best ? best->At(1) : nullptr;
  if (!best || !original || !one || !one->p50_ratio || *one->p50_ratio <= 0) return;
  std::string command = ForAPerson(report.compress->command_line);
  command += " -o " + ShellLine({Beside(report.model.path, "." + best->name + ".onnx")});
  const std::string cosine = best->min_cosine ? fmt::format("min cosine {:.5f}", *best->min_cosine) : "";
  const std::string effect =
      fmt::format("file {:.2f}x, p50 {:.2f}x at 1 thread, peak RSS {} -> {}{}", best->size_ratio, *one->p50_ratio,
                  Mib(original->peak_rss_mib * 1048576.0), Mib(best->peak_rss_mib * 1048576.0),
                  cosine.empty() ? "" : ", " + cosine);
  Action action = Make("use the " + best->name + " variant", effect, command, true);
  FixLatency latency;
  latency.speedup = 1 / *one->p50_ratio;
  latency.noise = one->p50_ratio_noise.value_or(0);
  RankSpeedup(latency, th, action);
  const double saved_mib = original->peak_rss_mib - best->peak_rss_mib;
  if (action.tier != kDoFirst && original->peak_rss_mib > 0 && saved_mib >= th.memory_mib &&
      saved_mib / original->peak_rss_mib >= th.memory_fraction) {
    action.tier = kDoFirst;
    action.reason = fmt::format("peak RSS {:.0f} MiB less ({}), beyond the {:.0f}% and {:.0f} MiB thresholds",
                                saved_mib, Percent(saved_mib / original->peak_rss_mib), 100 * th.memory_fraction,
                                th.memory_mib);
  }
  action.reason += "; it passed the accuracy gate on compress's inputs, so check it on your own data";
  out.push_back({2, action});
}

// When ortkit had to find sizes that run, or found none, the first thing to do is to tell it the
// real ones: every figure of this run describes a workload ortkit chose. A failed step is not an
// action (the steps' own section reports it); the inputs it needed are.
void WorkloadAction(const DoctorReport& report, std::vector<Candidate>& out) {
  if (!report.workload) return;
  const WorkloadInfo& w = *report.workload;
  const std::string model = ShellLine({report.model.path});
  if (w.status == "failed") {
    Action action = Make("give the sizes and values your model runs on (--dim, --value, --input): ortkit found "
                         "none that run: " + w.message,
                         kNotMeasured, w.command_line, false);
    action.tier = kRequired;
    action.reason = "nothing could be measured: the model did not run on any input ortkit made";
    out.push_back({-1, action});
    return;
  }
  if (w.probed.empty()) return;
  std::vector<std::string> flags;
  for (const std::string& d : w.dims) flags.push_back("--dim " + ShellLine({d}));
  const std::string why = w.notes.empty() ? std::string() : ": " + w.notes.back();
  out.push_back({-1, Make(fmt::format("give the real sizes of {} (this run measured sizes ortkit probed{})",
                                      fmt::join(w.probed, ", "), why),
                          kNotMeasured, fmt::format("ortkit doctor {} {}", model, fmt::join(flags, " ")), false,
                          "every figure of this run is for sizes ortkit chose, not yours")});
}

// A memory setting is done first when its saving is material (a share of the baseline and MiB)
// and it costs less latency, relatively, than it saves memory; a trade that costs more than it
// saves is never first.
void RankMemory(const MemcheckResult& mem, const MemcheckRecommendation& rec, const ActionThresholds& th,
                Action& action) {
  constexpr double kMib = 1024.0 * 1024.0;
  const MemcheckVariant* baseline = mem.variants && !mem.variants->empty() ? &mem.variants->front() : nullptr;
  const double saving = std::max(rec.steady_saving, rec.peak_saving);
  const double of = baseline == nullptr ? 0
                    : rec.steady_saving >= rec.peak_saving ? baseline->steady_anon
                                                           : baseline->peak_rss;
  if (of <= 0) {
    action.reason = fmt::format("{} saved, against a baseline memcheck did not report, so not known to be material",
                                Mib(saving));
    return;
  }
  const double fraction = saving / of;
  const std::string saved = fmt::format("{} saved ({} of {})", Mib(saving), Percent(fraction), Mib(of));
  if (rec.latency_change > 0 && rec.latency_change >= fraction) {
    action.reason = fmt::format("a trade that costs more than it saves: {:+.1f}% latency for {}",
                                100 * rec.latency_change, saved);
  } else if (fraction < th.memory_fraction || saving < th.memory_mib * kMib) {
    action.reason = fmt::format("{}: below the {:.0f}% and {:.0f} MiB that make a saving material", saved,
                                100 * th.memory_fraction, th.memory_mib);
  } else {
    action.tier = kDoFirst;
    action.reason = fmt::format("{}, at {:+.1f}% latency", saved, 100 * rec.latency_change);
  }
}

void MemoryAction(const DoctorReport& report, const ActionThresholds& th, std::vector<Candidate>& out) {
  const auto& mem = report.memcheck.result;
  if (!mem || !mem->recommendation || mem->recommendation->variant.empty()) return;
  const MemcheckRecommendation& rec = *mem->recommendation;
  // The person runs it for the profile it writes.
  std::string command = ForAPerson(report.memcheck.command_line) + " -o deployment.json";
  const std::string effect = fmt::format("steady memory -{}, peak -{}, latency {:+.0f}%", Mib(rec.steady_saving),
                                         Mib(rec.peak_saving), 100 * rec.latency_change);
  Action action = Make("use the '" + rec.variant + "' memory settings: " + rec.headline, effect, command, true);
  RankMemory(*mem, rec, th, action);
  out.push_back({2, action});
}

// "--dim batch=4" for the free dimension `dim`: the size the workload ran (a probed one, where 1
// fails), unless --dim gave sizes.
std::string DimValue(const DoctorReport& report, const std::string& dim) {
  std::string value = "1";
  if (report.workload) {
    const auto it = report.workload->sizes.find(dim);
    if (it != report.workload->sizes.end()) value = std::to_string(it->second);
  }
  for (const std::string& spec : report.request.dims) {
    if (spec.rfind(dim + "=", 0) == 0)
      value = spec.substr(dim.size() + 1, spec.find_first_of(",.", dim.size() + 1) - dim.size() - 1);
  }
  return value;
}

void FindingActions(const DoctorReport& report, std::vector<Candidate>& out) {
  if (!report.check.result) return;
  const std::string& model = report.model.path;
  for (const CheckFinding& f : report.check.result->findings) {
    if (f.rule_id == "ORTKIT009" && f.severity != "info") {
      // Coverage findings start with the target's name; the others are about ORT's real placement
      // under --provider.
      const std::string first_word = f.message.substr(0, f.message.find(' '));
      const auto& targets = report.request.targets;
      const bool is_target = std::find(targets.begin(), targets.end(), first_word) != targets.end();
      const std::string flag = is_target ? " --target " + first_word : " --provider " + Provider(report);
      out.push_back({4, Make(f.message, kNotMeasured, "ortkit check " + ShellLine({model}) + flag, false)});
    } else if (f.rule_id == "ORTKIT008") {
      // "input 'image' float32[batch,3,64,64]: free dimension 'batch'"
      const std::string& message = f.message;
      const auto q = message.rfind("'", message.size() - 2);
      const std::string dim = q == std::string::npos ? "" : message.substr(q + 1, message.size() - q - 2);
      // On a model with errors, check's own command (which also applies the passes that make it
      // load, or is empty when nothing does) is the one that works.
      const std::string command =
          Errors(report).empty()
              ? "ortkit fix " + ShellLine({model}) + " -o " + ShellLine({Beside(model, ".static.onnx")}) + " --dim " +
                    dim + "=" + DimValue(report, dim)
              : f.command;
      out.push_back({5, Make("fix the free dimension '" + dim +
                                 "' if deployment uses one size (static-shape providers need it)",
                             kNotMeasured, command, false)});
    } else if (f.rule_id == "ORTKIT007") {
      out.push_back(
          {6, Make("move the post-processing (" + f.location + ") out of the graph into application code",
                   kNotMeasured, f.command, false)});
    } else if (f.severity == "error") {
      Action action = Make(f.rule + ": " + f.message + "; " + f.fix, kNotMeasured,
                           f.command.empty() ? "ortkit check " + ShellLine({model}) : f.command, false);
      action.tier = kRequired;
      action.reason = "ONNX Runtime refuses the model, or it is broken, until this is fixed";
      out.push_back({1, action});
    }
  }
}

}  // namespace

std::string DescribeThresholds(const ActionThresholds& th) {
  return fmt::format("\"do first\" needs a measured gain beyond its noise of at least {:.0f}% latency, or at least "
                     "{:.0f}% and {:.0f} MiB of memory, that costs no more elsewhere than it saves; everything else "
                     "is optional, with its measured effect",
                     100 * th.latency, 100 * th.memory_fraction, th.memory_mib);
}

nlohmann::json ThresholdsToJson(const ActionThresholds& th) {
  return {{"latency_fraction", th.latency},
          {"memory_fraction", th.memory_fraction},
          {"memory_mib", th.memory_mib},
          {"text", DescribeThresholds(th)}};
}

std::vector<Action> Actions(const DoctorReport& report, const ActionThresholds& thresholds) {
  std::vector<Candidate> candidates;
  FixAction(report, thresholds, candidates);
  WorkloadAction(report, candidates);
  MemoryAction(report, thresholds, candidates);
  CompressAction(report, thresholds, candidates);
  FindingActions(report, candidates);
  std::stable_sort(candidates.begin(), candidates.end(), [](const Candidate& a, const Candidate& b) {
    const int ta = TierOrder(a.action.tier), tb = TierOrder(b.action.tier);
    return ta != tb ? ta < tb : a.priority < b.priority;
  });
  std::vector<Action> actions;
  for (auto& c : candidates) {
    if (c.action.reason.empty()) c.action.reason = "its effect was not measured";
    c.action.rank = static_cast<int64_t>(actions.size() + 1);
    actions.push_back(std::move(c.action));
  }
  return actions;
}

}  // namespace ortkit::doctor
