// The hand-made doctor documents.
#include "doctor/doctor_documents.h"

#include <sstream>

#include "bench/bench_json.h"
#include "doctor/actions.h"
#include "doctor/doctor_report.h"
#include "doctor/verdicts.h"
#include "graph/demo_model.h"
#include "graph/model_summary.h"
#include "report/compress_render.h"
#include "report/inspect_render.h"

namespace ortkit::testing {
namespace {

using json = nlohmann::json;

json Step(const std::string& name, json result, const std::string& status = "ok") {
  return {{"name", name},
          {"status", status},
          {"seconds", 0.5},
          {"command", {"ortkit", name, "demo.onnx", "--json"}},
          {"command_line", "ortkit " + name + " demo.onnx --json"},
          {"message", ""},
          {"result", std::move(result)}};
}

bench::LatencyStats Stats(double p50, double p99, double mean) {
  bench::LatencyStats s;
  s.count = 100;
  s.min = p50 / 2;
  s.mean = mean;
  s.stddev = 0.01;
  s.p50 = p50;
  s.p90 = s.p95 = s.p99 = s.max = p99;
  return s;
}

bench::PhaseResult Phase(const std::string& name, bench::LatencyStats latency, double throughput_per_s) {
  bench::PhaseResult phase;
  phase.name = name;
  phase.requests = 100;
  phase.wall_s = 100 / throughput_per_s;
  phase.throughput_per_s = throughput_per_s;
  phase.latency = latency;
  return phase;
}

// What `ortkit bench --format json` prints for the demo model, written by bench's own writer.
json BenchResultJson() {
  bench::BenchResult r;
  r.ortkit_version = "0.1.0";
  r.onnxruntime_version = "1.30.0";
  r.providers = {"CPUExecutionProvider"};
  r.cold.runs = 3;
  r.cold.read_file = Stats(0.1, 0.2, 0.1);
  r.cold.session_create = Stats(10, 12, 10);
  r.cold.first_run = Stats(3, 4, 3);
  r.cold.second_run = Stats(0.5, 0.6, 0.5);
  r.cold.new_shape_first_run = {{"batch=4", Stats(5, 6, 5)}};
  r.cold.peak_rss_mib = Stats(40, 42, 40);
  r.phases = {Phase("batch=1", Stats(0.48, 0.9, 0.5), 2000), Phase("batch=4", Stats(1.5, 2.5, 1.6), 600),
              Phase("mix", Stats(1.0, 2.4, 1.1), 900)};
  r.peak_rss_mib = 44.0;
  return json(bench::ResultToJson(r));
}

// What `ortkit inspect --format json` prints for the demo model, written by inspect's own writer.
json InspectResultJson() {
  std::ostringstream out;
  report::RenderInspectJson(graph::SummarizeModelBytes(graph::MakeDemoModel().SerializeAsString(), "demo.onnx"), out);
  return json::parse(out.str());
}

}  // namespace

json Finding(const std::string& id, const std::string& rule, const std::string& severity, const std::string& kind,
             const std::string& location, const std::string& message, const std::string& fix, const std::string& pass,
             const std::string& command) {
  return {{"rule_id", id},        {"rule", rule},    {"severity", severity}, {"location_kind", kind},
          {"location", location}, {"op_type", ""},   {"message", message},   {"why", "because"},
          {"fix", fix},           {"fix_pass", pass}, {"command", command}};
}

json SkippedStep(const std::string& name, const std::string& message) {
  return {{"name", name},       {"status", "skipped"},  {"seconds", 0.0},  {"command", json::array()},
          {"command_line", ""}, {"message", message}, {"result", nullptr}};
}

json VerdictsJson(const json& document) {
  return doctor::VerdictsToJson(doctor::Verdicts(doctor::ParseDoctorReport(document)));
}

json ActionsJson(const json& document) {
  return doctor::ActionsToJson(doctor::Actions(doctor::ParseDoctorReport(document)));
}

json DemoDocument() {
  json check = {
      {"model", "demo.onnx"},
      {"loads_in_ort", true},
      {"summary", {{"errors", 0}, {"warnings", 2}, {"info", 3}}},
      {"findings",
       {Finding("ORTKIT001", "initializer-in-inputs", "warning", "graph", "g",
                "8 initializers are also listed as graph inputs: conv1.weight", "remove them",
                "remove-initializers-from-inputs", "ortkit fix demo.onnx -o fixed.onnx --pass remove-initializers-from-inputs"),
        Finding("ORTKIT006", "float64", "warning", "graph", "g", "4 float64 tensors (temperature)",
                "compute in float32", "float64-to-float32"),
        Finding("ORTKIT007", "post-processing", "info", "node", "/TopK",
                "post-processing inside the graph, within 3 nodes of the outputs: /TopK (TopK)",
                "cut the graph before it (`ortkit extract demo.onnx -o backbone.onnx --outputs probabilities`) so", "",
                "ortkit extract demo.onnx -o backbone.onnx --outputs probabilities"),
        Finding("ORTKIT008", "dynamic-dims", "info", "input", "image",
                "input 'image' float32[batch,3,64,64]: free dimension 'batch'", "fix it", "fix-dims"),
        Finding("ORTKIT009", "provider-coverage", "info", "graph", "g", "placed 11 nodes on CPUExecutionProvider",
                "nothing", "")}}};
  const json bench = BenchResultJson();
  json memcheck = {{"model", "demo.onnx"},
                   {"analysis",
                    {{"verdict", "plateau"},
                     {"summary", "plateau: grew +3.1 MiB during the warm-up, then flat"},
                     {"steps", json::array()}}},
                   {"schedule", {{"iterations", 300}, {"distinct_shapes", 4}}},
                   {"recommendation",
                    {{"variant", ""},
                     {"headline", "Keep the settings"},
                     {"trade_off", ""},
                     {"steady_saving", 0.0},
                     {"peak_saving", 0.0},
                     {"latency_change", 0.0}}},
                   {"series", json::array()}};
  json profile = {{"format", "ortkit.profile/1"},
                  {"steady_runs", 10},
                  {"load_us", 10000},
                  {"first_run_us", 3000},
                  {"steady_run_us", 100.0},
                  {"by_provider",
                   {{{"name", "CPUExecutionProvider"}, {"op_type", ""}, {"provider", "CPUExecutionProvider"},
                     {"count", 11}, {"total_us", 950.0}, {"share", 0.95}}}},
                  {"notes", json::array()},
                  {"ops",
                   {{{"name", "FusedConv"}, {"op_type", "FusedConv"}, {"provider", "CPUExecutionProvider"},
                     {"count", 2}, {"total_us", 920.0}, {"share", 0.92}},
                    {{"name", "TopK"}, {"op_type", "TopK"}, {"provider", "CPUExecutionProvider"},
                     {"count", 1}, {"total_us", 30.0}, {"share", 0.03}}}},
                  {"cpu_fallback_nodes", json::array()},
                  {"memcpy_nodes", json::array()},
                  {"node_memory",
                   {{{"name", "/conv/FusedConv"}, {"op_type", "FusedConv"}, {"output_bytes", 262144},
                     {"temp_bytes", 4096}}}}};
  json fix = {
      {"model", "demo.onnx"},
      {"passes",
       {{{"name", "remove-initializers-from-inputs"}, {"summary", "8 inputs removed"}, {"changed", true},
         {"counts", {{"inputs_removed", 8}}}, {"changes", {"graph input 'conv1.weight' removed"}}},
        {{"name", "float64-to-float32"}, {"summary", "1 cast"}, {"changed", true}, {"counts", {{"casts", 1}}},
         {"changes", {"Cast 'c' now float32"}}},
        {{"name", "remove-unused"}, {"summary", "nothing unused"}, {"changed", false}, {"counts", {{"nodes", 0}}},
         {"changes", json::array()}}}},
      {"verification",
       {{"ran", true},
        {"passed", true},
        {"failure", ""},
        {"reference", "original"},
        {"note", ""},
        {"outputs", {{{"name", "probabilities"}, {"max_abs", 4.47e-8}}, {{"name", "classes"}, {"max_abs", 0.0}}}}}},
      {"latency", {{"runs", 20}, {"before_ms", 0.477}, {"after_ms", 0.292}, {"speedup", 1.63}, {"noise", 0.02}}}};
  json doc = {{"schema_version", 1},
              {"tool", {{"name", "ortkit"}, {"version", "0.1.0"}}},
              {"model", {{"path", "build/demo/demo.onnx"}, {"file_bytes", 60953}}},
              {"environment",
               {{"ortkit", "0.1.0"},
                {"onnxruntime", "1.30.0"},
                {"cpu", "AMD EPYC"},
                {"cores", 2},
                {"usable_cpus", 2},
                {"cpu_limit", ""},
                {"unusable_providers", {{{"name", "cuda"}, {"reason", "libcudart.so.12: cannot open shared object file"}}}},
                {"ep_devices",
                 {{{"ep_name", "CPUExecutionProvider"}, {"device_type", "cpu"}, {"hardware_vendor", "AMD"}}}},
                {"os", "Debian"},
                {"providers", {"cpu"}}}},
              {"request", {{"provider", "cpu"}, {"targets", json::array()}, {"dims", {"batch=1,4"}}, {"budget_s", 60}}},
              {"started_at", "2026-11-21T08:00:00Z"},
              {"elapsed_s", 30.0}};
  doc["steps"] = {Step("check", check),     Step("inspect", InspectResultJson()),
                  Step("bench", bench),     Step("memcheck", memcheck),
                  Step("profile", profile), Step("fix", fix)};
  doc["verdicts"] = json::array();
  doc["actions"] = json::array();
  return doc;
}

json CompressEntry(const CompressFigures& f) {
  using compress::VariantResult;
  compress::CompressReport report;
  report.model_path = "demo.onnx";
  auto row = [](const std::string& name, uint64_t bytes, double ratio, double noise, double rss) {
    VariantResult v;
    v.name = name;
    v.file_bytes = bytes;
    v.one_thread = {1, 6.2 * ratio, 7.0 * ratio, ratio, ratio, noise};
    v.default_threads = {0, 4.1 * ratio, 5.0 * ratio, ratio, ratio, noise};
    v.peak_rss_mib = rss;
    v.cold_start_ms = 80;
    return v;
  };
  VariantResult original = row(compress::kOriginal, 12000000, 1, 0, 400);
  original.passes_gate = true;
  original.pareto = true;
  VariantResult half = row("float16", 6000000, 1.1, 0.03, 380);
  half.gate.emplace();
  half.passes_gate = true;
  half.min_cosine = 0.99999;
  VariantResult int8 = row("quantize-dynamic", 3100000, f.p50_ratio, f.noise, f.peak_rss_mib);
  int8.gate.emplace();
  int8.passes_gate = f.passes;
  int8.min_cosine = f.passes ? 0.99985 : 0.95;
  int8.gate_failure = f.passes ? "" : "logits: cosine 0.95 < 0.99";
  int8.pareto = f.passes;
  VariantResult calibrated;
  calibrated.name = "quantize-static";
  calibrated.skipped = "no --calibration DIR: ranges from random inputs mean nothing";
  report.variants = {original, half, int8, calibrated};
  report.best = f.passes ? "quantize-dynamic" : "float16";
  std::ostringstream out;
  report::RenderCompressJson(report, out);
  json entry = Step("compress", json::parse(out.str()));
  entry["command"] = {"ortkit", "compress", "demo.onnx", "--runs", "20", "--format", "json"};
  entry["command_line"] = "ortkit compress demo.onnx --runs 20 --format json";
  return entry;
}

json WithStep(json document, const std::string& name, const std::string& status, const std::string& message) {
  for (json& step : document["steps"]) {
    if (step["name"] != name) continue;
    step["status"] = status;
    step["message"] = message;
    step["result"] = nullptr;
  }
  return document;
}

json VerdictOf(const json& verdicts, const std::string& area) {
  for (const json& v : verdicts) {
    if (v["area"] == area) return v;
  }
  return nullptr;
}

}  // namespace ortkit::testing
