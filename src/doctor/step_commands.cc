// Each step's flags, chosen from the request and the budget's settings.
#include "doctor/step_commands.h"

#include <fmt/format.h>

namespace ortkit::doctor {
namespace {

void AddCustomOpLibraries(const DoctorRequest& request, StepArgs& args) {
  for (const auto& library : request.custom_op_libraries) args.insert(args.end(), {"--custom-op-library", library});
}

// What every step that creates a session takes: the provider and the custom-op libraries.
void AddSessionFlags(const DoctorRequest& request, StepArgs& args) {
  if (!request.provider.empty()) args.insert(args.end(), {"--provider", request.provider});
  AddCustomOpLibraries(request, args);
}

void AddValues(const StepWorkload& workload, StepArgs& args) {
  for (const auto& value : workload.values) args.insert(args.end(), {"--value", value});
}

std::string OneSize(const workload::DimFlag& dim, int64_t size) { return dim.name + "=" + std::to_string(size); }

}  // namespace

StepArgs CheckArgs(const DoctorRequest& request) {
  StepArgs args{"check", request.model_path};
  AddSessionFlags(request, args);
  for (const auto& target : request.targets) args.insert(args.end(), {"--target", target});
  args.insert(args.end(), {"--format", "json"});
  return args;
}

StepArgs InspectArgs(const DoctorRequest& request) { return {"inspect", request.model_path, "--format", "json"}; }

StepArgs WorkloadArgs(const DoctorRequest& request, const StepWorkload& workload) {
  StepArgs args{"run", request.model_path};
  AddSessionFlags(request, args);
  for (const auto& dim : workload.dims) args.insert(args.end(), {"--dim", OneSize(dim, dim.min())});
  AddValues(workload, args);
  args.insert(args.end(), {"--format", "json"});
  return args;
}

StepArgs BenchArgs(const DoctorRequest& request, const StepWorkload& workload, const BenchSettings& settings) {
  StepArgs args{"bench", request.model_path};
  AddSessionFlags(request, args);
  for (const auto& dim : workload.dims) args.insert(args.end(), {"--dim", dim.text});
  AddValues(workload, args);
  args.insert(args.end(),
              {"--cold-runs", std::to_string(settings.cold_runs), "--warmup", std::to_string(settings.warmup),
               "--duration", fmt::format("{:g}s", settings.duration_s), "--format", "json"});
  return args;
}

StepArgs MemcheckArgs(const DoctorRequest& request, const StepWorkload& workload, const MemcheckSettings& settings) {
  StepArgs args{"memcheck", request.model_path};
  AddSessionFlags(request, args);
  for (const auto& dim : workload.dims) args.insert(args.end(), {"--dim", dim.text});
  AddValues(workload, args);
  args.insert(args.end(), {"--runs", std::to_string(settings.iterations)});
  if (settings.variants) args.push_back("--variants");
  args.insert(args.end(), {"--format", "json"});
  return args;
}

StepArgs ProfileArgs(const DoctorRequest& request, const StepWorkload& workload, int runs,
                     const ProfileFiles& keep) {
  StepArgs args{"profile", request.model_path};
  AddSessionFlags(request, args);
  for (const auto& dim : workload.dims) args.insert(args.end(), {"--dim", OneSize(dim, dim.max())});
  AddValues(workload, args);
  args.insert(args.end(), {"--runs", std::to_string(runs)});
  if (!keep.trace.empty()) args.insert(args.end(), {"--trace", keep.trace});
  if (!keep.node_memory.empty()) args.insert(args.end(), {"--node-memory-stats", keep.node_memory});
  // The report's roofline chart: the ceilings are measured once per machine (about a second), then cached.
  args.insert(args.end(), {"--roofline", "--format", "json"});
  return args;
}

StepArgs GraphArgs(const DoctorRequest& request, const StepWorkload& workload, const std::string& page_path,
                   const ProfileFiles& overlay) {
  StepArgs args{"graph", request.model_path, "-o", page_path, "--force"};
  // On the CPU every node is placed: the placement overlay would say nothing.
  if (!request.provider.empty() && request.provider != "cpu") args.insert(args.end(), {"--provider", request.provider});
  for (const auto& dim : workload.dims) args.insert(args.end(), {"--dim", OneSize(dim, dim.max())});
  if (!overlay.trace.empty()) args.insert(args.end(), {"--profile", overlay.trace});
  if (!overlay.node_memory.empty()) args.insert(args.end(), {"--node-memory", overlay.node_memory});
  return args;
}

StepArgs FixArgs(const DoctorRequest& request, const std::string& output_path, int bench_runs, bool force) {
  StepArgs args{"fix", request.model_path, "-o", output_path};
  if (force) args.push_back("--force");
  AddCustomOpLibraries(request, args);
  args.insert(args.end(), {"--bench", "--runs", std::to_string(bench_runs), "--format", "json"});
  return args;
}

StepArgs CompressArgs(const DoctorRequest& request, const StepWorkload& workload, const CompressSettings& settings) {
  StepArgs args{"compress", request.model_path};
  AddCustomOpLibraries(request, args);
  for (const auto& dim : workload.dims) args.insert(args.end(), {"--dim", OneSize(dim, dim.max())});
  args.insert(args.end(), {"--runs", std::to_string(settings.runs), "--repeats", std::to_string(settings.repeats),
                           "--warmup", std::to_string(settings.warmup), "--cold-runs",
                           std::to_string(settings.cold_runs), "--rss-runs", std::to_string(settings.rss_runs),
                           "--format", "json"});
  return args;
}

std::size_t BenchPhases(const std::vector<workload::DimFlag>& dims) {
  std::size_t shapes = 1;
  for (const auto& dim : dims) shapes *= std::max<std::size_t>(dim.values.size(), 1);
  return shapes > 1 ? shapes + 1 : 1;
}


const std::vector<std::string>& DefaultFixPasses() {
  static const std::vector<std::string> passes{"remove-initializers-from-inputs", "float64-to-float32",
                                               "remove-unused"};
  return passes;
}

}  // namespace ortkit::doctor
