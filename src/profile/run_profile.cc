// `ortkit profile`: a profiled session, its trace read back and summarised.
#include "profile/run_profile.h"

#include <filesystem>

#include "bench/request_runner.h"
#include "bench/run_bench.h"
#include "core/scratch_dir.h"
#include "ortkit/error.h"
#include "ortkit/model.h"
#include "workload/guesses.h"
#include "workload/size_probe.h"

namespace ortkit::profile {
namespace {

// ORT names the file "<prefix>_<date>_<time>.json"; the scratch directory holds only ours.
std::string FindTrace(const core::ScratchDir& scratch, const std::string& prefix) {
  for (const auto& entry : std::filesystem::directory_iterator(scratch.path())) {
    const std::string name = entry.path().filename().string();
    if (name.rfind(prefix, 0) == 0 && entry.path().extension() == ".json") return entry.path().string();
  }
  throw Error(ErrorCategory::kIo, "ONNX Runtime wrote no profile into '" + scratch.path() + "'");
}

}  // namespace

ProfileRun RunProfile(const ProfileSpec& spec) {
  if (spec.runs < 1) throw Error(ErrorCategory::kConfig, "--runs: expected at least 1, got " + std::to_string(spec.runs));
  bench::CheckProvidersUsable(spec.config);
  const core::ScratchDir scratch("profile");
  const std::string prefix = "ortkit_profile";
  SessionConfig config = spec.config;
  config.profiling_prefix = scratch.File(prefix);

  ProfileRun result;
  std::vector<std::string> asked_for;  // the non-CPU providers: CPU nodes beside them are fallbacks
  {
    // The session must end before the trace is read: ORT writes the file when it does.
    const Model model = Model::Load(spec.model_path, config);
    result.providers = model.providers();
    for (const auto& name : result.providers) {
      if (name != "CPUExecutionProvider") asked_for.push_back(name);
    }
    workload::InputRequest request = spec.inputs;
    workload::AddGuesses(spec.model_path, model.inputs(), &request);
    result.notes = workload::DescribeGuesses(request.values);
    if (!workload::UnsizedDims(model.inputs(), request).empty()) {
      // Probed in a session of its own: its runs stay out of the trace.
      const workload::ProbeResult probe = workload::FindSizesThatRun(Model::Load(spec.model_path, spec.config), request);
      request.dims = probe.sizes;
      if (!probe.note.empty()) result.notes.push_back(probe.note);
    }
    NamedValues inputs;
    for (auto& input : workload::BuildSeededInputs(model.inputs(), request)) inputs.push_back(std::move(input.value));
    bench::RequestRunner runner(model, false);
    for (int i = 0; i < spec.runs; ++i) runner.Run(inputs);
  }
  const std::string trace_file = FindTrace(scratch, prefix);
  const std::string text = core::ReadWholeFile(trace_file);
  const std::string label = spec.trace_path.empty() ? "profile of '" + spec.model_path + "'" : spec.trace_path;
  result.summary = Summarize(ParseOrtProfile(text, label), asked_for);
  if (!spec.trace_path.empty()) core::WriteWholeFile(spec.trace_path, text);
  return result;
}

}  // namespace ortkit::profile
