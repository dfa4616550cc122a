// `ortkit run`'s work: load a model, build its inputs, run it once, summarise (and save) outputs.
#include "cli/run_once.h"

#include <chrono>

#include "cli/custom_op_flag.h"
#include "core/atomic_file.h"
#include "ortkit/error.h"
#include "ortkit/model.h"
#include "ortkit/session_config.h"
#include "workload/guesses.h"
#include "workload/size_probe.h"

namespace ortkit::cli {
namespace {

using Clock = std::chrono::steady_clock;

double MsSince(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

SessionConfig MakeConfig(const RunRequest& request) {
  SessionConfig config;
  if (!request.config_path.empty()) config = SessionConfig::FromFile(request.config_path);
  if (!request.provider.empty()) config.providers = {ProviderConfig{request.provider, {}}};
  AddCustomOpLibraries(request.custom_op_libraries, config);
  return config;
}

}  // namespace

RunReport RunOnce(const RunRequest& request) {
  const SessionConfig config = MakeConfig(request);
  RunReport report;
  report.model = request.model_path;
  report.seed = request.inputs.seed;

  const auto load_start = Clock::now();
  const Model model = Model::Load(request.model_path, config);
  report.load_ms = MsSince(load_start);
  report.providers = model.providers();

  // The graph's guesses; inputs first at the sizes given (1 for the others), and only when that
  // fails in ORT with some sizes left out, the probe for sizes that run (timed: the last run).
  InputRequest workload = request.inputs;
  workload::AddGuesses(request.model_path, model.inputs(), &workload);
  std::vector<BuiltInput> inputs = BuildInputs(model.inputs(), workload);
  NamedValues outputs;
  auto run_start = Clock::now();
  try {
    outputs = model.run(ToNamedValues(inputs));
  } catch (const Error& e) {
    if (e.category() != ErrorCategory::kRun || workload::UnsizedDims(model.inputs(), workload).empty()) throw;
    const workload::ProbeResult probe = workload::ProbeAfterFailure(model, workload, e.what());
    workload.dims = probe.sizes;
    report.probe_runs = probe.tries;
    report.probed = probe.probed;
    report.notes.push_back(probe.note);
    inputs = BuildInputs(model.inputs(), workload);
    run_start = Clock::now();
    outputs = model.run(ToNamedValues(inputs));
  }
  report.run_ms = MsSince(run_start);
  // The file inputs were read once, for the run: their shapes give the sizes they set.
  std::vector<workload::SeededInput> from_files;
  for (const auto& input : inputs) {
    if (input.source.rfind("file:", 0) == 0) from_files.push_back(workload::SeededInput{input.value, input.source});
  }
  report.sizes = workload::ResolveSizes(model.inputs(), workload, from_files);
  const std::vector<std::string> guesses = workload::DescribeGuesses(workload.values);
  report.notes.insert(report.notes.begin(), guesses.begin(), guesses.end());
  for (const auto& input : inputs) {
    report.inputs.push_back(
        InputSummary{input.value.name, input.kind, input.type, input.shape, input.elements, input.source});
  }

  for (const auto& output : outputs) report.outputs.push_back(SummarizeOutput(output.name, output.value));
  if (!request.save_dir.empty()) {
    report.save_dir = request.save_dir;
    report.saved = SaveOutputs(request.save_dir, outputs, request.force ? core::Overwrite::kReplace : core::Overwrite::kRefuse,
                               "--save-outputs");
  }
  return report;
}

}  // namespace ortkit::cli
