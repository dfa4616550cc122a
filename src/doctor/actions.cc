// Actions from the step results: the real sizes when ortkit had to probe them (or found none that
// run), the verified fix with its measured gain, a measured memory setting, and the findings only
// a person can act on. A step that failed is reported with the steps, not as an action.
#include "doctor/actions.h"

#include <algorithm>
#include <filesystem>

#include <fmt/format.h>

#include "doctor/doctor_format.h"
#include "doctor/step_commands.h"

namespace ortkit::doctor {
namespace {

constexpr const char* kNotMeasured = "not measured";

struct Candidate {
  int priority;  // lower first
  Action action;
};

Action Make(const std::string& title, const std::string& effect, const std::string& command, bool measured) {
  return {0, title, effect, command, measured};
}

std::string Provider(const DoctorReport& report) {
  return report.request.provider.empty() ? "cpu" : report.request.provider;
}

// "model.fixed.onnx" beside the model: what a user would write.
std::string Beside(const std::string& model, const std::string& suffix) {
  const std::filesystem::path p(model);
  return (p.parent_path() / (p.stem().string() + suffix)).string();
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
std::string OutputAgreement(const FixVerification& verification) {
  double worst = 0;
  for (const FixOutputCheck& o : verification.outputs) worst = std::max(worst, o.max_abs);
  return worst == 0 ? "outputs identical" : fmt::format("outputs within {:.2g}", worst);
}

void FixAction(const DoctorReport& report, std::vector<Candidate>& out) {
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
    out.push_back({0, Make(title, effect, command, true)});
  } else {
    out.push_back({1, Make(title, agreement + "; speed not measured", command, verification.ran)});
  }
}

// When ortkit had to find sizes that run, or found none, the first thing to do is to tell it the
// real ones: every figure of this run describes a workload ortkit chose. A failed step is not an
// action (the steps' own section reports it); the inputs it needed are.
void WorkloadAction(const DoctorReport& report, std::vector<Candidate>& out) {
  if (!report.workload) return;
  const WorkloadInfo& w = *report.workload;
  const std::string model = ShellLine({report.model.path});
  if (w.status == "failed") {
    out.push_back({-1, Make("give the sizes and values your model runs on (--dim, --value, --input): ortkit found "
                            "none that run: " + w.message,
                            kNotMeasured, w.command_line, false)});
    return;
  }
  if (w.probed.empty()) return;
  std::vector<std::string> flags;
  for (const std::string& d : w.dims) flags.push_back("--dim " + ShellLine({d}));
  const std::string why = w.notes.empty() ? std::string() : ": " + w.notes.back();
  out.push_back({-1, Make(fmt::format("give the real sizes of {} (this run measured sizes ortkit probed{})",
                                      fmt::join(w.probed, ", "), why),
                          kNotMeasured, fmt::format("ortkit doctor {} {}", model, fmt::join(flags, " ")), false)});
}

void MemoryAction(const DoctorReport& report, std::vector<Candidate>& out) {
  const auto& mem = report.memcheck.result;
  if (!mem || !mem->recommendation || mem->recommendation->variant.empty()) return;
  const MemcheckRecommendation& rec = *mem->recommendation;
  std::string command = report.memcheck.command_line;
  // The step printed JSON for doctor; the person runs it for the profile it writes.
  for (const std::string flag : {" --format json", " --json"}) {
    const auto at = command.rfind(flag);
    if (at != std::string::npos) command.erase(at, flag.size());
  }
  command += " -o deployment.json";
  const std::string effect = fmt::format("steady memory -{}, peak -{}, latency {:+.0f}%", Mib(rec.steady_saving),
                                         Mib(rec.peak_saving), 100 * rec.latency_change);
  out.push_back({2, Make("use the '" + rec.variant + "' memory settings: " + rec.headline, effect, command, true)});
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
      out.push_back({5, Make("fix the free dimension '" + dim +
                                 "' if deployment uses one size (static-shape providers need it)",
                             kNotMeasured,
                             "ortkit fix " + ShellLine({model}) + " -o " + ShellLine({Beside(model, ".static.onnx")}) +
                                 " --dim " + dim + "=" + DimValue(report, dim),
                             false)});
    } else if (f.rule_id == "ORTKIT007") {
      const auto open = f.fix.find('`');
      const auto close = open == std::string::npos ? std::string::npos : f.fix.find('`', open + 1);
      const std::string command = close == std::string::npos ? "" : f.fix.substr(open + 1, close - open - 1);
      out.push_back(
          {6, Make("move the post-processing (" + f.location + ") out of the graph into application code",
                   kNotMeasured, command, false)});
    } else if (f.severity == "error") {
      out.push_back({1, Make(f.rule + ": " + f.message + "; " + f.fix, kNotMeasured,
                             "ortkit check " + ShellLine({model}), false)});
    }
  }
}

}  // namespace

std::vector<Action> Actions(const DoctorReport& report) {
  std::vector<Candidate> candidates;
  FixAction(report, candidates);
  WorkloadAction(report, candidates);
  MemoryAction(report, candidates);
  FindingActions(report, candidates);
  std::stable_sort(candidates.begin(), candidates.end(),
                   [](const Candidate& a, const Candidate& b) { return a.priority < b.priority; });
  std::vector<Action> actions;
  for (auto& c : candidates) {
    c.action.rank = static_cast<int64_t>(actions.size() + 1);
    actions.push_back(std::move(c.action));
  }
  return actions;
}

}  // namespace ortkit::doctor
