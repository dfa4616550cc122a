// The variant job file: MemcheckRequest's schedule and sampling fields, and the config's own JSON.
#include "memory/variant_job.h"

#include <nlohmann/json.hpp>

#include "ortkit/error.h"

namespace ortkit::memory {

std::string VariantJobToJson(const MemcheckRequest& request, const Variant& variant) {
  nlohmann::json j;
  j["variant"] = variant.name;
  j["model"] = request.model_path;
  j["config"] = nlohmann::json::parse(request.config.ToJson());
  const ScheduleSpec& s = request.schedule;
  nlohmann::json dims = nlohmann::json::array();
  for (const DimSpec& d : s.dims) dims.push_back({{"name", d.name}, {"values", d.values}});
  j["schedule"] = {{"dims", dims},         {"random", s.random},         {"seed", s.seed},
                   {"rows", s.rows},       {"iterations", s.iterations}, {"warmup", s.warmup},
                   {"bucket", s.bucket},     {"rows_are_saved_runs", s.rows_are_saved_runs}};
  const workload::InputRequest& in = request.inputs;
  nlohmann::json values = nlohmann::json::array();
  for (const auto& v : in.values) values.push_back({{"input", v.input}, {"value", v.ValueText()}, {"guess", v.guess}});
  j["inputs"] = {{"files", in.files}, {"dims", in.dims}, {"values", values}, {"seed", in.seed}};
  nlohmann::json replay = nlohmann::json::array();
  for (const ReplayRun& run : request.replay) replay.push_back({{"label", run.label}, {"dims", run.dims}, {"files", run.files}});
  j["replay"] = replay;
  j["sample_every"] = request.measure.sample_every;
  j["overhead_budget"] = request.measure.overhead_budget;
  return j.dump();
}

VariantJob VariantJobFromJson(const std::string& text) {
  try {
    const nlohmann::json j = nlohmann::json::parse(text);
    VariantJob job;
    const std::string name = j.at("variant").get<std::string>();
    const std::optional<Variant> variant = FindVariant(name);
    if (!variant) throw Error(ErrorCategory::kRun, "variant job: unknown variant '" + name + "'");
    job.variant = *variant;
    MemcheckRequest& r = job.request;
    r.model_path = j.at("model").get<std::string>();
    r.config = SessionConfig::FromJson(j.at("config").dump());
    const nlohmann::json& s = j.at("schedule");
    for (const auto& d : s.at("dims")) {
      r.schedule.dims.push_back(DimSpec{d.at("name").get<std::string>(), d.at("values").get<std::vector<int64_t>>()});
    }
    r.schedule.random = s.at("random").get<bool>();
    r.schedule.seed = s.at("seed").get<uint64_t>();
    r.schedule.rows = s.at("rows").get<std::vector<Dims>>();
    r.schedule.iterations = s.at("iterations").get<int64_t>();
    r.schedule.warmup = s.at("warmup").get<int64_t>();
    r.schedule.bucket = s.at("bucket").get<int64_t>();
    r.schedule.rows_are_saved_runs = s.at("rows_are_saved_runs").get<bool>();
    for (const auto& run : j.at("replay")) {
      r.replay.push_back(ReplayRun{run.at("label").get<std::string>(), run.at("dims").get<Dims>(),
                                   run.at("files").get<std::vector<std::pair<std::string, std::string>>>()});
    }
    const nlohmann::json& in = j.at("inputs");
    r.inputs.files = in.at("files").get<std::vector<std::pair<std::string, std::string>>>();
    r.inputs.dims = in.at("dims").get<workload::DimSizes>();
    r.inputs.seed = in.at("seed").get<uint64_t>();
    for (const auto& v : in.at("values")) {
      workload::ValueRule rule = workload::ParseValueFlag(v.at("input").get<std::string>() + "=" +
                                                          v.at("value").get<std::string>());
      rule.guess = v.at("guess").get<std::string>();
      r.inputs.values.push_back(std::move(rule));
    }
    r.measure.sample_every = j.at("sample_every").get<int64_t>();
    r.measure.overhead_budget = j.at("overhead_budget").get<double>();
    return job;
  } catch (const nlohmann::json::exception& e) {
    throw Error(ErrorCategory::kRun, std::string("variant job is not readable: ") + e.what());
  }
}

}  // namespace ortkit::memory
