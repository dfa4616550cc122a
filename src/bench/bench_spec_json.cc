// BenchSpec <-> JSON: the parent writes it for every child process, results embed it.
#include "bench/bench_json.h"

#include "bench/bench_spec.h"

namespace ortkit::bench {

Json SpecToJson(const BenchSpec& spec) {
  Json j;
  j["model_path"] = spec.model_path;
  j["config"] = Json::parse(spec.config.ToJson());
  j["input_files"] = Json::array();
  for (const auto& [name, path] : spec.input_files) j["input_files"].push_back({{"name", name}, {"path", path}});
  j["seed"] = spec.seed;
  j["values"] = Json::array();
  for (const auto& rule : spec.values) {
    j["values"].push_back({{"input", rule.input}, {"value", rule.ValueText()}, {"guess", rule.guess}});
  }
  j["shapes"] = Json::array();
  for (std::size_t i = 0; i < spec.shapes.shapes.size(); ++i) {
    Json dims = Json::object();
    for (const auto& [symbol, size] : spec.shapes.shapes[i]) dims[symbol] = size;
    Json shape = {{"dims", dims}, {"weight", spec.shapes.weights[i]}};
    if (i < spec.shape_files.size()) {
      shape["files"] = Json::array();
      for (const auto& [name, path] : spec.shape_files[i]) shape["files"].push_back({{"name", name}, {"path", path}});
    }
    j["shapes"].push_back(std::move(shape));
  }
  j["warmup"] = spec.warmup;
  j["iterations"] = spec.iterations;
  j["duration_s"] = spec.duration_s;
  j["cold_runs"] = spec.cold_runs;
  j["threads"] = spec.threads;
  j["sessions"] = spec.sessions;
  j["io_binding"] = spec.io_binding;
  j["max_variation"] = spec.max_variation;
  return j;
}

BenchSpec SpecFromJson(const Json& json, const std::string& where) {
  const JsonFields f(json, where);
  BenchSpec spec;
  spec.model_path = f.text("model_path");
  spec.config = SessionConfig::FromJson(f.object("config").dump());
  for (const Json& file : f.array("input_files")) {
    const JsonFields ff(file, f.where("input_files"));
    spec.input_files.emplace_back(ff.text("name"), ff.text("path"));
  }
  spec.seed = f.unsigned_integer("seed");
  for (const Json& value : f.array("values")) {
    const JsonFields vf(value, f.where("values"));
    const std::string flag = vf.text("input") + "=" + vf.text("value");
    if (const std::string why = workload::CheckValueFlag(flag); !why.empty()) vf.Fail("value", "a --value rule", vf.at("value"));
    workload::ValueRule rule = workload::ParseValueFlag(flag);
    rule.guess = vf.text("guess");
    spec.values.push_back(std::move(rule));
  }
  for (const Json& shape : f.array("shapes")) {
    const JsonFields sf(shape, f.where("shapes"));
    DimSizes sizes;
    for (const auto& [symbol, size] : sf.object("dims").items()) {
      if (!size.is_number_integer()) sf.Fail("dims", "integers", size);
      sizes[symbol] = size.get<int64_t>();
    }
    spec.shapes.shapes.push_back(std::move(sizes));
    spec.shapes.weights.push_back(sf.integer("weight"));
    if (sf.has("files")) {
      auto& files = spec.shape_files.emplace_back();
      for (const Json& file : sf.array("files")) {
        const JsonFields ff(file, sf.where("files"));
        files.emplace_back(ff.text("name"), ff.text("path"));
      }
    }
  }
  spec.warmup = static_cast<int>(f.integer("warmup"));
  spec.iterations = f.integer("iterations");
  spec.duration_s = f.number("duration_s");
  spec.cold_runs = static_cast<int>(f.integer("cold_runs"));
  spec.threads = static_cast<int>(f.integer("threads"));
  spec.sessions = static_cast<int>(f.integer("sessions"));
  spec.io_binding = f.flag("io_binding");
  spec.max_variation = f.number("max_variation");
  return spec;
}

std::string BenchSpec::ToJson() const { return SpecToJson(*this).dump(2); }

BenchSpec BenchSpec::FromJson(const std::string& json) {
  return SpecFromJson(ParseJson(json, "bench spec"), "bench spec");
}

}  // namespace ortkit::bench
