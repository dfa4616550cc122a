// Fuzz target: `ortkit check` without ONNX Runtime. The full read (ReadModel: size checks,
// protobuf parse, external-data checks), ONNX shape inference, the graph index and every static
// rule, with every deployment target's coverage table, then the text, JSON and SARIF renderers.
// The engine turns a throwing rule into a "rule failed" warning so that users still get the
// other findings; here that warning is a bug, and aborts.
#include <sstream>

#include "fuzz/fuzz_target.h"
#include "fuzz/temp_file.h"
#include "graph/check_engine.h"
#include "ortkit/error.h"
#include "report/check_render.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  const std::string path = ortkit::fuzz::WriteScratchFile("model.onnx", ortkit::fuzz::Bytes(data, size));
  ortkit::graph::CheckOptions options;
  options.use_ort = false;  // no session: slow, and ORT's own crashes are not ortkit's to find
  options.targets = {"nnapi", "coreml", "xnnpack", "cuda", "webgpu"};
  ortkit::CheckReport report;
  try {
    report = ortkit::graph::RunChecks(path, options);
  } catch (const ortkit::Error&) {
    return 0;
  }
  for (const ortkit::Finding& finding : report.findings) {
    if (finding.message.find("failed on this model") != std::string::npos) {
      ortkit::fuzz::Violation(finding.message);
    }
  }
  std::vector<ortkit::graph::RuleInfo> rules;
  for (const auto& rule : ortkit::graph::AllRules()) rules.push_back(rule->info());
  std::ostringstream out;
  ortkit::report::RenderCheckText(report, out);
  ortkit::report::RenderCheckJson(report, out);
  ortkit::report::RenderCheckSarif(report, rules, out);
  return 0;
}
