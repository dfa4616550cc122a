// Reading the doctor document into a DoctorReport (see doctor_report.h).
#include "doctor/doctor_report.h"

#include <set>

#include "ortkit/error.h"

namespace ortkit::doctor {

using core::JsonFields;

// The document's own objects; found by ADL from JsonFields::Get, so not in an unnamed namespace.
void ReadJson(const Json& json, const std::string& where, ToolInfo& out) {
  const JsonFields f(json, where);
  f.Get("name", out.name);
  f.Get("version", out.version);
}

void ReadJson(const Json& json, const std::string& where, ModelFile& out) {
  const JsonFields f(json, where);
  f.Get("path", out.path);
  f.Get("file_bytes", out.file_bytes);
}

void ReadJson(const Json& json, const std::string& where, EnvironmentInfo::UnusableProvider& out) {
  const JsonFields f(json, where);
  f.Get("name", out.name);
  f.Get("reason", out.reason);
}

void ReadJson(const Json& json, const std::string& where, EnvironmentInfo& out) {
  const JsonFields f(json, where);
  f.Get("ortkit", out.ortkit);
  f.Get("onnxruntime", out.onnxruntime);
  f.Get("cpu", out.cpu);
  f.Get("os", out.os);
  f.Get("cores", out.cores);
  f.Get("usable_cpus", out.usable_cpus);
  f.Get("cpu_limit", out.cpu_limit);
  f.Get("providers", out.providers);
  f.Get("unusable_providers", out.unusable_providers);
  f.Get("ep_devices", out.ep_devices);
}

void ReadJson(const Json& json, const std::string& where, RequestInfo& out) {
  const JsonFields f(json, where);
  f.Get("provider", out.provider);
  f.Get("targets", out.targets);
  f.Get("dims", out.dims);
  if (f.has("values")) f.Get("values", out.values);  // optional in the schema
  if (f.has("custom_op_libraries")) f.Get("custom_op_libraries", out.custom_op_libraries);  // optional too
  f.Get("budget_s", out.budget_s);
}

void ReadJson(const Json& json, const std::string& where, WorkloadInfo& out) {
  const JsonFields f(json, where);
  f.Get("command_line", out.command_line);
  f.Get("status", out.status);
  f.Get("message", out.message);
  if (f.has("seconds")) f.Get("seconds", out.seconds);  // optional in the schema
  f.Get("sizes", out.sizes);
  f.Get("probed", out.probed);
  f.Get("notes", out.notes);
  f.Get("dims", out.dims);
}

void ReadJson(const Json& json, const std::string& where, GraphViewInfo& out) {
  const JsonFields f(json, where);
  f.Get("command_line", out.command_line);
  f.Get("status", out.status);
  f.Get("message", out.message);
  f.Get("seconds", out.seconds);
  f.Get("with_profile", out.with_profile);
  if (f.has("with_node_memory")) f.Get("with_node_memory", out.with_node_memory);  // optional in the schema
}

void ReadJson(const Json& json, const std::string& where, StepInfo& out) {
  const JsonFields f(json, where);
  f.Get("name", out.name);
  f.Get("status", out.status);
  f.Get("message", out.message);
  f.Get("command_line", out.command_line);
  f.Get("seconds", out.seconds);
  f.Get("command", out.command);
}

void ReadJson(const Json& json, const std::string& where, Verdict& out) {
  const JsonFields f(json, where);
  f.Get("area", out.area);
  f.Get("status", out.status);
  f.Get("headline", out.headline);
  f.Get("details", out.details);
}

void ReadJson(const Json& json, const std::string& where, Action& out) {
  const JsonFields f(json, where);
  f.Get("rank", out.rank);
  f.Get("title", out.title);
  f.Get("effect", out.effect);
  f.Get("command", out.command);
  f.Get("measured", out.measured);
  f.Get("tier", out.tier);
  f.Get("reason", out.reason);
}

namespace {

std::string ResultWhere(const std::string& name) { return "doctor step '" + name + "': result"; }

template <typename T>
std::optional<T> ReadResult(const std::string& name, const Json& result) {
  return FromJson<T>(result, ResultWhere(name));
}

template <>
std::optional<bench::BenchResult> ReadResult<bench::BenchResult>(const std::string& name, const Json& result) {
  return BenchResultFromJson(result, ResultWhere(name));
}

// The step entry at `where`: its record, and its result read as T. A step that ended ok or with
// findings must have a result that reads; a failed or timed-out one may have left anything.
template <typename T>
void ReadStep(const Json& json, const std::string& where, Step<T>& out) {
  ReadJson(json, where, static_cast<StepInfo&>(out));
  const JsonFields f(json, where);
  const Json& result = f.at("result");
  out.result.reset();
  if (result.is_null()) return;
  if (out.status == "ok" || out.status == "findings") {
    out.result = ReadResult<T>(out.name, result);
    return;
  }
  try {
    out.result = ReadResult<T>(out.name, result);
  } catch (const Error&) {
    // A partial result of a step that did not finish: nothing to judge by.
  }
}

void ReadSteps(const Json& steps, const std::string& where, DoctorReport& report) {
  if (!steps.is_array()) core::FailJsonType(steps, where, "an array");
  std::set<std::string> seen;
  for (std::size_t i = 0; i < steps.size(); ++i) {
    const std::string at = where + "[" + std::to_string(i) + "]";
    std::string name;
    JsonFields(steps[i], at).Get("name", name);
    if (!seen.insert(name).second) throw Error(ErrorCategory::kConfig, at + ".name: a second step '" + name + "'");
    if (name == "check") ReadStep(steps[i], at, report.check);
    else if (name == "inspect") ReadStep(steps[i], at, report.inspect);
    else if (name == "bench") ReadStep(steps[i], at, report.bench);
    else if (name == "memcheck") ReadStep(steps[i], at, report.memcheck);
    else if (name == "profile") ReadStep(steps[i], at, report.profile);
    else if (name == "fix") ReadStep(steps[i], at, report.fix);
    else throw Error(ErrorCategory::kConfig, at + ".name: unknown step '" + name + "'");
  }
}

}  // namespace

std::vector<const StepInfo*> DoctorReport::Steps() const {
  std::vector<const StepInfo*> out;
  for (const StepInfo* step : {static_cast<const StepInfo*>(&check), static_cast<const StepInfo*>(&inspect),
                               static_cast<const StepInfo*>(&bench), static_cast<const StepInfo*>(&memcheck),
                               static_cast<const StepInfo*>(&profile), static_cast<const StepInfo*>(&fix)}) {
    if (step->status != "missing") out.push_back(step);
  }
  return out;
}

const StepInfo* DoctorReport::FindStep(const std::string& name) const {
  for (const StepInfo* step : Steps()) {
    if (step->name == name) return step;
  }
  return nullptr;
}

DoctorReport ParseDoctorReport(const nlohmann::json& document) {
  const Json doc(document);
  const JsonFields f(doc, "doctor document");
  DoctorReport r;
  f.Get("schema_version", r.schema_version);
  f.Get("tool", r.tool);
  f.Get("model", r.model);
  f.Get("environment", r.environment);
  f.Get("request", r.request);
  f.Get("started_at", r.started_at);
  f.Get("elapsed_s", r.elapsed_s);
  f.Get("workload", r.workload);
  f.Get("graph_view", r.graph_view);
  ReadSteps(f.at("steps"), f.where("steps"), r);
  if (f.has("compress")) {
    r.compress.emplace("compress");
    ReadStep(f.at("compress"), f.where("compress"), *r.compress);
  }
  f.Get("verdicts", r.verdicts);
  f.Get("actions", r.actions);
  return r;
}

void ReadDoctorSteps(const nlohmann::json& steps, DoctorReport& report) {
  ReadSteps(Json(steps), "doctor document.steps", report);
}

void ValidateStepResult(const std::string& name, const nlohmann::json& result) {
  const Json json(result);
  if (name == "check") ReadResult<CheckResult>(name, json);
  else if (name == "inspect") ReadResult<InspectResult>(name, json);
  else if (name == "bench") ReadResult<bench::BenchResult>(name, json);
  else if (name == "memcheck") ReadResult<MemcheckResult>(name, json);
  else if (name == "profile") ReadResult<ProfileResult>(name, json);
  else if (name == "fix") ReadResult<FixResult>(name, json);
  else if (name == "compress") ReadResult<CompressResult>(name, json);
  else throw Error(ErrorCategory::kConfig, "doctor has no step '" + name + "'");
}

nlohmann::json VerdictsToJson(const std::vector<Verdict>& verdicts) {
  nlohmann::json out = nlohmann::json::array();
  for (const Verdict& v : verdicts) {
    out.push_back({{"area", v.area}, {"status", v.status}, {"headline", v.headline}, {"details", v.details}});
  }
  return out;
}

nlohmann::json ActionsToJson(const std::vector<Action>& actions) {
  nlohmann::json out = nlohmann::json::array();
  for (const Action& a : actions) {
    out.push_back({{"rank", a.rank},         {"title", a.title},       {"effect", a.effect}, {"command", a.command},
                   {"measured", a.measured}, {"tier", a.tier}, {"reason", a.reason}});
  }
  return out;
}

}  // namespace ortkit::doctor
