// Actions from the step results: the real sizes when ortkit had to probe them (or found none that
// run), the verified fix with its measured gain, a measured memory setting, and the findings only
// a person can act on. A step that failed is reported with the steps, not as an action.
#include "doctor/actions.h"

#include <algorithm>
#include <filesystem>

#include <fmt/format.h>

#include "doctor/doc_access.h"
#include "doctor/step_commands.h"

namespace ortkit::doctor {
namespace {

constexpr const char* kNotMeasured = "not measured";

struct Candidate {
  int priority;  // lower first
  Json action;
};

Json Action(const std::string& title, const std::string& effect, const std::string& command, bool measured) {
  return {{"rank", 0}, {"title", title}, {"effect", effect}, {"command", command}, {"measured", measured}};
}

std::string Provider(const Json& document) {
  const std::string p = TextAt(document.value("request", Json::object()), "provider", "cpu");
  return p.empty() ? "cpu" : p;
}

std::string ModelPath(const Json& document) {
  return document.contains("model") ? TextAt(document["model"], "path", "model.onnx") : "model.onnx";
}

// "model.fixed.onnx" beside the model: what a user would write.
std::string Beside(const std::string& model, const std::string& suffix) {
  const std::filesystem::path p(model);
  return (p.parent_path() / (p.stem().string() + suffix)).string();
}

// What the fix's passes changed, in words: "remove 8 initializers from the graph inputs".
std::vector<std::string> FixChanges(const Json& fix) {
  std::vector<std::string> changes;
  for (const Json& pass : ArrayAt(fix, "passes")) {
    if (!pass.value("changed", false)) continue;
    const std::string name = TextAt(pass, "name");
    const Json& counts = pass.value("counts", Json::object());
    if (name == "remove-initializers-from-inputs") {
      const auto n = static_cast<long>(NumberAt(counts, "inputs_removed"));
      changes.push_back(fmt::format("remove {} initializer{} from the graph inputs", n, n == 1 ? "" : "s"));
    } else if (name == "float64-to-float32") {
      changes.push_back("make the float64 branch float32");
    } else if (name == "remove-unused") {
      const auto n = static_cast<long>(NumberAt(counts, "nodes") + NumberAt(counts, "initializers"));
      changes.push_back(
          fmt::format("remove {} unused node{} and initializer{}", n, n == 1 ? "" : "s", n == 1 ? "" : "s"));
    } else {
      changes.push_back("apply " + name);
    }
  }
  return changes;
}


// "outputs identical" or "outputs within 4.5e-08", from the verification's largest difference.
std::string OutputAgreement(const Json& verification) {
  double worst = 0;
  for (const Json& o : ArrayAt(verification, "outputs")) worst = std::max(worst, NumberAt(o, "max_abs"));
  return worst == 0 ? "outputs identical" : fmt::format("outputs within {:.2g}", worst);
}

void FixAction(const Json& document, std::vector<Candidate>& out) {
  const std::string model = ModelPath(document);
  const std::string command = "ortkit fix " + ShellLine({model}) + " -o " + ShellLine({Beside(model, ".fixed.onnx")});
  const Json* fix = ResultOf(document, "fix");
  if (!fix) {
    // check found something fix repairs, but the fix step did not finish: still worth doing.
    std::vector<std::string> what;
    for (const Json& f : CheckFindings(document)) {
      const std::string pass = TextAt(f, "fix_pass");
      if (std::find(DefaultFixPasses().begin(), DefaultFixPasses().end(), pass) != DefaultFixPasses().end()) {
        what.push_back(TextAt(f, "rule"));
      }
    }
    if (!what.empty()) out.push_back({2, Action("fix " + fmt::format("{}", fmt::join(what, ", ")), kNotMeasured, command, false)});
    return;
  }
  const Json& verification = fix->value("verification", Json::object());
  const std::vector<std::string> changes = FixChanges(*fix);
  if (changes.empty()) return;
  const std::string title = fmt::format("{}", fmt::join(changes, ", "));
  if (verification.value("ran", false) && !verification.value("passed", false)) {
    out.push_back({3, Action(title + " (by hand: ortkit's verified rewrite changed the outputs)",
                             "not applied: " + TextAt(verification, "failure", "outputs differ"),
                             command + " --keep-unverified", false)});
    return;
  }
  const std::string agreement =
      verification.value("ran", false) ? OutputAgreement(verification) : "outputs not compared";
  if (fix->contains("latency") && (*fix)["latency"].is_object()) {
    const Json& l = (*fix)["latency"];
    // fix --bench times both models on the CPU, whatever provider the rest of the run used.
    const std::string where = Provider(document) == "cpu" ? "" : " on cpu";
    const std::string effect = fmt::format("p50 {} -> {} ({:.2f}x{}), {}", Ms(NumberAt(l, "before_ms")),
                                           Ms(NumberAt(l, "after_ms")), NumberAt(l, "speedup"), where, agreement);
    out.push_back({0, Action(title, effect, command, true)});
  } else {
    out.push_back({1, Action(title, agreement + "; speed not measured", command, verification.value("ran", false))});
  }
}

// When ortkit had to find sizes that run, or found none, the first thing to do is to tell it the
// real ones: every figure of this run describes a workload ortkit chose. A failed step is not an
// action (the steps' own section reports it); the inputs it needed are.
void WorkloadAction(const Json& document, std::vector<Candidate>& out) {
  if (!document.contains("workload") || !document["workload"].is_object()) return;
  const Json& w = document["workload"];
  const std::string model = ShellLine({ModelPath(document)});
  if (TextAt(w, "status") == "failed") {
    out.push_back({-1, Action("give the sizes and values your model runs on (--dim, --value, --input): ortkit found "
                              "none that run: " + TextAt(w, "message"),
                              kNotMeasured, TextAt(w, "command_line"), false)});
    return;
  }
  const Json& probed = ArrayAt(w, "probed");
  if (probed.empty()) return;
  std::vector<std::string> names, flags;
  for (const Json& p : probed) names.push_back(p.get<std::string>());
  for (const Json& d : ArrayAt(w, "dims")) flags.push_back("--dim " + ShellLine({d.get<std::string>()}));
  const Json& notes = ArrayAt(w, "notes");
  const std::string why = notes.empty() ? std::string() : ": " + notes.back().get<std::string>();
  out.push_back({-1, Action(fmt::format("give the real sizes of {} (this run measured sizes ortkit probed{})",
                                        fmt::join(names, ", "), why),
                            kNotMeasured, fmt::format("ortkit doctor {} {}", model, fmt::join(flags, " ")), false)});
}

void MemoryAction(const Json& document, std::vector<Candidate>& out) {
  const Json* mem = ResultOf(document, "memcheck");
  if (!mem || !mem->contains("recommendation") || !(*mem)["recommendation"].is_object()) return;
  const Json& rec = (*mem)["recommendation"];
  if (TextAt(rec, "variant").empty()) return;
  const Json* step = StepOf(document, "memcheck");
  std::string command = step ? TextAt(*step, "command_line") : "ortkit memcheck " + ShellLine({ModelPath(document)});
  // The step printed JSON for doctor; the person runs it for the profile it writes.
  for (const std::string flag : {" --format json", " --json"}) {
    const auto at = command.rfind(flag);
    if (at != std::string::npos) command.erase(at, flag.size());
  }
  command += " -o deployment.json";
  const std::string effect =
      fmt::format("steady memory -{}, peak -{}, latency {:+.0f}%", Mib(NumberAt(rec, "steady_saving")),
                  Mib(NumberAt(rec, "peak_saving")), 100 * NumberAt(rec, "latency_change"));
  out.push_back({2, Action("use the '" + TextAt(rec, "variant") + "' memory settings: " + TextAt(rec, "headline"),
                           effect, command, true)});
}

void FindingActions(const Json& document, std::vector<Candidate>& out) {
  const std::string model = ModelPath(document);
  for (const Json& f : CheckFindings(document)) {
    const std::string id = TextAt(f, "rule_id");
    const std::string severity = TextAt(f, "severity");
    if (id == "ORTKIT009" && severity != "info") {
      // Coverage findings start with the target's name; the others are about ORT's real placement
      // under --provider.
      const std::string message = TextAt(f, "message");
      const std::string first_word = message.substr(0, message.find(' '));
      bool is_target = false;
      const Json request = document.value("request", Json::object());
      for (const Json& t : ArrayAt(request, "targets")) is_target = is_target || t == first_word;
      const std::string flag = is_target ? " --target " + first_word : " --provider " + Provider(document);
      out.push_back({4, Action(message, kNotMeasured, "ortkit check " + ShellLine({model}) + flag, false)});
    } else if (id == "ORTKIT008") {
      // "input 'image' float32[batch,3,64,64]: free dimension 'batch'"
      const std::string message = TextAt(f, "message");
      const auto q = message.rfind("'", message.size() - 2);
      const std::string dim = q == std::string::npos ? "" : message.substr(q + 1, message.size() - q - 2);
      // The size the workload ran (a probed one, where 1 fails), unless --dim gave sizes.
      std::string value = "1";
      if (document.contains("workload") && document["workload"].is_object()) {
        const Json& sizes = document["workload"].value("sizes", Json::object());
        if (sizes.contains(dim) && sizes[dim].is_number_integer()) value = std::to_string(sizes[dim].get<int64_t>());
      }
      const Json& dims = document.contains("request") ? ArrayAt(document["request"], "dims") : Json::array();
      for (const Json& d : dims) {
        const std::string spec = d.get<std::string>();
        if (spec.rfind(dim + "=", 0) == 0)
          value = spec.substr(dim.size() + 1, spec.find_first_of(",.", dim.size() + 1) - dim.size() - 1);
      }
      out.push_back({5, Action("fix the free dimension '" + dim +
                                   "' if deployment uses one size (static-shape providers need it)",
                               kNotMeasured,
                               "ortkit fix " + ShellLine({model}) + " -o " +
                                   ShellLine({Beside(model, ".static.onnx")}) + " --dim " + dim + "=" + value,
                               false)});
    } else if (id == "ORTKIT007") {
      const std::string fix = TextAt(f, "fix");
      const auto open = fix.find('`');
      const auto close = open == std::string::npos ? std::string::npos : fix.find('`', open + 1);
      const std::string command = close == std::string::npos ? "" : fix.substr(open + 1, close - open - 1);
      out.push_back(
          {6, Action("move the post-processing (" + TextAt(f, "location") + ") out of the graph into application code",
                     kNotMeasured, command, false)});
    } else if (severity == "error") {
      out.push_back({1, Action(TextAt(f, "rule") + ": " + TextAt(f, "message") + "; " + TextAt(f, "fix"), kNotMeasured,
                               "ortkit check " + ShellLine({model}), false)});
    }
  }
}

}  // namespace

Json Actions(const Json& document) {
  std::vector<Candidate> candidates;
  FixAction(document, candidates);
  WorkloadAction(document, candidates);
  MemoryAction(document, candidates);
  FindingActions(document, candidates);
  std::stable_sort(candidates.begin(), candidates.end(),
                   [](const Candidate& a, const Candidate& b) { return a.priority < b.priority; });
  Json actions = Json::array();
  for (auto& c : candidates) {
    c.action["rank"] = actions.size() + 1;
    actions.push_back(std::move(c.action));
  }
  return actions;
}

}  // namespace ortkit::doctor
