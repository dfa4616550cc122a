// The doctor document (docs/doctor.schema.json) as typed data: environment, request, workload,
// each step with its typed result, and (once computed) verdicts and actions. Verdicts, actions
// and the reports read this, never the JSON, so a renamed key fails a test instead of reading
// as "absent".
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "bench/bench_result.h"
#include "doctor/step_results.h"

namespace ortkit::doctor {

struct ToolInfo {
  std::string name, version;
};
struct ModelFile {
  std::string path;
  int64_t file_bytes = 0;
};
/// Where doctor ran (environment.h).
struct EnvironmentInfo {
  std::string ortkit, onnxruntime, cpu, os;
  int64_t cores = 0;
  /// The CPUs this process may use (affinity, cgroup quota) and what limits them ("" when
  /// nothing does): ORT's default intra-op pool ignores both and starts a thread per core.
  int64_t usable_cpus = 0;
  std::string cpu_limit;
  /// The providers this build lists that cannot run here, each with why (ortkit version).
  struct UnusableProvider {
    std::string name, reason;
  };
  std::vector<UnusableProvider> unusable_providers;
  /// What ONNX Runtime found on this machine (GetEpDevices): provider, device type, vendor.
  std::vector<VersionDevice> ep_devices;
  std::vector<std::string> providers;  ///< short names of the usable ones: cpu, webgpu
};
/// What the user asked for.
struct RequestInfo {
  std::string provider;
  std::vector<std::string> targets, dims, values, custom_op_libraries;
  double budget_s = 0;
};
/// The `ortkit run` before the steps that run the model.
struct WorkloadInfo {
  std::string command_line, status, message;  ///< status: ok or failed
  double seconds = 0;
  std::map<std::string, int64_t> sizes;
  std::vector<std::string> probed, notes, dims;
};

/// The graph view doctor had `ortkit graph` write for the HTML report (DoctorRequest::graph_page_path).
struct GraphViewInfo {
  std::string command_line, status, message;  ///< status: ok or failed
  double seconds = 0;
  bool with_profile = false;      ///< the page carries the profile step's kernel times
  bool with_node_memory = false;  ///< and its memory per node (absent in older documents: false)
};

/// A step as doctor recorded it. `status` is ok, findings, failed, skipped, timed_out, or
/// "missing" when the document has no step by that name.
struct StepInfo {
  std::string name, status = "missing", message, command_line;
  double seconds = 0;
  std::vector<std::string> command;
};
/// A step and its typed result: set when the step left one (read strictly when the step is ok
/// or findings; a failed or timed-out step's partial output is kept only when it reads).
template <typename T>
struct Step : StepInfo {
  explicit Step(std::string step_name) { name = std::move(step_name); }
  std::optional<T> result;
};

struct Verdict {
  std::string area, status, headline;  ///< status: good, warning, problem, not_measured
  std::vector<std::string> details;
};
struct Action {
  int64_t rank = 0;
  std::string title, effect, command;
  bool measured = false;
  /// "required" (the model does not load or run until it is done), "do first" (a measured gain
  /// beyond its noise and above ActionThresholds, with no larger cost elsewhere) or "optional".
  std::string tier;
  std::string reason;  ///< why it is in its tier, with the figures ("1.01x is within the noise of +-3%")
};

struct DoctorReport {
  int64_t schema_version = 0;
  ToolInfo tool;
  ModelFile model;
  EnvironmentInfo environment;
  RequestInfo request;
  std::string started_at;
  std::optional<double> elapsed_s;             ///< absent while the run is still assembling
  std::optional<WorkloadInfo> workload;        ///< absent when the model does not load
  std::optional<GraphViewInfo> graph_view;     ///< absent when no graph view was asked for
  Step<CheckResult> check{"check"};
  Step<InspectResult> inspect{"inspect"};
  Step<bench::BenchResult> bench{"bench"};
  Step<MemcheckResult> memcheck{"memcheck"};
  Step<ProfileResult> profile{"profile"};
  Step<FixResult> fix{"fix"};
  /// `ortkit compress`, run after the steps when the model's weights are 1 MB or more; skipped
  /// (with why) when the budget left is too small; absent for smaller models and older documents.
  std::optional<Step<CompressResult>> compress;
  std::optional<std::vector<Verdict>> verdicts;  ///< once computed (verdicts.h)
  std::optional<std::vector<Action>> actions;    ///< once computed (actions.h)

  /// The steps the document holds, in the order doctor runs them.
  std::vector<const StepInfo*> Steps() const;
  /// The step called `name`; nullptr for a name doctor has no step by.
  const StepInfo* FindStep(const std::string& name) const;
};

/// Reads a doctor document strictly. Error(kConfig) naming the key path when a field is missing
/// or has another type; for a step's result "doctor step 'bench': result.steady_state[0]...".
/// "verdicts", "actions", "elapsed_s" and "workload" may be absent; unknown keys are ignored.
DoctorReport ParseDoctorReport(const nlohmann::json& document);

/// Reads the array document["steps"] into `report`'s steps, as ParseDoctorReport does.
void ReadDoctorSteps(const nlohmann::json& steps, DoctorReport& report);

/// Reads the result of the step called `name` (check, inspect, bench, memcheck, profile, fix, or
/// compress) as
/// ParseDoctorReport does, and throws the same Error when it does not read.
void ValidateStepResult(const std::string& name, const nlohmann::json& result);

nlohmann::json VerdictsToJson(const std::vector<Verdict>& verdicts);
nlohmann::json ActionsToJson(const std::vector<Action>& actions);

}  // namespace ortkit::doctor
