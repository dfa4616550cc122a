// `ortkit profile`: run a model with ONNX Runtime's profiler and read the trace: per op type,
// node and provider, the first run apart, Memcpy and CPU-fallback nodes; or compare two traces.
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "cli/cli_common.h"
#include "cli/custom_op_flag.h"
#include "cli/ort_crash_probe.h"
#include "cli/output.h"
#include "cli/workload_options.h"
#include "ortkit/cpu_budget.h"
#include "ortkit/error.h"
#include "ortkit/runtime.h"
#include "graph/model_summary.h"
#include "profile/machine_ceilings.h"
#include "profile/profile_diff.h"
#include "profile/roofline.h"
#include "profile/run_profile.h"
#include "report/profile_render.h"

namespace ortkit::cli {
namespace {

constexpr const char* kNotes = R"(
Kernel times come from ONNX Runtime's own profile of --runs runs on the same inputs, each profiled
alone (ORT's per-run profiling), so the load and the warm-up are not in the trace. The first run
(which pays for allocations, algorithm search or shader compilation) is shown apart; then --warmup
runs go unprofiled, and "per steady run" means averaged over the profiled runs after them. Memory
per node is ORT's own record (outputs and temporary buffers each node allocated) of one more run
in a session of its own; --node-memory-stats keeps ORT's file of it (CSV: name, then input,
initializer, output and temporary bytes per node) for `ortkit graph --node-memory`. A node's share
is its kernel time over the run's wall time. Nodes on the CPU while the session asked for another
provider are listed as CPU fallback.
--roofline joins each node's static cost (FLOPs and bytes as `inspect --cost` counts them, at the
sizes the profile ran; one multiply-add = 1 FLOP) with its measured time: achieved GFLOP/s and GB/s,
FLOPs per byte, and, against this machine's two ceilings, whether it is compute- or memory-bound
and what share of its roof it reached. The ceilings are measured with ONNX Runtime itself at the
profiled session's intra-op threads (a float32 MatMul [1024,1024]x[1024,1024] for GEMM throughput,
an Add of tensors well beyond the last-level cache for memory bandwidth; medians of 5 runs, about
1-2 s), then cached in roofline_ceilings.json under $ORTKIT_CACHE_DIR (else
$XDG_CACHE_HOME/ortkit, else ~/.cache/ortkit), keyed by CPU model, CPU count, ORT version and
threads. CPU turbo, frequency scaling and other tenants move the ceilings: --remeasure-ceilings
measures again, --no-ceilings reports achieved rates only. Nodes are joined to the model by
name; one ORT's optimiser fused or renamed, or with a cost inspect cannot state, is listed
without a point, never guessed.
--diff reads two traces (kept with --trace, or written by any ORT) and lists what got faster or
slower, by op type and by node. Errors print one line on stderr and exit with status 2.
)";

constexpr const char* kExamples = R"(
Examples:
  ortkit profile model.onnx                                 10 runs on the CPU, top 10 nodes
  ortkit profile model.onnx --provider webgpu --runs 20 --top 20 --trace webgpu.json
  ortkit profile model.onnx --config deployment.json --dim batch=8 --format markdown
  ortkit profile model.onnx --roofline --dim batch=8        how close each op type gets to its ceiling
  ortkit profile model.onnx --roofline --remeasure-ceilings --json | jq '.roofline.ops[:3]'
  ortkit profile --diff before.json after.json              what got faster or slower
  ortkit profile model.onnx --json | jq '.cpu_fallback_nodes[].name'
  ortkit profile model.onnx --node-memory-stats mem.csv && ortkit graph model.onnx -o graph.html --node-memory mem.csv
)";

struct Options {
  profile::ProfileSpec spec;
  std::string provider, config_path;
  std::vector<std::string> custom_op_libraries;
  WorkloadOptions workload;
  std::vector<std::string> diff;
  std::size_t top = 10;
  bool skip_node_memory = false;
  bool roofline = false, remeasure_ceilings = false, no_ceilings = false;
  OutputOptions output;
};

void CheckRooflineFlags(const Options& o, Format format) {
  if (!o.roofline && (o.remeasure_ceilings || o.no_ceilings)) {
    throw Error(ErrorCategory::kConfig, std::string(o.no_ceilings ? "--no-ceilings" : "--remeasure-ceilings") +
                                            " goes with --roofline; add it");
  }
  if (!o.roofline) return;
  if (o.remeasure_ceilings && o.no_ceilings) {
    throw Error(ErrorCategory::kConfig, "--remeasure-ceilings and --no-ceilings contradict each other; give one");
  }
  if (!o.diff.empty()) throw Error(ErrorCategory::kConfig, "--roofline needs a model profiled now, not --diff");
  if (format == Format::kCsv) {
    throw Error(ErrorCategory::kConfig, "--roofline: expected --format text, markdown or json, found csv");
  }
}

// The static cost at the sizes the profile ran, inference probed in a child first (as inspect
// does), then joined with the profile against this machine's ceilings.
profile::Roofline BuildRoofline(const Options& o, const profile::ProfileSpec& spec, const profile::ProfileRun& run) {
  graph::SummaryOptions summary_options;
  summary_options.cost = true;
  summary_options.dim_sizes = run.dim_sizes;
  std::vector<std::string> dim_flags;
  for (const auto& [key, size] : run.dim_sizes) dim_flags.push_back(key + "=" + std::to_string(size));
  summary_options.inference_crash_probe = [dim_flags](const std::string& path) {
    return ProbeStrippedInferenceInChild(path, dim_flags);
  };
  const graph::ModelSummary summary = graph::SummarizeModel(spec.model_path, summary_options);
  std::optional<profile::MachineCeilings> ceilings;
  std::string cache_note;
  if (!o.no_ceilings) {
    profile::CeilingSpec ceiling_spec;
    ceiling_spec.threads = spec.config.intra_op_threads;
    ceilings = profile::CeilingsForThisMachine(ceiling_spec, profile::CacheDirectory(), o.remeasure_ceilings, &cache_note);
  }
  profile::Roofline roofline = profile::ComputeRoofline(run.summary, *summary.cost, ceilings);
  if (!summary.inference_error.empty()) roofline.notes.push_back("shape inference: " + summary.inference_error);
  if (!cache_note.empty()) roofline.notes.push_back(cache_note);
  return roofline;
}

int Execute(const Options& o, const Context& context) {
  CheckReportPath(o.output);
  const report::Format format = TableFormat(o.output.format);
  CheckRooflineFlags(o, o.output.format);
  std::ostringstream text;
  if (!o.diff.empty()) {
    if (!o.spec.model_path.empty()) {
      throw Error(ErrorCategory::kConfig, "--diff compares two traces; give it without MODEL");
    }
    if (!o.spec.node_memory_path.empty()) {
      throw Error(ErrorCategory::kConfig, "--node-memory-stats needs a model profiled now, not --diff");
    }
    const auto a = profile::Summarize(profile::ReadOrtProfile(o.diff[0]));
    const auto b = profile::Summarize(profile::ReadOrtProfile(o.diff[1]));
    report::RenderProfileDiff(profile::DiffProfiles(a, b), o.top, format, text);
    EmitReport(context, o.output, text.str());
    return kExitOk;
  }
  if (o.spec.model_path.empty()) throw Error(ErrorCategory::kConfig, "give MODEL to profile, or --diff A.json B.json");
  profile::ProfileSpec spec = o.spec;
  spec.node_memory = !o.skip_node_memory;
  spec.Validate();  // a flag conflict is reported before the output paths are looked at
  if (!spec.trace_path.empty()) core::CheckWritable(spec.trace_path, OverwriteRule(o.output), "--trace");
  if (!spec.node_memory_path.empty()) {
    core::CheckWritable(spec.node_memory_path, OverwriteRule(o.output), "--node-memory-stats");
  }
  if (!o.config_path.empty()) spec.config = SessionConfig::FromFile(o.config_path);
  if (!o.provider.empty()) {
    const std::string name = *CanonicalProviderName(o.provider);
    spec.config.providers.clear();
    if (name != "cpu") spec.config.providers.push_back(ProviderConfig{name, {}});
  }
  AddCustomOpLibraries(o.custom_op_libraries, spec.config);
  spec.inputs = OneShapeRequest(o.workload, "profile");
  const std::string thread_note = FitThreadsToUsableCpus(spec.config, ReadCpuBudget());
  profile::ProfileRun run = profile::RunProfile(spec);
  if (!thread_note.empty()) run.notes.push_back(thread_note);
  std::optional<profile::Roofline> roofline;
  if (o.roofline) roofline = BuildRoofline(o, spec, run);
  report::RenderProfile(run, o.top, format, text, roofline ? &*roofline : nullptr);
  EmitReport(context, o.output, text.str());
  return kExitOk;
}

Action Setup(CLI::App& app) {
  auto o = std::make_shared<Options>();
  app.add_option("MODEL", o->spec.model_path, "The ONNX model to profile")->type_name("FILE");
  app.add_option("--runs", o->spec.runs, "Profiled runs; the first is shown apart (default 10)")
      ->type_name("N")->check(CLI::Range(1, 1000000).description(""));
  app.add_option("--warmup", o->spec.warmup, "Unprofiled runs between the first run and the steady ones (default 1)")
      ->type_name("N")->check(CLI::Range(0, 1000000).description(""));
  app.add_flag("--no-node-memory", o->skip_node_memory, "Skip ORT's memory statistics per node (saves a second load)");
  app.add_option("--node-memory-stats", o->spec.node_memory_path,
                 "Keep ORT's memory statistics per node here, as ORT wrote them (for `ortkit graph --node-memory`; "
                 "refused if it exists, unless --force)")
      ->type_name("FILE");
  app.add_option("--top", o->top, "Slowest nodes to list; 0: all (default 10; json and csv list every node)")
      ->type_name("K");
  app.add_flag("--roofline", o->roofline,
               "Add the roofline: achieved GFLOP/s and GB/s per node and op type against this machine's measured "
               "ceilings (see below)");
  app.add_flag("--remeasure-ceilings", o->remeasure_ceilings,
               "With --roofline: measure the ceilings again instead of reading the cache (and cache them)");
  app.add_flag("--no-ceilings", o->no_ceilings,
               "With --roofline: neither measure nor read ceilings; achieved rates and FLOPs per byte only");
  app.add_option("--trace", o->spec.trace_path, "Keep ORT's trace here (loads in chrome://tracing and Perfetto)")
      ->type_name("FILE");
  app.add_option("--diff", o->diff, "Compare two ORT traces instead of profiling a model")
      ->type_name("A.json B.json")->expected(2);
  app.add_option("--provider", o->provider, "Execution provider (cpu, webgpu, ...); replaces those of --config")
      ->type_name("NAME")->check(FlagCheck(CheckProviderFlag));
  app.add_option("--config", o->config_path, "Session config (deployment profile) JSON file")->type_name("FILE");
  AddCustomOpLibraryOption(app, o->custom_op_libraries);
  AddWorkloadOptions(app, o->workload, SizeUse::kOne);
  AddRetiredValueOptions(app);
  AddOutputOptions(app, o->output, {Format::kText, Format::kJson, Format::kCsv, Format::kMarkdown});
  app.footer(std::string(kNotes) + kWorkloadHelp + kExamples);
  return [o](const Context& context) { return Execute(*o, context); };
}

const CommandRegistration kRegistration{
    Command{"profile", "Profile a model with ONNX Runtime: time per op type, node and provider; diff two traces",
            Needs::kSession, Setup}};

}  // namespace
}  // namespace ortkit::cli
