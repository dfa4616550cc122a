// Strict readers of the steps' JSON (see step_results.h): one line per field doctor uses.
#include "doctor/step_results.h"

#include "bench/bench_json.h"

namespace ortkit::doctor {

using core::JsonFields;

void ReadJson(const Json& json, const std::string& where, CheckFinding& out) {
  const JsonFields f(json, where);
  f.Get("rule_id", out.rule_id);
  f.Get("rule", out.rule);
  f.Get("severity", out.severity);
  f.Get("location_kind", out.location_kind);
  f.Get("location", out.location);
  f.Get("op_type", out.op_type);
  f.Get("message", out.message);
  f.Get("why", out.why);
  f.Get("fix", out.fix);
  f.Get("fix_pass", out.fix_pass);
  f.Get("command", out.command);
}

void ReadJson(const Json& json, const std::string& where, CheckSummary& out) {
  const JsonFields f(json, where);
  f.Get("errors", out.errors);
  f.Get("warnings", out.warnings);
  f.Get("info", out.info);
}

void ReadJson(const Json& json, const std::string& where, CheckResult& out) {
  const JsonFields f(json, where);
  f.Get("model", out.model);
  f.Get("loads_in_ort", out.loads_in_ort);
  f.Get("summary", out.summary);
  f.Get("findings", out.findings);
}

void ReadJson(const Json& json, const std::string& where, InspectTotals& out) {
  const JsonFields f(json, where);
  f.Get("nodes", out.nodes);
  f.Get("parameters", out.parameters);
}

void ReadJson(const Json& json, const std::string& where, InspectOpset& out) {
  const JsonFields f(json, where);
  f.Get("domain", out.domain);
  f.Get("version", out.version);
}

void ReadJson(const Json& json, const std::string& where, InspectDim& out) {
  out = {};
  if (json.is_number_integer()) {
    out.size = json.get<int64_t>();
  } else if (json.is_string()) {
    out.symbol = json.get<std::string>();
  } else if (!json.is_null()) {
    core::FailJsonType(json, where, "an integer, a string or null");
  }
}

void ReadJson(const Json& json, const std::string& where, InspectValue& out) {
  const JsonFields f(json, where);
  f.Get("name", out.name);
  f.Get("type", out.type);
  f.Get("shape", out.shape);
}

void ReadJson(const Json& json, const std::string& where, InspectOp& out) {
  const JsonFields f(json, where);
  f.Get("domain", out.domain);
  f.Get("op_type", out.op_type);
  f.Get("count", out.count);
}

void ReadJson(const Json& json, const std::string& where, InspectWeights& out) {
  const JsonFields f(json, where);
  f.Get("parameters", out.parameters);
  f.Get("bytes", out.bytes);
}

void ReadJson(const Json& json, const std::string& where, InspectGraph& out) {
  const JsonFields f(json, where);
  f.Get("name", out.name);
  f.Get("inputs", out.inputs);
  f.Get("outputs", out.outputs);
  f.Get("node_count", out.node_count);
  f.Get("ops", out.ops);
  f.Get("initializers", out.initializers);
  f.Get("initializers_as_inputs", out.initializers_as_inputs);
}

void ReadJson(const Json& json, const std::string& where, InspectResult& out) {
  const JsonFields f(json, where);
  f.Get("model", out.model);
  f.Get("file_size", out.file_size);
  f.Get("ir_version", out.ir_version);
  f.Get("opset_imports", out.opset_imports);
  f.Get("producer_name", out.producer_name);
  f.Get("producer_version", out.producer_version);
  f.Get("doc_string", out.doc_string);
  f.Get("graph", out.graph);
  f.Get("totals", out.totals);
}

void ReadJson(const Json& json, const std::string& where, MemcheckStep& out) {
  const JsonFields f(json, where);
  f.Get("iteration", out.iteration);
  f.Get("sampled_after", out.sampled_after);
  f.Get("bytes", out.bytes);
  f.Get("shape", out.shape);
  f.Get("cause", out.cause);
}

void ReadJson(const Json& json, const std::string& where, MemcheckAnalysis& out) {
  const JsonFields f(json, where);
  f.Get("verdict", out.verdict);
  f.Get("summary", out.summary);
  f.Get("steps", out.steps);
}

void ReadJson(const Json& json, const std::string& where, MemcheckSchedule& out) {
  const JsonFields f(json, where);
  f.Get("iterations", out.iterations);
  f.Get("distinct_shapes", out.distinct_shapes);
}

void ReadJson(const Json& json, const std::string& where, MemcheckRecommendation& out) {
  const JsonFields f(json, where);
  f.Get("variant", out.variant);
  f.Get("headline", out.headline);
  f.Get("trade_off", out.trade_off);
  f.Get("steady_saving", out.steady_saving);
  f.Get("peak_saving", out.peak_saving);
  f.Get("latency_change", out.latency_change);
}

void ReadJson(const Json& json, const std::string& where, MemcheckSample& out) {
  const JsonFields f(json, where);
  f.Get("iteration", out.iteration);
  f.Get("rss", out.rss);
  f.Get("anon", out.anon);
  f.Get("heap", out.heap);
  f.Get("arena_in_use", out.arena_in_use);
  f.Get("arena_total_allocated", out.arena_total_allocated);
}

void ReadJson(const Json& json, const std::string& where, MemcheckVariant& out) {
  const JsonFields f(json, where);
  f.Get("name", out.name);
  f.Get("verdict", out.verdict);
  f.Get("change", out.change);
  f.Get("steady_anon", out.steady_anon);
  f.Get("peak_rss", out.peak_rss);
  f.Get("p50_ms", out.p50_ms);
}

void ReadJson(const Json& json, const std::string& where, MemcheckResult& out) {
  const JsonFields f(json, where);
  f.Get("model", out.model);
  f.Get("analysis", out.analysis);
  f.Get("schedule", out.schedule);
  f.Get("series", out.series);
  f.Get("variants", out.variants);
  f.Get("recommendation", out.recommendation);
}

void ReadJson(const Json& json, const std::string& where, ProfileRow& out) {
  const JsonFields f(json, where);
  f.Get("name", out.name);
  f.Get("op_type", out.op_type);
  f.Get("provider", out.provider);
  f.Get("count", out.count);
  f.Get("total_us", out.total_us);
  f.Get("share", out.share);
}

void ReadJson(const Json& json, const std::string& where, ProfileNodeMemory& out) {
  const JsonFields f(json, where);
  f.Get("name", out.name);
  f.Get("op_type", out.op_type);
  f.Get("output_bytes", out.output_bytes);
  f.Get("temp_bytes", out.temp_bytes);
}

void ReadJson(const Json& json, const std::string& where, ProfileRooflinePoint& out) {
  const JsonFields f(json, where);
  f.Get("intensity", out.intensity);
  f.Get("gflops", out.gflops);
  f.Get("time_share", out.time_share);
  f.Get("of_roof", out.of_roof);
  f.Get("bound", out.bound);
}

void ReadJson(const Json& json, const std::string& where, ProfileRooflineRow& out) {
  const JsonFields f(json, where);
  if (f.has("name")) f.Get("name", out.name);
  f.Get("op_type", out.op_type);
  f.Get("point", out.point);
}

void ReadJson(const Json& json, const std::string& where, ProfileCeilings& out) {
  const JsonFields f(json, where);
  f.Get("gemm_gflops", out.gemm_gflops);
  f.Get("bandwidth_gbs", out.bandwidth_gbs);
  f.Get("threads", out.threads);
}

void ReadJson(const Json& json, const std::string& where, ProfileRoofline& out) {
  const JsonFields f(json, where);
  f.Get("ceilings", out.ceilings);
  f.Get("ops", out.ops);
  f.Get("nodes", out.nodes);
}

void ReadJson(const Json& json, const std::string& where, ProfileResult& out) {
  const JsonFields f(json, where);
  f.Get("format", out.format);
  if (out.format != "ortkit.profile/1") {
    throw Error(ErrorCategory::kConfig, f.where("format") + ": expected \"ortkit.profile/1\", found \"" + out.format + "\"");
  }
  f.Get("steady_runs", out.steady_runs);
  f.Get("load_us", out.load_us);
  f.Get("first_run_us", out.first_run_us);
  f.Get("steady_run_us", out.steady_run_us);
  f.Get("ops", out.ops);
  f.Get("by_provider", out.by_provider);
  f.Get("cpu_fallback_nodes", out.cpu_fallback_nodes);
  f.Get("memcpy_nodes", out.memcpy_nodes);
  f.Get("node_memory", out.node_memory);
  f.Get("notes", out.notes);
  f.Get("roofline", out.roofline);
}

void ReadJson(const Json& json, const std::string& where, FixPass& out) {
  const JsonFields f(json, where);
  f.Get("name", out.name);
  f.Get("summary", out.summary);
  f.Get("changed", out.changed);
  f.Get("counts", out.counts);
  f.Get("changes", out.changes);
}

void ReadJson(const Json& json, const std::string& where, FixOutputCheck& out) {
  const JsonFields f(json, where);
  f.Get("name", out.name);
  f.Get("max_abs", out.max_abs);
}

void ReadJson(const Json& json, const std::string& where, FixVerification& out) {
  const JsonFields f(json, where);
  f.Get("ran", out.ran);
  f.Get("passed", out.passed);
  f.Get("failure", out.failure);
  f.Get("reference", out.reference);
  f.Get("note", out.note);
  f.Get("outputs", out.outputs);
}

void ReadJson(const Json& json, const std::string& where, FixLatency& out) {
  const JsonFields f(json, where);
  f.Get("before_ms", out.before_ms);
  f.Get("after_ms", out.after_ms);
  f.Get("speedup", out.speedup);
  f.Get("noise", out.noise);
}

void ReadJson(const Json& json, const std::string& where, FixResult& out) {
  const JsonFields f(json, where);
  f.Get("model", out.model);
  f.Get("passes", out.passes);
  f.Get("verification", out.verification);
  f.Get("latency", out.latency);
}

void ReadJson(const Json& json, const std::string& where, RunResult& out) {
  const JsonFields f(json, where);
  f.Get("model", out.model);
  f.Get("sizes", out.sizes);
  f.Get("probed", out.probed);
  f.Get("notes", out.notes);
}

void ReadJson(const Json& json, const std::string& where, CompressLatency& out) {
  const JsonFields f(json, where);
  f.Get("intra_op_threads", out.intra_op_threads);
  f.Get("p50_ms", out.p50_ms);
  f.Get("p99_ms", out.p99_ms);
  f.Get("p50_ratio", out.p50_ratio);
  f.Get("p50_ratio_noise", out.p50_ratio_noise);
}

void ReadJson(const Json& json, const std::string& where, CompressVariant& out) {
  const JsonFields f(json, where);
  f.Get("name", out.name);
  f.Get("measured", out.measured);
  f.Get("skipped", out.skipped);
  if (!out.measured) return;  // compress writes only why
  f.Get("file_bytes", out.file_bytes);
  f.Get("size_ratio", out.size_ratio);
  f.Get("latency", out.latency);
  f.Get("peak_rss_mib", out.peak_rss_mib);
  f.Get("cold_start_ms", out.cold_start_ms);
  f.Get("passes_gate", out.passes_gate);
  f.Get("gate_failure", out.gate_failure);
  f.Get("min_cosine", out.min_cosine);
  f.Get("worst_top1_disagreement", out.worst_top1_disagreement);
  f.Get("pareto", out.pareto);
}

void ReadJson(const Json& json, const std::string& where, CompressResult& out) {
  const JsonFields f(json, where);
  f.Get("model", out.model);
  f.Get("objective", out.objective);
  f.Get("variants", out.variants);
  f.Get("best", out.best);
  f.Get("notes", out.notes);
  if (out.variants.empty()) throw Error(ErrorCategory::kConfig, f.where("variants") + ": no variants");
}

const CompressLatency* CompressVariant::At(int64_t threads) const {
  for (const auto& l : latency) {
    if (l.intra_op_threads == threads) return &l;
  }
  return nullptr;
}

const CompressVariant* CompressResult::Find(const std::string& name) const {
  for (const auto& v : variants) {
    if (v.name == name) return &v;
  }
  return nullptr;
}

void ReadJson(const Json& json, const std::string& where, VersionProvider& out) {
  const JsonFields f(json, where);
  f.Get("name", out.name);
  f.Get("usable", out.usable);
  f.Get("reason", out.reason);
}

void ReadJson(const Json& json, const std::string& where, VersionDevice& out) {
  const JsonFields f(json, where);
  f.Get("ep_name", out.ep_name);
  f.Get("device_type", out.device_type);
  f.Get("hardware_vendor", out.hardware_vendor);
}

void ReadJson(const Json& json, const std::string& where, VersionCpus& out) {
  const JsonFields f(json, where);
  f.Get("online", out.online);
  f.Get("usable", out.usable);
  f.Get("limited_by", out.limited_by);
}

void ReadJson(const Json& json, const std::string& where, VersionResult& out) {
  const JsonFields f(json, where);
  f.Get("ortkit", out.ortkit);
  f.Get("onnxruntime", out.onnxruntime);
  f.Get("cpus", out.cpus);
  f.Get("providers", out.providers);
  f.Get("ep_devices", out.ep_devices);
}

bench::BenchResult BenchResultFromJson(const Json& json, const std::string& where) {
  const JsonFields f(json, where);
  std::string format;
  f.Get("format", format);
  if (format != bench::kResultFormat) {
    throw Error(ErrorCategory::kConfig, f.where("format") + ": expected \"" + bench::kResultFormat + "\", found \"" +
                                            format + "\"");
  }
  bench::BenchResult r;
  const JsonFields cold(f.object("cold_start"), f.where("cold_start"));
  r.cold.runs = static_cast<int>(cold.integer("runs"));
  for (const auto& [key, stats] : {std::make_pair("read_file", &r.cold.read_file),
                                   std::make_pair("session_create", &r.cold.session_create),
                                   std::make_pair("first_run", &r.cold.first_run),
                                   std::make_pair("second_run", &r.cold.second_run)}) {
    *stats = bench::StatsFromJson(cold.at(key), "_ms", cold.where(key));
  }
  const Json& shapes = cold.array("new_shape_first_run");
  for (std::size_t i = 0; i < shapes.size(); ++i) {
    const std::string at = cold.where("new_shape_first_run") + "[" + std::to_string(i) + "]";
    std::string shape;
    JsonFields(shapes[i], at).Get("shape", shape);
    r.cold.new_shape_first_run.emplace_back(shape, bench::StatsFromJson(shapes[i], "_ms", at));
  }
  const Json& phases = f.array("steady_state");
  for (std::size_t i = 0; i < phases.size(); ++i) {
    r.phases.push_back(bench::PhaseFromJson(phases[i], f.where("steady_state") + "[" + std::to_string(i) + "]"));
  }
  if (r.phases.empty()) throw Error(ErrorCategory::kConfig, f.where("steady_state") + ": no phases");
  f.Get("peak_rss_mib", r.peak_rss_mib);
  f.Get("warnings", r.warnings);
  return r;
}

}  // namespace ortkit::doctor
