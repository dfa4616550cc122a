// RunChecks: read, infer, index, run the rules, sort.
#include "graph/check_engine.h"

#include <algorithm>
#include <climits>
#include <sstream>

#include <onnx/shape_inference/implementation.h>

#include "graph/checks/check_util.h"
#include "graph/checks/ort_load.h"
#include "graph/guarded_schemas.h"
#include "graph/inference_guard.h"
#include "graph/checks/rules.h"
#include "graph/graph_index.h"
#include "graph/mapped_file.h"
#include "graph/model_file.h"
#include "graph/payload_strip.h"
#include "ortkit/error.h"

namespace ortkit::graph {
namespace {

// ONNX joins node errors as "Shape inference error(s): <e1>\n<e2>\n"; a subgraph's error carries a
// "==> Context: ..." line of its own. One entry per error, context kept with its error.
std::vector<std::string> SplitInferenceErrors(const std::string& what) {
  std::string text = what;
  for (const char* prefix : {"[ShapeInferenceError] Shape inference error(s): ", "Shape inference error(s): "}) {
    if (text.rfind(prefix, 0) == 0) text = text.substr(std::char_traits<char>::length(prefix));
  }
  std::vector<std::string> errors;
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) {
    const auto first = line.find_first_not_of(" \t\r");
    if (first == std::string::npos) continue;
    line = line.substr(first, line.find_last_not_of(" \t\r") - first + 1);
    if (line.rfind("==> Context:", 0) == 0 && !errors.empty()) {
      errors.back() += " " + line;
    } else {
      errors.push_back(line);
    }
  }
  if (errors.empty()) errors.push_back(what);
  return errors;
}

// A rule that throws has a bug; its findings are lost, the others' are not.
Finding RuleFailure(const RuleInfo& info, const std::string& what) {
  Finding f;
  f.rule_id = info.id;
  f.rule = info.name;
  f.severity = Severity::kWarning;
  f.location_kind = "model";
  f.message = "ortkit's rule " + info.id + " failed on this model: " + what;
  f.why = "this rule's findings are missing from the report";
  f.fix = "report it to ortkit's maintainers with the model (or a model that reproduces it)";
  return f;
}

// A crash in a probe's child process, as an error under the load rule.
Finding CrashFinding(std::string message, std::string why, std::string fix) {
  Finding f;
  f.rule_id = kOrtLoadId;
  f.rule = "ort-load";
  f.severity = Severity::kError;
  f.location_kind = "model";
  f.message = std::move(message);
  f.why = std::move(why);
  f.fix = std::move(fix);
  return f;
}

// Lets options.ort_crash_probe load the model where a crash can't hurt; when ORT crashed, the
// finding that says so (under the load rule).
std::optional<Finding> ProbeOrtCrash(const std::string& path, const CheckOptions& options) {
  const std::string provider = options.providers.empty() ? "cpu" : options.providers.front();
  const std::optional<std::string> crash = options.ort_crash_probe(path, provider);
  if (!crash) return std::nullopt;
  return CrashFinding("ONNX Runtime crashed while loading the model (" + *crash + ")",
                      "an application loading this model with ONNX Runtime (" + provider +
                          ") dies with it; the rules that need ONNX Runtime were skipped",
                      "find the node ORT trips on (`ortkit reduce MODEL --check 'ortkit check {model}'` narrows it "
                      "down), then re-export the model without it or try another ONNX Runtime version");
}

// When options.inference_crash_probe saw ONNX shape inference crash on the model: the finding.
std::optional<Finding> ProbeInferenceCrash(const std::string& path, const CheckOptions& options) {
  const std::optional<std::string> crash = options.inference_crash_probe(path);
  if (!crash) return std::nullopt;
  return CrashFinding(
      "ONNX shape inference crashed on the model (" + *crash + ")",
      "the model breaks an operator's schema in a way ONNX's inference code does not check; tools that run "
      "inference on it (exporters' checkers, optimisers, ONNX Runtime while loading) may crash too. The other "
      "rules saw the declared types only, and the rules that need ONNX Runtime were skipped",
      "find the node (`ortkit reduce MODEL --check 'ortkit check {model}'` narrows it down) and re-export the "
      "model with valid attributes and input ranks for it");
}

// Tensors up to this size keep their values in the model the rules read: ONNX inference reads
// small constants (Reshape's shape, Slice's starts, Constant values), as inspect's and the view's
// readers keep them (SummaryOptions::keep_payload_bytes).
constexpr uint64_t kKeepPayloadBytes = 1024;

// What ONNX 1.12 says when an inference function wants the values of a tensor stored outside the
// model (ParseData, onnx/defs/tensor_proto_util.cc): a stripped tensor reads as one.
constexpr const char* kExternalValuesError = "Cannot parse data from external tensors";

// Whether ReadModel has external references to check in `graph` (its traversal: initializers and
// tensor attributes of the graph and its subgraphs). A stripped tensor is one only when the file
// declared its data external (its facts say so).
bool HasExternalReferences(const onnx::GraphProto& graph) {
  const auto external = [](const onnx::TensorProto& t) {
    return t.data_location() == onnx::TensorProto::EXTERNAL && (!IsStripped(t) || !PayloadFactsOf(t));
  };
  if (std::any_of(graph.initializer().begin(), graph.initializer().end(), external)) return true;
  for (const onnx::NodeProto& node : graph.node()) {
    for (const onnx::AttributeProto& attr : node.attribute()) {
      if ((attr.has_t() && external(attr.t())) || std::any_of(attr.tensors().begin(), attr.tensors().end(), external)) {
        return true;
      }
      if (attr.has_g() && HasExternalReferences(attr.g())) return true;
      for (const onnx::GraphProto& g : attr.graphs()) {
        if (HasExternalReferences(g)) return true;
      }
    }
  }
  return false;
}

bool ReadStrippedValues(const std::vector<std::string>& inference_errors) {
  return std::any_of(inference_errors.begin(), inference_errors.end(), [](const std::string& error) {
    return error.find(kExternalValuesError) != std::string::npos;
  });
}

}  // namespace

InferenceResult InferForChecks(const onnx::ModelProto& model) {
  InferenceResult result;
  result.model = model;
  // ONNX 1.12 crashes on nodes that break their schema, and in data propagation for some Shapes
  // (inference_guard.h): the first is reported as the inference error, the second avoided.
  if (std::string blocker = InferenceBlocker(model); !blocker.empty()) {
    result.errors.push_back(std::move(blocker));
    return result;
  }
  const bool data_prop = DataPropagationIsSafe(model);
  try {
    onnx::shape_inference::InferShapes(result.model, GuardedSchemas(),
                                       onnx::ShapeInferenceOptions(/*check_type=*/true, /*strict_mode=*/1,
                                                                   data_prop));
    return result;
  } catch (const std::exception& e) {
    result.errors = SplitInferenceErrors(e.what());
  }
  // The strict pass throws and keeps nothing; a lenient one still types the graph around the errors.
  result.model = model;
  try {
    onnx::shape_inference::InferShapes(result.model, GuardedSchemas(),
                                       onnx::ShapeInferenceOptions(/*check_type=*/false, /*strict_mode=*/0,
                                                                   data_prop));
  } catch (const std::exception& e) {
    result.model = model;
    for (const std::string& error : SplitInferenceErrors(e.what())) {
      if (std::find(result.errors.begin(), result.errors.end(), error) == result.errors.end()) {
        result.errors.push_back(error);
      }
    }
  }
  return result;
}

ModelForChecks ReadModelForChecks(const std::string& path, const CheckOptions& options) {
  if (options.parse_payloads) return {ReadModel(path), false};
  ModelForChecks read;
  try {
    const MappedFile file(path);
    if (file.size() > static_cast<uint64_t>(INT_MAX)) return {ReadModel(path), false};
    StripOptions strip;
    strip.keep_bytes = kKeepPayloadBytes;
    strip.record_facts = true;
    strip.mapped = &file;
    read.model = ParseModel(StripTensorPayloads(file.bytes(), path, strip), path);
  } catch (const Error&) {
    return {ReadModel(path), false};
  }
  if (HasExternalReferences(read.model.graph())) return {ReadModel(path), false};
  read.stripped = true;
  return read;
}

void SortFindings(std::vector<Finding>& findings) {
  std::stable_sort(findings.begin(), findings.end(), [](const Finding& a, const Finding& b) {
    if (a.severity != b.severity) return a.severity > b.severity;
    if (a.rule_id != b.rule_id) return a.rule_id < b.rule_id;
    return a.location < b.location;
  });
}

CheckReport RunChecks(const std::string& path, const CheckOptions& options) {
  return RunChecks(path, options, AllRules());
}

CheckReport RunChecks(const std::string& path, const CheckOptions& options,
                      const std::vector<std::unique_ptr<Rule>>& rules) {
  ModelForChecks read = ReadModelForChecks(path, options);
  // Before any rule touches ORT (the coverage rule reads ORT's placement too): when ORT crashes
  // on the model, the check goes on without ORT and reports the crash.
  // ONNX shape inference first (in the probe's process), since ORT's load runs inference too.
  std::optional<Finding> crash =
      options.inference_crash_probe ? ProbeInferenceCrash(path, options) : std::nullopt;
  const bool inference_crashed = crash.has_value();
  if (!crash && options.use_ort && options.ort_crash_probe) crash = ProbeOrtCrash(path, options);
  CheckOptions effective = options;
  if (crash) effective.use_ort = false;
  InferenceResult inferred;
  if (inference_crashed) {
    inferred.model = read.model;  // the declared types only
  } else {
    inferred = InferForChecks(read.model);
    if (read.stripped && ReadStrippedValues(inferred.errors)) {
      // An inference function wanted the values of a tensor over kKeepPayloadBytes (a long shape
      // constant): only the whole model infers as it should. Rare, and then as costly as before.
      read = {ReadModel(path), false};
      inferred = InferForChecks(read.model);
    }
  }
  const GraphIndex index(inferred.model, std::move(inferred.errors));
  const CheckContext context{path, read.model, inferred.model, index, effective};

  CheckReport report;
  report.model = path;
  for (const std::unique_ptr<Rule>& rule : rules) {
    if (!rule->info().needs_ort || effective.use_ort) report.rules_run.push_back(rule->info().id);
  }
  if (crash) {
    report.rules_run.insert(std::upper_bound(report.rules_run.begin(), report.rules_run.end(), kOrtLoadId), kOrtLoadId);
    report.findings.push_back(std::move(*crash));
    report.loads_in_ort = false;
  }
  // Static rules first, then those that load the model, whatever their ids: the load rule files
  // ORT's refusal under a static rule's id only when that rule has not already reported it.
  for (const bool ort_pass : {false, true}) {
    for (const std::unique_ptr<Rule>& rule : rules) {
      const RuleInfo& info = rule->info();
      if (info.needs_ort != ort_pass || (info.needs_ort && !effective.use_ort)) continue;
      try {
        if (const auto* load = dynamic_cast<const OrtLoadRule*>(rule.get())) {
          report.loads_in_ort = load->LoadAndCheck(context, report.findings);
        } else {
          rule->Check(context, report.findings);
        }
      } catch (const Error& e) {
        if (e.category() == ErrorCategory::kConfig) throw;  // the request is wrong: the caller's error
        report.findings.push_back(RuleFailure(info, e.what()));
      } catch (const std::exception& e) {
        report.findings.push_back(RuleFailure(info, e.what()));
      }
    }
  }
  AddFixCommands(path, report.findings, options.custom_op_libraries);
  SortFindings(report.findings);
  return report;
}

}  // namespace ortkit::graph
