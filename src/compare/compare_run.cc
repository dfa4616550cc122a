// `ortkit compare`'s work: two sessions, one set of inputs, one comparison.
#include "compare/compare_run.h"

#include <algorithm>
#include <chrono>
#include <set>

#include <fmt/format.h>

#include "ortkit/error.h"
#include "ortkit/model.h"
#include "workload/guesses.h"
#include "workload/size_probe.h"

namespace ortkit::compare {
namespace {

using Clock = std::chrono::steady_clock;

double MsSince(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// Library errors keep their category; the prefix says which side failed, which matters when both
// sides are the same file.
template <typename F>
auto OnSide(const char* side, F&& work) -> decltype(work()) {
  try {
    return work();
  } catch (const Error& e) {
    throw Error(e.category(), std::string(side) + ": " + e.what());
  }
}


std::vector<std::string> Names(const std::vector<ValueSpec>& specs) {
  std::vector<std::string> names;
  for (const auto& s : specs) names.push_back(s.name);
  return names;
}

// "inputs differ: only in A: y; only in B: z" when the name sets differ.
void RequireSameNames(const char* what, const std::vector<ValueSpec>& a, const std::vector<ValueSpec>& b) {
  const std::vector<std::string> na = Names(a), nb = Names(b);
  const std::set<std::string> sa(na.begin(), na.end()), sb(nb.begin(), nb.end());
  std::vector<std::string> only_a, only_b;
  for (const auto& n : na) {
    if (!sb.count(n)) only_a.push_back(n);
  }
  for (const auto& n : nb) {
    if (!sa.count(n)) only_b.push_back(n);
  }
  if (only_a.empty() && only_b.empty()) return;
  std::string message = std::string(what) + " differ, and compare pairs them by name:";
  if (!only_a.empty()) message += " only in A: " + fmt::format("{}", fmt::join(only_a, ", ")) + ";";
  if (!only_b.empty()) message += " only in B: " + fmt::format("{}", fmt::join(only_b, ", ")) + ";";
  message += " A has " + fmt::format("{}", fmt::join(na, ", ")) + "; B has " + fmt::format("{}", fmt::join(nb, ", "));
  throw Error(ErrorCategory::kInput, message);
}

// Both sides get the same input values, so their declared types must agree (shapes may differ in
// their symbols and still accept the same values).
void RequireSameInputTypes(const std::vector<ValueSpec>& a, const std::vector<ValueSpec>& b) {
  for (const ValueSpec& sa : a) {
    const auto sb = std::find_if(b.begin(), b.end(), [&](const ValueSpec& s) { return s.name == sa.name; });
    if (sb == b.end() || sa.onnx_type == sb->onnx_type) continue;
    throw Error(ErrorCategory::kInput, "input '" + sa.name + "' is " + sa.TypeString() + " in A but " +
                                           sb->TypeString() + " in B; both sides are fed the same values, so "
                                           "the input types must agree");
  }
}

struct Loaded {
  Model model;
  double load_ms;
};

Loaded Load(const char* side, const SideRequest& request) {
  return OnSide(side, [&] {
    const SessionConfig config = MakeSideConfig(request);
    const auto start = Clock::now();
    Model model = Model::Load(request.model_path, config);
    return Loaded{std::move(model), MsSince(start)};
  });
}

SideReport Describe(const SideRequest& request, const Loaded& loaded) {
  SideReport side;
  side.model = request.model_path;
  side.providers = loaded.model.providers();
  side.optimization = loaded.model.config().optimization_level;
  side.load_ms = loaded.load_ms;
  return side;
}

NamedValues Run(const char* side, const Model& model, const NamedValues& inputs, double* ms) {
  return OnSide(side, [&] {
    const auto start = Clock::now();
    NamedValues outputs = model.run(inputs);
    *ms = MsSince(start);
    return outputs;
  });
}

}  // namespace

SessionConfig MakeSideConfig(const SideRequest& side) {
  SessionConfig config;
  if (!side.config_path.empty()) config = SessionConfig::FromFile(side.config_path);
  if (!side.provider.empty()) config.providers = {ProviderConfig{side.provider, {}}};
  if (side.optimization) config.optimization_level = *side.optimization;
  for (const std::string& library : side.custom_op_libraries) config.AddCustomOpLibrary(library);
  return config;
}

CompareReport RunComparison(const CompareRequest& request) {
  request.tolerance.Validate();
  if (request.a.model_path == request.b.model_path && MakeSideConfig(request.a) == MakeSideConfig(request.b)) {
    throw Error(ErrorCategory::kConfig, "both sides are '" + request.a.model_path +
                                            "' under the same session config; give a second model, or two "
                                            "--provider, --config or --opt-level values");
  }
  const Loaded a = Load("A", request.a);
  const Loaded b = Load("B", request.b);
  RequireSameNames("inputs", a.model.inputs(), b.model.inputs());
  RequireSameNames("outputs", a.model.outputs(), b.model.outputs());
  RequireSameInputTypes(a.model.inputs(), b.model.inputs());

  CompareReport report;
  report.a = Describe(request.a, a);
  report.b = Describe(request.b, b);
  report.seed = request.inputs.seed;
  report.tolerance = request.tolerance;
  // A's graph says what its inputs hold; sizes A fails on at 1 are probed on A.
  workload::InputRequest inputs = request.inputs;
  workload::AddGuesses(request.a.model_path, a.model.inputs(), &inputs);
  const workload::ProbeResult probe = workload::FindSizesThatRun(a.model, inputs);
  inputs.dims = probe.sizes;
  report.notes = workload::DescribeGuesses(inputs.values);
  if (!probe.note.empty()) report.notes.push_back(probe.note);
  for (auto& input : workload::BuildSeededInputs(a.model.inputs(), inputs)) {
    const Value& v = input.value.value;
    report.inputs.push_back(InputInfo{input.value.name, TypeOf(v), v.is_tensor() ? v.tensor().shape() : Shape{},
                                      input.source});
    report.input_values.push_back(std::move(input.value));
  }
  report.outputs_a = Run("A", a.model, report.input_values, &report.a.run_ms);
  report.outputs_b = Run("B", b.model, report.input_values, &report.b.run_ms);
  report.comparison = CompareOutputs(report.outputs_a, report.outputs_b, request.tolerance);
  return report;
}

}  // namespace ortkit::compare
