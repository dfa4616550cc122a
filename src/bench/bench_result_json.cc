// Results as JSON: what the child processes send back, and `ortkit bench --json` (a baseline).
#include <utility>

#include "bench/bench_json.h"

namespace ortkit::bench {
namespace {

constexpr const char* kStatKeys[] = {"min", "mean", "stddev", "p50", "p90", "p95", "p99", "max"};

double* StatField(LatencyStats& s, std::size_t i) {
  double* fields[] = {&s.min, &s.mean, &s.stddev, &s.p50, &s.p90, &s.p95, &s.p99, &s.max};
  return fields[i];
}

Json StringList(const std::vector<std::string>& items) {
  Json list = Json::array();
  for (const auto& item : items) list.push_back(item);
  return list;
}

std::vector<std::string> StringListFrom(const JsonFields& f, const char* key) {
  std::vector<std::string> out;
  for (const Json& item : f.array(key)) {
    if (!item.is_string()) f.Fail(key, "an array of strings", item);
    out.push_back(item.get<std::string>());
  }
  return out;
}

// `{"edges_ms": [...], "counts": [...]}`; reading checks there is one more edge than counts.
Json HistogramToJson(const Histogram& histogram) {
  return {{"edges_ms", histogram.edges_ms}, {"counts", histogram.counts}};
}

Histogram HistogramFromJson(const Json& json, const std::string& where) {
  const JsonFields f(json, where);
  Histogram h;
  for (const Json& edge : f.array("edges_ms")) {
    if (!edge.is_number()) f.Fail("edges_ms", "an array of numbers", edge);
    h.edges_ms.push_back(edge.get<double>());
  }
  for (const Json& count : f.array("counts")) {
    if (!count.is_number_integer() || count.get<int64_t>() < 0) f.Fail("counts", "an array of counts", count);
    h.counts.push_back(count.get<int64_t>());
  }
  const bool consistent = h.counts.empty() ? h.edges_ms.empty() : h.edges_ms.size() == h.counts.size() + 1;
  if (!consistent) {
    throw Error(ErrorCategory::kConfig, where + ": 'edges_ms' must have one more entry than 'counts' (" +
                                            std::to_string(h.edges_ms.size()) + " edges, " +
                                            std::to_string(h.counts.size()) + " counts)");
  }
  return h;
}

}  // namespace

Json StatsToJson(const LatencyStats& stats, const std::string& suffix) {
  Json j;
  j["count"] = stats.count;
  LatencyStats copy = stats;
  for (std::size_t i = 0; i < std::size(kStatKeys); ++i) j[kStatKeys[i] + suffix] = *StatField(copy, i);
  return j;
}

LatencyStats StatsFromJson(const Json& json, const std::string& suffix, const std::string& where) {
  const JsonFields f(json, where);
  LatencyStats s;
  s.count = f.integer("count");
  for (std::size_t i = 0; i < std::size(kStatKeys); ++i) *StatField(s, i) = f.number((kStatKeys[i] + suffix).c_str());
  return s;
}

Json ColdSampleToJson(const ColdSample& sample) {
  Json j;
  j["read_file_ms"] = sample.read_file_ms;
  j["session_create_ms"] = sample.session_create_ms;
  j["first_run_ms"] = sample.first_run_ms;
  j["second_run_ms"] = sample.second_run_ms;
  j["new_shape_first_run_ms"] = Json::array();
  for (const auto& [shape, ms] : sample.new_shape_first_run_ms) {
    j["new_shape_first_run_ms"].push_back({{"shape", shape}, {"ms", ms}});
  }
  j["providers"] = StringList(sample.providers);
  j["peak_rss_mib"] = sample.peak_rss_mib;
  return j;
}

ColdSample ColdSampleFromJson(const Json& json, const std::string& where) {
  const JsonFields f(json, where);
  ColdSample s;
  s.read_file_ms = f.number("read_file_ms");
  s.session_create_ms = f.number("session_create_ms");
  s.first_run_ms = f.number("first_run_ms");
  s.second_run_ms = f.number("second_run_ms");
  for (const Json& item : f.array("new_shape_first_run_ms")) {
    const JsonFields nf(item, f.where("new_shape_first_run_ms"));
    s.new_shape_first_run_ms.emplace_back(nf.text("shape"), nf.number("ms"));
  }
  s.providers = StringListFrom(f, "providers");
  s.peak_rss_mib = f.number("peak_rss_mib");
  return s;
}

Json PhaseToJson(const PhaseResult& phase) {
  Json j;
  j["name"] = phase.name;
  j["inputs"] = Json::object();
  for (const auto& [name, shape] : phase.inputs) j["inputs"][name] = shape;
  j["requests"] = phase.requests;
  j["wall_s"] = phase.wall_s;
  j["throughput_per_s"] = phase.throughput_per_s;
  j["latency"] = StatsToJson(phase.latency, "_ms");
  j["histogram"] = HistogramToJson(phase.histogram);
  return j;
}

PhaseResult PhaseFromJson(const Json& json, const std::string& where) {
  const JsonFields f(json, where);
  PhaseResult p;
  p.name = f.text("name");
  for (const auto& [name, shape] : f.object("inputs").items()) {
    if (!shape.is_array()) f.Fail("inputs", "shapes (arrays of integers)", shape);
    for (const Json& d : shape) {
      if (!d.is_number_integer()) f.Fail("inputs", "shapes (arrays of integers)", d);
      p.inputs[name].push_back(d.get<int64_t>());
    }
  }
  p.requests = f.integer("requests");
  p.wall_s = f.number("wall_s");
  p.throughput_per_s = f.number("throughput_per_s");
  p.latency = StatsFromJson(f.at("latency"), "_ms", f.where("latency"));
  // Optional: baselines written before histograms existed still read.
  if (f.has("histogram")) p.histogram = HistogramFromJson(f.at("histogram"), f.where("histogram"));
  return p;
}

Json ResultToJson(const BenchResult& r) {
  Json j;
  j["format"] = kResultFormat;
  j["ortkit_version"] = r.ortkit_version;
  j["onnxruntime_version"] = r.onnxruntime_version;
  j["model"] = r.spec.model_path;
  j["providers"] = StringList(r.providers);
  Json cold;
  cold["runs"] = r.cold.runs;
  cold["read_file"] = StatsToJson(r.cold.read_file, "_ms");
  cold["session_create"] = StatsToJson(r.cold.session_create, "_ms");
  cold["first_run"] = StatsToJson(r.cold.first_run, "_ms");
  cold["second_run"] = StatsToJson(r.cold.second_run, "_ms");
  cold["new_shape_first_run"] = Json::array();
  for (const auto& [shape, stats] : r.cold.new_shape_first_run) {
    Json item = {{"shape", shape}};
    item.update(StatsToJson(stats, "_ms"));
    cold["new_shape_first_run"].push_back(std::move(item));
  }
  cold["peak_rss"] = StatsToJson(r.cold.peak_rss_mib, "_mib");
  j["cold_start"] = std::move(cold);
  j["steady_state"] = Json::array();
  for (const auto& phase : r.phases) j["steady_state"].push_back(PhaseToJson(phase));
  j["peak_rss_mib"] = r.peak_rss_mib;
  j["warnings"] = StringList(r.warnings);
  j["notes"] = StringList(r.notes);
  j["spec"] = SpecToJson(r.spec);
  return j;
}

BenchResult ResultFromJson(const Json& json, const std::string& where) {
  const JsonFields f(json, where);
  if (!f.has("format") || f.at("format") != kResultFormat) {
    throw Error(ErrorCategory::kConfig, where + ": not an `ortkit bench --json` result (expected \"format\": \"" +
                                            std::string(kResultFormat) + "\")");
  }
  BenchResult r;
  r.ortkit_version = f.text("ortkit_version");
  r.onnxruntime_version = f.text("onnxruntime_version");
  r.providers = StringListFrom(f, "providers");
  const JsonFields c(f.object("cold_start"), f.where("cold_start"));
  r.cold.runs = static_cast<int>(c.integer("runs"));
  r.cold.read_file = StatsFromJson(c.at("read_file"), "_ms", c.where("read_file"));
  r.cold.session_create = StatsFromJson(c.at("session_create"), "_ms", c.where("session_create"));
  r.cold.first_run = StatsFromJson(c.at("first_run"), "_ms", c.where("first_run"));
  r.cold.second_run = StatsFromJson(c.at("second_run"), "_ms", c.where("second_run"));
  for (const Json& item : c.array("new_shape_first_run")) {
    const JsonFields nf(item, c.where("new_shape_first_run"));
    r.cold.new_shape_first_run.emplace_back(nf.text("shape"), StatsFromJson(item, "_ms", c.where("new_shape_first_run")));
  }
  r.cold.peak_rss_mib = StatsFromJson(c.at("peak_rss"), "_mib", c.where("peak_rss"));
  for (const Json& phase : f.array("steady_state")) r.phases.push_back(PhaseFromJson(phase, f.where("steady_state")));
  if (r.phases.empty()) throw Error(ErrorCategory::kConfig, where + ": 'steady_state' has no phases");
  r.peak_rss_mib = f.number("peak_rss_mib");
  r.warnings = StringListFrom(f, "warnings");
  r.notes = StringListFrom(f, "notes");
  r.spec = SpecFromJson(f.at("spec"), f.where("spec"));
  return r;
}

}  // namespace ortkit::bench
