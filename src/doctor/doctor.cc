// The doctor run: validate, plan the budget, run each step as a child process, assemble the document.
#include "doctor/doctor.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <optional>
#include <system_error>

#include <fmt/format.h>

#include "core/host.h"
#include "core/scratch_dir.h"
#include "doctor/actions.h"
#include "doctor/budget.h"
#include "doctor/doctor_report.h"
#include "doctor/environment.h"
#include "doctor/step_commands.h"
#include "doctor/verdicts.h"
#include "ortkit/error.h"
#include "ortkit/runtime.h"
#include "process/child_process.h"
#include "workload/size_probe.h"
#include "workload/value_rule.h"

namespace ortkit::doctor {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;
using Clock = std::chrono::steady_clock;

// `ortkit version` probes every provider (WebGPU starts a device); it is not part of the budget
// but must not hang the report either.
constexpr double kVersionTimeoutS = 30;
// The workload's `ortkit run`: a load, a run, and up to 10 s of probing; more of a large budget.
constexpr double kWorkloadTimeoutS = 30;
// Where the commands doctor shows keep the profile's files for the graph view; doctor's own run
// keeps them under the same names in its scratch directory.
const ProfileFiles kShownFiles{"profile.json", "node_memory.csv"};

// A temporary directory for fix's output, removed when the run ends unless the user keeps it.
class FixDir {
 public:
  explicit FixDir(const std::string& keep_dir) {
    if (keep_dir.empty()) {
      scratch_.emplace("doctor");
      path_ = scratch_->path();
      return;
    }
    std::error_code error;
    path_ = keep_dir;
    fs::create_directories(path_, error);
    if (error) throw Error(ErrorCategory::kIo, "--keep-dir '" + keep_dir + "': cannot create it: " + error.message());
  }
  const fs::path& path() const { return path_; }

 private:
  std::optional<core::ScratchDir> scratch_;
  fs::path path_;
};

// `ortkit ARGS...` as a step: a process group of its own (a deadline or Ctrl-C also ends the
// processes it starts), stdout captured, the tail of stderr kept, killed after `timeout_s`.
process::ChildResult RunOrtkit(const std::string& executable, const StepArgs& args, double timeout_s) {
  process::ChildOptions options;
  options.argv = {executable};
  options.argv.insert(options.argv.end(), args.begin(), args.end());
  options.timeout_s = timeout_s;
  options.name = "ortkit " + (args.empty() ? std::string() : args.front());
  return process::RunChild(options);
}

class StepRunner {
 public:
  StepRunner(const DoctorRequest& request, const BudgetPlan& plan, const DoctorProgress& progress)
      : request_(request), plan_(plan), progress_(progress), start_(Clock::now()) {}

  double used_s() const { return std::chrono::duration<double>(Clock::now() - start_).count(); }

  /// `shown`: the command the report prints, when it differs from what runs (an output written
  /// to a scratch directory that is gone when the report is read).
  json Run(std::size_t index, const StepArgs& args, const StepArgs& shown = {}) {
    return Execute(index, kStepNames[index], plan_.Deadline(index, used_s()), args, shown);
  }

  /// compress, after the steps: the rest of the budget (BudgetPlan::CompressDeadline).
  json RunCompress(const StepArgs& args) {
    return Execute(kStepCount, kCompress, std::max(plan_.CompressDeadline(used_s()), kMinStepSeconds), args, {});
  }

  json Skipped(std::size_t index, const std::string& why) const { return SkippedAs(kStepNames[index], why); }

  json SkippedAs(const std::string& name, const std::string& why) const {
    json step = Skeleton(name, {});
    step["status"] = "skipped";
    step["message"] = why;
    return step;
  }

 private:
  static constexpr const char* kCompress = "compress";

  // `index`: the step's place for the progress line (kStepCount for compress, after the steps).
  json Execute(std::size_t index, const std::string& name, double deadline, const StepArgs& args,
               const StepArgs& shown) {
    Notify(index, name, false, "", deadline);
    json step = Skeleton(name, shown.empty() ? args : shown);
    const process::ChildResult r = RunOrtkit(request_.executable, args, deadline);
    step["seconds"] = r.seconds;
    json result = json::parse(r.out, nullptr, /*allow_exceptions=*/false);
    const bool has_result = !result.is_discarded() && (result.is_object() || result.is_array());
    step["result"] = has_result ? result : json(nullptr);
    std::string status;
    std::string message;
    if (r.timed_out) {
      status = "timed_out";
      message = process::DescribeEnd(r) + " (its share of the --budget; a larger --budget gives it more)";
    } else if (r.signal != 0 || (r.exit_code != 0 && r.exit_code != 1) || !has_result) {
      status = "failed";
      message = process::DescribeEnd(r);
      if (r.exit_code <= 1 && r.signal == 0) message += ", but its output is not JSON";
    } else {
      status = r.exit_code == 1 ? "findings" : "ok";
    }
    if (status == "ok" || status == "findings") {
      // Valid JSON of the wrong shape is a broken contract, not a partial result.
      try {
        ValidateStepResult(name, result);
      } catch (const Error& e) {
        status = "failed";
        message = fmt::format("exited with {}, but its JSON is not what doctor reads: {}", r.exit_code, e.what());
      }
    }
    if (status != "ok" && status != "findings" && !r.err_tail.empty()) {
      // The last lines say why (ortkit's error line, or ORT's last words before a crash).
      const std::size_t keep = std::min<std::size_t>(r.err_tail.size(), 3);
      std::string last;
      for (std::size_t i = r.err_tail.size() - keep; i < r.err_tail.size(); ++i)
        last += (last.empty() ? "" : " | ") + r.err_tail[i];
      message += "; last stderr: " + last;
    }
    step["status"] = status;
    step["message"] = message;
    Notify(index, name, true, status, r.seconds);
    return step;
  }

  json Skeleton(const std::string& name, const StepArgs& args) const {
    std::vector<std::string> command{"ortkit"};
    command.insert(command.end(), args.begin(), args.end());
    return {{"name", name},
            {"status", "skipped"},
            {"seconds", 0.0},
            {"command", args.empty() ? json::array() : json(command)},
            {"command_line", args.empty() ? "" : ShellLine(command)},
            {"message", ""},
            {"result", nullptr}};
  }

  void Notify(std::size_t index, const std::string& name, bool done, const std::string& status,
              double seconds) const {
    if (!progress_) return;
    StepEvent e;
    e.index = index;
    e.count = kStepCount;
    e.name = name;
    e.done = done;
    e.status = status;
    e.seconds = seconds;
    progress_(e);
  }

  const DoctorRequest& request_;
  const BudgetPlan& plan_;
  const DoctorProgress& progress_;
  Clock::time_point start_;
};

// The steps run so far, read as the document's steps (only ok, findings and readable results).
DoctorReport StepsSoFar(const json& steps) {
  DoctorReport so_far;
  ReadDoctorSteps(steps, so_far);
  return so_far;
}

// The headline phase's mean (ms): what memcheck, profile and fix plan their runs by. The mean,
// not the median: on a busy machine stalls make the time a run costs far exceed its median.
double MeanRunMs(const json& steps) {
  const DoctorReport so_far = StepsSoFar(steps);
  const auto& bench = so_far.bench.result;
  return bench && !bench->phases.empty() ? bench->phases.back().latency.mean : 0;
}

// The weights inspect counted (0 when it did not finish): what decides whether compress runs.
double WeightBytes(const json& steps) {
  const auto& inspect = StepsSoFar(steps).inspect.result;
  return inspect ? inspect->graph.initializers.bytes : 0;
}

bool HasFixableFindings(const CheckResult& check) {
  for (const CheckFinding& f : check.findings) {
    for (const auto& p : DefaultFixPasses()) {
      if (f.fix_pass == p) return true;
    }
  }
  return false;
}

void ValidateModel(const std::string& path) {
  std::error_code error;
  const fs::file_status status = fs::status(path, error);
  if (error || !fs::exists(status)) throw Error(ErrorCategory::kIo, "model '" + path + "' does not exist");
  if (!fs::is_regular_file(status)) throw Error(ErrorCategory::kIo, "model '" + path + "' is not a file");
}

// A probed size s measured as s, 4s and 16s (within the probe's largest): a sequence whose
// smallest working length is s is rarely run at s alone, and the growth across sizes is what the
// arena, the cold start per shape and the op times show.
workload::DimFlag Spread(const std::string& name, int64_t size) {
  workload::DimFlag flag;
  flag.name = name;
  for (int64_t v = size; v <= size * 16 && v <= workload::ProbeLimits{}.max_size; v *= 4) flag.values.push_back(v);
  if (flag.values.empty()) flag.values.push_back(size);
  std::vector<std::string> parts;
  for (int64_t v : flag.values) parts.push_back(std::to_string(v));
  flag.text = name + "=" + fmt::format("{}", fmt::join(parts, ","));
  return flag;
}

// `ortkit run` once, before the steps that run the model: sizes that run (probed when the user
// gave none and 1 fails) and what was guessed about the inputs. Adds the probed sizes' spread to
// `workload` and returns the document's "workload" object.
json SettleWorkload(const DoctorRequest& request, StepWorkload& workload) {
  const StepArgs args = WorkloadArgs(request, workload);
  std::vector<std::string> command{"ortkit"};
  command.insert(command.end(), args.begin(), args.end());
  const double timeout = std::max(kWorkloadTimeoutS, 0.1 * request.budget_s);
  const process::ChildResult r = RunOrtkit(request.executable, args, timeout);
  json w{{"command_line", ShellLine(command)}, {"seconds", r.seconds}, {"status", "ok"}, {"message", ""},
         {"sizes", json::object()}, {"probed", json::array()}, {"notes", json::array()}, {"dims", json::array()}};
  const json result = json::parse(r.out, nullptr, /*allow_exceptions=*/false);
  if (r.exit_code != 0 || !result.is_object()) {
    w["status"] = "failed";
    w["message"] = r.err_tail.empty() ? process::DescribeEnd(r) : r.err_tail.back();
    return w;
  }
  RunResult run;
  try {
    run = FromJson<RunResult>(core::Json(result), "doctor workload: `ortkit run` result");
  } catch (const Error& e) {
    w["status"] = "failed";
    w["message"] = e.what();
    return w;
  }
  w["sizes"] = run.sizes;
  w["probed"] = run.probed;
  w["notes"] = run.notes;
  for (const std::string& name : run.probed) {
    const auto size = run.sizes.find(name);
    if (size != run.sizes.end()) workload.dims.push_back(Spread(name, size->second));
  }
  for (const auto& dim : workload.dims) w["dims"].push_back(dim.text);
  return w;
}

// bench, memcheck, profile and fix: the steps that run the model. `check`: the check step's
// typed result, read once after it ran.
// `kept`: where profile also keeps ORT's trace and node memory statistics, for the graph view
// (empty when none is asked for).
// `plan`: compress's share is given back to memcheck, profile and fix when bench's run time says
// that compress cannot fit in it.
void RunSessionSteps(const DoctorRequest& request, BudgetPlan& plan, const StepWorkload& workload,
                     const std::optional<CheckResult>& check, const ProfileFiles& kept, StepRunner& runner,
                     json& steps) {
  steps.push_back(runner.Run(2, BenchArgs(request, workload, PlanBench(plan.share("bench"), BenchPhases(workload.dims)))));
  const double run_ms = MeanRunMs(steps);
  if (plan.compress_s > 0 && !PlanCompress(plan.compress_s, run_ms, WeightBytes(steps)).fits) plan.ReleaseCompress();
  steps.push_back(runner.Run(3, MemcheckArgs(request, workload, PlanMemcheck(plan.share("memcheck"), run_ms))));
  const int profile_runs = PlanProfileRuns(plan.share("profile"), run_ms);
  // The trace goes to doctor's scratch directory; the command shown keeps it beside the reader.
  const StepArgs shown = kept.trace.empty() ? StepArgs{} : ProfileArgs(request, workload, profile_runs, kShownFiles);
  steps.push_back(runner.Run(4, ProfileArgs(request, workload, profile_runs, kept), shown));
  if (!check) {
    steps.push_back(runner.Skipped(5, "check did not produce findings to fix (see the check step)"));
  } else if (!HasFixableFindings(*check)) {
    steps.push_back(runner.Skipped(5, "check found nothing that fix's default passes repair"));
  } else {
    const FixDir dir(request.keep_dir);
    const std::string name = fs::path(request.model_path).stem().string() + ".fixed.onnx";
    const int runs = PlanFixBenchRuns(plan.share("fix"), run_ms);
    // Without --keep-dir the result goes to a scratch directory; the command to reproduce it
    // writes to the current directory instead, and never over a file that is there.
    const StepArgs shown = request.keep_dir.empty() ? FixArgs(request, name, runs, false) : StepArgs{};
    steps.push_back(runner.Run(5, FixArgs(request, (dir.path() / name).string(), runs, true), shown));
  }
}

// `ortkit compress` after the steps, in what is left of the budget; skipped, with why and what
// budget would run it, when the smallest settings' estimate does not fit.
// `reserved_s`: the share compress was planned; when bench's run time made doctor give it back to
// the other steps (plan.compress_s is 0), compress is judged against that share.
json RunCompressSection(const DoctorRequest& request, const BudgetPlan& plan, double reserved_s,
                        const StepWorkload& workload, const json& steps, StepRunner& runner) {
  const double share = plan.compress_s > 0 ? plan.CompressDeadline(runner.used_s()) : reserved_s;
  const double run_ms = MeanRunMs(steps);
  const CompressSettings settings = PlanCompress(share, run_ms, WeightBytes(steps));
  if (!settings.fits) {
    // What the whole budget must be for compress's share to hold the smallest settings.
    const double needed = settings.estimate_s / 0.7 / kCompressWeight;
    return runner.SkippedAs(
        "compress", fmt::format("it needs about {:.0f} s at {:.1f} ms a run, and {:.0f} s of the --budget were "
                                "left for it; a --budget of about {:.0f}s runs it",
                                settings.estimate_s, run_ms, share, std::ceil(needed)));
  }
  return runner.RunCompress(CompressArgs(request, workload, settings));
}

// The graph view for the HTML report: `ortkit graph` in a child (Graphviz and shape inference
// stay out of this process), after the steps so that the profile's trace and node memory
// statistics are there to overlay.
// Not a step: it measures nothing and takes no share of the budget (it reads the model without
// its weights; about 1 s for 2,000 nodes).
json RunGraphView(const DoctorRequest& request, const StepWorkload& workload, const ProfileFiles& kept) {
  // A profile step that failed or was skipped left neither file: the page goes without them.
  std::error_code error;
  const bool with_profile = !kept.trace.empty() && fs::exists(kept.trace, error);
  const bool with_node_memory = !kept.node_memory.empty() && fs::exists(kept.node_memory, error);
  const ProfileFiles overlay{with_profile ? kept.trace : "", with_node_memory ? kept.node_memory : ""};
  const ProfileFiles shown_overlay{with_profile ? kShownFiles.trace : "",
                                   with_node_memory ? kShownFiles.node_memory : ""};
  const StepArgs args = GraphArgs(request, workload, request.graph_page_path, overlay);
  std::vector<std::string> shown{"ortkit"};
  const StepArgs shown_args = GraphArgs(request, workload, "graph.html", shown_overlay);
  shown.insert(shown.end(), shown_args.begin(), shown_args.end());
  const double timeout = std::max(kWorkloadTimeoutS, 0.1 * request.budget_s);
  const process::ChildResult r = RunOrtkit(request.executable, args, timeout);
  json g{{"command_line", ShellLine(shown)}, {"seconds", r.seconds}, {"status", "ok"}, {"message", ""},
         {"with_profile", with_profile}, {"with_node_memory", with_node_memory}};
  if (r.exit_code != 0 || r.signal != 0 || r.timed_out) {
    g["status"] = "failed";
    g["message"] = r.err_tail.empty() ? process::DescribeEnd(r) : r.err_tail.back();
  }
  return g;
}

}  // namespace

json RunDoctor(const DoctorRequest& request, const DoctorProgress& progress) {
  ValidateModel(request.model_path);
  BudgetPlan plan = SplitBudget(request.budget_s);
  StepWorkload workload;
  workload.dims = workload::ParseDimFlags(request.dims);
  workload::ParseValueFlags(request.values);  // refused here, before any step, when malformed
  workload.values = request.values;
  if (request.executable.empty()) throw Error(ErrorCategory::kConfig, "doctor needs the path of the ortkit executable");

  const Clock::time_point start = Clock::now();
  json doc;
  doc["schema_version"] = kSchemaVersion;
  doc["tool"] = {{"name", "ortkit"}, {"version", ortkit::Version()}};
  doc["model"] = {{"path", request.model_path}, {"file_bytes", fs::file_size(request.model_path)}};
  const process::ChildResult version = RunOrtkit(request.executable, {"version", "--json"}, kVersionTimeoutS);
  doc["environment"] = Environment(json::parse(version.out, nullptr, false));
  doc["request"] = {{"provider", request.provider},
                    {"targets", request.targets},
                    {"dims", request.dims},
                    {"values", request.values},
                    {"custom_op_libraries", request.custom_op_libraries},
                    {"budget_s", request.budget_s}};
  doc["started_at"] = core::UtcTimestamp();

  StepRunner runner(request, plan, progress);
  std::optional<core::ScratchDir> graph_dir;
  ProfileFiles kept;  // what profile keeps for the graph view, in doctor's scratch directory
  if (!request.graph_page_path.empty()) {
    graph_dir.emplace("doctor-graph");
    kept = {graph_dir->path() + "/" + kShownFiles.trace, graph_dir->path() + "/" + kShownFiles.node_memory};
  }
  json steps = json::array();
  steps.push_back(runner.Run(0, CheckArgs(request)));
  steps.push_back(runner.Run(1, InspectArgs(request)));
  const std::optional<CheckResult> check = StepsSoFar(steps).check.result;
  // Every later step creates a session; when check saw ORT refuse the model, their failures
  // would only repeat that one finding.
  if (check && check->loads_in_ort == false) {
    for (std::size_t i = 2; i < kStepCount; ++i) {
      steps.push_back(runner.Skipped(i, "the model does not load in ONNX Runtime (see the check step)"));
    }
  } else {
    // int8 and float16 variants of a model with under 1 MB of weights save too little for the time.
    const bool compress = WeightBytes(steps) >= kCompressMinWeightBytes;
    if (compress) plan.ReserveCompress();
    const double compress_reserved_s = plan.compress_s;
    doc["workload"] = SettleWorkload(request, workload);
    if (doc["workload"]["status"] == "ok") {
      RunSessionSteps(request, plan, workload, check, kept, runner, steps);
      if (compress) {
        doc["compress"] = RunCompressSection(request, plan, compress_reserved_s, workload, steps, runner);
      }
    } else {
      const std::string why = "no inputs that run were found (see the workload): " +
                              doc["workload"]["message"].get<std::string>();
      for (std::size_t i = 2; i < kStepCount; ++i) steps.push_back(runner.Skipped(i, why));
    }
  }
  doc["steps"] = steps;
  if (!request.graph_page_path.empty()) doc["graph_view"] = RunGraphView(request, workload, kept);
  const DoctorReport report = ParseDoctorReport(doc);
  doc["verdicts"] = VerdictsToJson(Verdicts(report));
  const ActionThresholds thresholds;
  doc["actions"] = ActionsToJson(Actions(report, thresholds));
  doc["action_thresholds"] = ThresholdsToJson(thresholds);
  doc["elapsed_s"] = std::chrono::duration<double>(Clock::now() - start).count();
  return doc;
}

int DoctorExitCode(const json& document) {
  for (const json& v : document.at("verdicts")) {
    const std::string status = v.value("status", "");
    if (status == "warning" || status == "problem") return 1;
  }
  for (const json& s : document.at("steps")) {
    const std::string status = s.value("status", "");
    if (status == "failed" || status == "timed_out") return 1;
  }
  return 0;
}

}  // namespace ortkit::doctor
