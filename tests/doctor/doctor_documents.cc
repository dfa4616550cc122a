// The hand-made doctor documents.
#include "doctor/doctor_documents.h"

namespace ortkit::testing {
namespace {

using json = nlohmann::json;

json Finding(const std::string& id, const std::string& rule, const std::string& severity, const std::string& kind,
             const std::string& location, const std::string& message, const std::string& fix, const std::string& pass) {
  return {{"rule_id", id},        {"rule", rule},    {"severity", severity}, {"location_kind", kind},
          {"location", location}, {"op_type", ""},   {"message", message},   {"why", "because"},
          {"fix", fix},           {"fix_pass", pass}};
}

json Step(const std::string& name, json result, const std::string& status = "ok") {
  return {{"name", name},
          {"status", status},
          {"seconds", 0.5},
          {"command", {"ortkit", name, "demo.onnx", "--json"}},
          {"command_line", "ortkit " + name + " demo.onnx --json"},
          {"message", ""},
          {"result", std::move(result)}};
}

json Stats(double p50, double p99, double mean) {
  return {{"count", 100},  {"min_ms", p50 / 2}, {"mean_ms", mean}, {"stddev_ms", 0.01}, {"p50_ms", p50},
          {"p90_ms", p99}, {"p95_ms", p99},     {"p99_ms", p99},   {"max_ms", p99}};
}

}  // namespace

json DemoDocument() {
  json check = {
      {"model", "demo.onnx"},
      {"loads_in_ort", true},
      {"summary", {{"errors", 0}, {"warnings", 2}, {"info", 3}}},
      {"findings",
       {Finding("ORTKIT001", "initializer-in-inputs", "warning", "graph", "g",
                "8 initializers are also listed as graph inputs: conv1.weight", "remove them",
                "remove-initializers-from-inputs"),
        Finding("ORTKIT006", "float64", "warning", "graph", "g", "4 float64 tensors (temperature)",
                "compute in float32", "float64-to-float32"),
        Finding("ORTKIT007", "post-processing", "info", "node", "/TopK",
                "post-processing inside the graph, within 3 nodes of the outputs: /TopK (TopK)",
                "cut the graph before it (`ortkit extract demo.onnx -o backbone.onnx --outputs probabilities`) so", ""),
        Finding("ORTKIT008", "dynamic-dims", "info", "input", "image",
                "input 'image' float32[batch,3,64,64]: free dimension 'batch'", "fix it", "fix-dims"),
        Finding("ORTKIT009", "provider-coverage", "info", "graph", "g", "placed 11 nodes on CPUExecutionProvider",
                "nothing", "")}}};
  json bench = {{"format", "ortkit.bench/1"},
                {"providers", {"CPUExecutionProvider"}},
                {"cold_start",
                 {{"runs", 3},
                  {"session_create", Stats(10, 12, 10)},
                  {"first_run", Stats(3, 4, 3)},
                  {"new_shape_first_run", {{{"shape", "batch=4"}, {"p50_ms", 5.0}}}}}},
                {"steady_state",
                 {{{"name", "batch=1"}, {"latency", Stats(0.48, 0.9, 0.5)}, {"throughput_per_s", 2000}},
                  {{"name", "batch=4"}, {"latency", Stats(1.5, 2.5, 1.6)}, {"throughput_per_s", 600}},
                  {{"name", "mix"}, {"latency", Stats(1.0, 2.4, 1.1)}, {"throughput_per_s", 900}}}},
                {"peak_rss_mib", 44.0},
                {"warnings", json::array()}};
  json memcheck = {{"analysis",
                    {{"verdict", "plateau"},
                     {"summary", "plateau: grew +3.1 MiB during the warm-up, then flat"},
                     {"steps", json::array()}}},
                   {"schedule", {{"iterations", 300}, {"distinct_shapes", 4}}},
                   {"recommendation", {{"variant", ""}, {"headline", "Keep the settings"}}},
                   {"series", json::array()}};
  json profile = {{"format", "ortkit.profile/1"},
                  {"ops", {{{"name", "FusedConv"}, {"share", 0.92}}, {{"name", "TopK"}, {"share", 0.03}}}},
                  {"cpu_fallback_nodes", json::array()},
                  {"memcpy_nodes", json::array()}};
  json fix = {
      {"passes",
       {{{"name", "remove-initializers-from-inputs"}, {"changed", true}, {"counts", {{"inputs_removed", 8}}}},
        {{"name", "float64-to-float32"}, {"changed", true}, {"counts", {{"casts", 1}}}},
        {{"name", "remove-unused"}, {"changed", false}, {"counts", {{"nodes", 0}}}}}},
      {"verification",
       {{"ran", true},
        {"passed", true},
        {"outputs", {{{"name", "probabilities"}, {"max_abs", 4.47e-8}}, {{"name", "classes"}, {"max_abs", 0.0}}}}}},
      {"latency", {{"runs", 20}, {"before_ms", 0.477}, {"after_ms", 0.292}, {"speedup", 1.63}}}};
  json doc = {{"schema_version", 1},
              {"tool", {{"name", "ortkit"}, {"version", "0.1.0"}}},
              {"model", {{"path", "build/demo/demo.onnx"}, {"file_bytes", 60953}}},
              {"environment",
               {{"ortkit", "0.1.0"},
                {"onnxruntime", "1.30.0"},
                {"cpu", "AMD EPYC"},
                {"cores", 2},
                {"os", "Debian"},
                {"providers", {"cpu"}}}},
              {"request", {{"provider", "cpu"}, {"targets", json::array()}, {"dims", {"batch=1,4"}}, {"budget_s", 60}}},
              {"started_at", "2026-11-21T08:00:00Z"},
              {"elapsed_s", 30.0}};
  doc["steps"] = {Step("check", check),     Step("inspect", json{{"totals", {{"nodes", 14}}}}),
                  Step("bench", bench),     Step("memcheck", memcheck),
                  Step("profile", profile), Step("fix", fix)};
  doc["verdicts"] = json::array();
  doc["actions"] = json::array();
  return doc;
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
