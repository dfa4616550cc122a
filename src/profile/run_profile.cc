// `ortkit profile`: the reported runs profiled one by one, their traces joined and summarised,
// and ORT's memory statistics per node from a session of their own.
#include "profile/run_profile.h"

#include <algorithm>
#include <chrono>
#include <string>
#include <unordered_map>

#include "bench/run_bench.h"
#include "core/scratch_dir.h"
#include "ortkit/error.h"
#include "ortkit/model.h"
#include "profile/run_traces.h"
#include "workload/guesses.h"
#include "workload/size_probe.h"

namespace ortkit::profile {
namespace {

using Clock = std::chrono::steady_clock;

int64_t MicrosecondsSince(Clock::time_point start) {
  return std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - start).count();
}

// One run in a session that records ORT's memory statistics per node; ORT writes them when the
// session ends. Returns the file's text as ORT wrote it.
std::string NodeMemoryOfOneRun(const ProfileSpec& spec, const NamedValues& inputs, const core::ScratchDir& scratch) {
  const std::string path = scratch.File("node_memory.csv");
  SessionConfig config = spec.config;
  config.profiling_prefix.clear();
  config.config_entries[kNodeMemoryStatsKey] = path;
  Model::Load(spec.model_path, config).run(inputs);
  return core::ReadWholeFile(path);
}

// The sizes the free dimensions took in `inputs` (the first input that shows one wins).
workload::DimSizes SizesInInputs(const std::vector<ValueSpec>& specs, const NamedValues& inputs) {
  workload::DimSizes sizes;
  for (const ValueSpec& spec : specs) {
    const auto value = std::find_if(inputs.begin(), inputs.end(), [&](const NamedValue& v) { return v.name == spec.name; });
    if (value == inputs.end() || !value->value.is_tensor() || !spec.has_shape) continue;
    const Shape& shape = value->value.tensor().shape();
    if (shape.size() != spec.shape.size()) continue;
    for (std::size_t axis = 0; axis < shape.size(); ++axis) {
      const Dim& dim = spec.shape[axis];
      if (dim.is_fixed()) continue;
      sizes.emplace(dim.symbol.empty() ? spec.name + ":" + std::to_string(axis) : dim.symbol, shape[axis]);
    }
  }
  return sizes;
}

}  // namespace

void ProfileSpec::Validate() const {
  if (runs < 1) throw Error(ErrorCategory::kConfig, "--runs: expected at least 1, got " + std::to_string(runs));
  if (warmup < 0) throw Error(ErrorCategory::kConfig, "--warmup: expected 0 or more, got " + std::to_string(warmup));
  if (!node_memory && !node_memory_path.empty()) {
    throw Error(ErrorCategory::kConfig,
                "--node-memory-stats keeps the node memory statistics that --no-node-memory skips: give one of them");
  }
}

ProfileRun RunProfile(const ProfileSpec& spec) {
  spec.Validate();
  bench::CheckProvidersUsable(spec.config);
  const core::ScratchDir scratch("profile");
  SessionConfig config = spec.config;
  config.profiling_prefix.clear();  // the session is not profiled; its reported runs are

  ProfileRun result;
  result.warmup = spec.warmup;
  std::vector<std::string> asked_for;  // the non-CPU providers: CPU nodes beside them are fallbacks
  std::vector<RunTrace> traces;
  NamedValues inputs;
  {
    const Clock::time_point load_start = Clock::now();
    const Model model = Model::Load(spec.model_path, config);
    result.load_us = MicrosecondsSince(load_start);
    result.providers = model.providers();
    for (const auto& name : result.providers) {
      if (name != "CPUExecutionProvider") asked_for.push_back(name);
    }
    workload::InputRequest request = spec.inputs;
    workload::AddGuesses(spec.model_path, model.inputs(), &request);
    result.notes = workload::DescribeGuesses(request.values);
    if (!workload::UnsizedDims(model.inputs(), request).empty()) {
      // Probed in a session of its own, so that the probe's runs cannot warm this one.
      const workload::ProbeResult probe = workload::FindSizesThatRun(Model::Load(spec.model_path, config), request);
      request.dims = probe.sizes;
      if (!probe.note.empty()) result.notes.push_back(probe.note);
    }
    for (auto& input : workload::BuildSeededInputs(model.inputs(), request)) inputs.push_back(std::move(input.value));
    result.dim_sizes = SizesInInputs(model.inputs(), inputs);

    const Clock::time_point first_start = Clock::now();
    const auto profiled_run = [&](int index) {
      const std::string prefix = "run" + std::to_string(index);
      traces.push_back(RunTrace{prefix, MicrosecondsSince(first_start)});
      model.run_profiled(scratch.File(prefix), inputs);
    };
    profiled_run(0);
    for (int i = 0; i < spec.warmup; ++i) model.run(inputs);
    for (int i = 1; i < spec.runs; ++i) profiled_run(i);
  }
  for (RunTrace& trace : traces) trace.path = FindRunTrace(scratch.path(), trace.path);
  const std::string text = JoinRunTraces(traces);
  const std::string label = spec.trace_path.empty() ? "profile of '" + spec.model_path + "'" : spec.trace_path;
  result.summary = Summarize(ParseOrtProfile(text, label), asked_for);
  std::string node_memory_text;
  if (spec.node_memory) {
    node_memory_text = NodeMemoryOfOneRun(spec, inputs, scratch);
    result.node_memory = ParseNodeMemoryStats(node_memory_text, "ONNX Runtime's node memory statistics");
    std::unordered_map<std::string, const std::string*> op_types;  // node name -> op type, from the trace
    for (const TimeRow& row : result.summary.nodes) op_types.emplace(row.name, &row.op_type);
    for (NodeMemory& node : result.node_memory) {
      if (const auto it = op_types.find(node.node); it != op_types.end()) node.op_type = *it->second;
    }
  }
  if (!spec.trace_path.empty()) core::WriteWholeFile(spec.trace_path, text);
  if (!spec.node_memory_path.empty()) core::WriteWholeFile(spec.node_memory_path, node_memory_text);
  return result;
}

}  // namespace ortkit::profile
