// `ortkit run`'s work: load a model, build its inputs, run it once, summarise (and save) outputs.
#include "cli/run_once.h"

#include <chrono>

#include "ortkit/model.h"
#include "ortkit/session_config.h"

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

  const std::vector<BuiltInput> inputs = BuildInputs(model.inputs(), request.inputs);
  for (const auto& input : inputs) {
    report.inputs.push_back(
        InputSummary{input.value.name, input.kind, input.type, input.shape, input.elements, input.source});
  }
  const NamedValues feeds = ToNamedValues(inputs);

  const auto run_start = Clock::now();
  const NamedValues outputs = model.run(feeds);
  report.run_ms = MsSince(run_start);

  for (const auto& output : outputs) report.outputs.push_back(SummarizeOutput(output.name, output.value));
  if (!request.save_dir.empty()) {
    report.save_dir = request.save_dir;
    report.saved = SaveOutputs(request.save_dir, outputs);
  }
  return report;
}

}  // namespace ortkit::cli
