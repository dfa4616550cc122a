// `ortkit memcheck`: tell a leak from arena growth, memory-pattern plans, allocator-held pages and
// per-session leaks, with numbers; optionally re-run under memory variants and recommend one.
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "cli/cli_common.h"
#include "cli/custom_op_flag.h"
#include "cli/output.h"
#include "cli/progress.h"
#include "cli/workload_options.h"
#include "core/atomic_file.h"
#include "core/scratch_dir.h"
#include "memory/memcheck.h"
#include "memory/variant_job.h"
#include "ortkit/cpu_budget.h"
#include "ortkit/error.h"
#include "ortkit/runtime.h"
#include "process/child_process.h"
#include "report/memcheck_render.h"
#include "workload/guesses.h"
#include "workload/shape_file.h"
#include "workload/size_probe.h"

namespace ortkit::cli {
namespace {

constexpr const char* kNotes = R"(
Each iteration builds its shape's inputs (untimed; see Workload below), runs the model (timed), drops
the outputs and samples memory between runs: RSS and resident anonymous memory (statm) and the C
heap in use and held (glibc mallinfo2), every iteration or at a stride that keeps sampling under 2%
of run time; the peak (status) at the warm-up's end; PSS and private dirty (smaps_rollup) and GPU
memory (NVML, when present) after load, at the end, and as the budget allows.
Verdicts: stable; plateau (grew in the warm-up, then flat); step growth (lasting rises after the
warm-up, at new shapes: arena, memory-pattern plans); allocator growth (resident memory grows, the
heap in use does not: glibc keeps freed pages); leak (the heap grows on shapes already seen, after
the warm-up, as a line: R² >= 0.8, 95% interval above 0, still growing in the second half, at
least 4 KiB in all). --session-cycles creates, runs and destroys that many sessions and reports the
bytes kept per cycle; ONNX Runtime's telemetry queues an event per session and frees the queue on
a timer (a heap sawtooth of ~7 KB a session), so use 1000 cycles or more (half are warm-up). --variants re-runs the schedule in a fresh process per variant and
recommends the one that saves most steady resident memory within +10% latency; -o writes its
settings. --series writes the per-iteration series as CSV (and <FILE>.cycles.csv for the cycles).
Exit status: 0, 1 when a leak is found, 2 on errors.
)";

constexpr const char* kExamples = R"(
Examples:
  ortkit memcheck model.onnx                                 300 runs of one shape
  ortkit memcheck model.onnx --dim batch=1..16               sweep a dynamic dimension
  ortkit memcheck model.onnx --dim seq=5..100 --random --seed 7 --runs 1000
  ortkit memcheck encoder.onnx --dim T=100,400,1600 --value speech_lengths=@T
  ortkit memcheck model.onnx --shape-file requests.txt       lines like: batch=1 seq=37
  ortkit memcheck model.onnx --inputs-from saved/            every run an application saved, in turn
  ortkit memcheck model.onnx --session-cycles 1000           bytes kept per session
  ortkit memcheck model.onnx --dim batch=1..16 --variants -o deployment.json
  ortkit memcheck model.onnx --dim batch=1..16 --variant shrink --variant shrink+trim
  ortkit memcheck model.onnx --format json --report memcheck.json --series series.csv
)";

struct Options {
  memory::MemcheckRequest request;
  std::string config_path, provider, shape_file, output_path, series_path;
  std::vector<std::string> custom_op_libraries;
  WorkloadOptions workload;
  std::vector<std::string> variant_names;
  OutputOptions report;
};

std::string CheckCount(const std::string& text) {
  int64_t value = 0;
  return ParseNonNegative(text, &value) ? "" : "expected a non-negative integer, got '" + text + "'";
}

std::string CheckVariant(const std::string& text) {
  if (memory::FindVariant(text)) return {};
  return "unknown variant '" + text + "' (known: " + memory::VariantNames() + ")";
}

// The inputs, settled at the first iteration's Prepare from the measured session itself (no
// second session in the measured process): the graph's guesses, then sizes that run for free
// dimensions no --dim sizes (that trial run is one more warm-up run). Variants reuse the result.
struct SettledInputs {
  bool done = false;
  workload::InputRequest inputs;
  std::vector<std::string> notes;
};

memory::InputFactory SettlingInputFactory(const std::string& model_path, std::shared_ptr<SettledInputs> settled) {
  return [model_path, settled](const Model& model, const memory::Dims& dims) {
    if (!settled->done) {
      workload::AddGuesses(model_path, model.inputs(), &settled->inputs);
      settled->notes = workload::DescribeGuesses(settled->inputs.values);
      workload::InputRequest first = settled->inputs;
      for (const auto& [name, size] : dims) first.dims[name] = size;
      const workload::ProbeResult probe = workload::FindSizesThatRun(model, first);
      for (const auto& key : probe.probed) settled->inputs.dims[key] = probe.sizes.at(key);
      if (!probe.note.empty()) settled->notes.push_back(probe.note);
      settled->done = true;
    }
    return memory::WorkloadInputs(settled->inputs)(model, dims);
  };
}

// Runs one variant as `<this executable> __memcheck-variant` and reads its summary back.
memory::VariantResult RunVariantInChild(const memory::MemcheckRequest& request, const memory::Variant& variant) {
  core::ScratchDir dir("memcheck");
  core::WriteWholeFile(dir.File("job.json"), memory::VariantJobToJson(request, variant));
  process::ChildOptions child;
  child.argv = {process::CurrentExecutable(), memory::kVariantCommand, "--job", dir.File("job.json"), "--out", dir.File("out.json")};
  child.stdout_mode = process::Stdout::kDiscard;
  child.stderr_mode = process::Stderr::kInherit;
  child.own_process_group = false;  // ended with memcheck by Ctrl-C or by doctor's deadline
  const process::ChildResult exit = process::RunChild(child);
  std::ifstream result(dir.File("out.json"));
  if (!result) {
    memory::VariantResult failed;
    failed.name = variant.name;
    failed.error = exit.signal ? "its process was killed by signal " + std::to_string(exit.signal)
                               : "its process exited with status " + std::to_string(exit.exit_code) + " and no result";
    return failed;
  }
  return memory::VariantResultFromJson(core::ReadWholeFile(dir.File("out.json")));
}

void WriteCsv(const std::string& path, const memory::Schedule& schedule, const memory::Measurement& m,
              core::Overwrite overwrite) {
  std::ostringstream text;
  report::RenderMemcheckCsv(schedule, m, text);
  core::WriteFileAtomically(path, text.str(), overwrite);
}

std::string CyclesCsvPath(const std::string& path) {
  const std::size_t dot = path.size() >= 4 && path.compare(path.size() - 4, 4, ".csv") == 0 ? path.size() - 4 : path.size();
  return path.substr(0, dot) + ".cycles.csv";
}

int Execute(Options& o, const Context& context) {
  memory::MemcheckRequest& request = o.request;
  // Every file it will write is checked before minutes of measuring.
  const core::Overwrite overwrite = OverwriteRule(o.report);
  CheckReportPath(o.report);
  if (!o.output_path.empty()) core::CheckWritable(o.output_path, overwrite, "-o");
  if (!o.series_path.empty()) {
    core::CheckWritable(o.series_path, overwrite, "--series");
    if (request.session_cycles > 0) core::CheckWritable(CyclesCsvPath(o.series_path), overwrite, "--series");
  }
  if (!o.config_path.empty()) request.config = SessionConfig::FromFile(o.config_path);
  if (!o.provider.empty()) request.config.providers = {ProviderConfig{o.provider, {}}};
  AddCustomOpLibraries(o.custom_op_libraries, request.config);
  // Measured as deployed where the quota or affinity allows fewer threads than ORT's default.
  const std::string thread_note = FitThreadsToUsableCpus(request.config, ReadCpuBudget());
  const std::vector<SavedRunFiles> saved = SavedRuns(o.workload);
  if (!saved.empty() && !o.shape_file.empty()) {
    throw Error(ErrorCategory::kConfig, "--inputs-from and --shape-file both give shapes; use one of them");
  }
  for (auto& flag : workload::ParseDimFlags(o.workload.dims)) request.schedule.dims.push_back({flag.name, flag.values});
  if (!o.shape_file.empty()) request.schedule.rows = workload::ReadShapeFile(o.shape_file);
  // Saved runs are replayed in turn, each checked against the model when it is first read.
  for (const SavedRunFiles& run : saved) {
    request.replay.push_back(memory::ReplayRun{run.label, memory::Dims(run.varying.begin(), run.varying.end()), run.files});
    request.schedule.rows.push_back(request.replay.back().dims);
    request.schedule.rows_are_saved_runs = true;
  }
  if (saved.empty()) request.inputs.files = InputFiles(o.workload);
  request.inputs.values = workload::ParseValueFlags(o.workload.values);
  request.schedule.seed = o.workload.seed;  // the random shapes' and the input values'
  request.inputs.seed = o.workload.seed;
  auto settled = std::make_shared<SettledInputs>();
  settled->inputs = request.inputs;
  request.variant_names = o.variant_names;
  if (!o.output_path.empty() || !o.variant_names.empty()) request.variants = true;
  ProgressLine bar(context);
  if (bar.visible()) {
    request.progress = [&bar](const std::string& stage, int64_t done, int64_t total) {
      bar.Show("memcheck: " + stage + " " + std::to_string(done) + "/" + std::to_string(total));
    };
  }
  memory::MemcheckReport result =
      memory::RunMemcheck(request,
                          request.replay.empty() ? SettlingInputFactory(request.model_path, settled)
                                                 : memory::ReplayInputs(request.replay),
                          [&request, settled](const memory::Variant& v) {
        memory::MemcheckRequest settled_request = request;
        settled_request.inputs = settled->inputs;
        return RunVariantInChild(settled_request, v);
      });
  bar.Clear();
  result.notes = settled->notes;
  if (!thread_note.empty()) result.notes.push_back(thread_note);
  result.arena_stats = result.analysis.arena
                           ? "read at every sample (OrtApi::AllocatorGetStats on the session's CPU arena)"
                           : "not read: the session's CPU memory is no arena (memory.cpu_arena off) or ONNX Runtime "
                             "gave no statistics; the heap series shows the arena's growth instead";
  if (!o.series_path.empty()) {
    WriteCsv(o.series_path, result.schedule, result.measurement, overwrite);
    if (result.cycles) {
      WriteCsv(CyclesCsvPath(o.series_path), result.cycles->schedule, result.cycles->measurement, overwrite);
    }
  }
  if (!o.output_path.empty() && result.recommendation) {
    core::WriteFileAtomically(o.output_path, result.recommendation->config.ToJson() + "\n", overwrite);
  }
  std::ostringstream text;
  if (o.report.format == Format::kJson) {
    report::RenderMemcheckJson(result, text);
  } else {
    report::RenderMemcheckText(result, text);
    if (!o.output_path.empty() && result.recommendation) {
      const std::string& chosen = result.recommendation->variant;
      text << "  profile: wrote " << o.output_path << " ("
           << (chosen.empty() ? std::string("the settings as given") : "the " + chosen + " settings") << ")\n";
    }
  }
  EmitReport(context, o.report, text.str());
  return result.leak() ? kExitFindings : kExitOk;
}

Action Setup(CLI::App& app) {
  auto options = std::make_shared<Options>();
  memory::MemcheckRequest& r = options->request;
  app.add_option("MODEL", r.model_path, "The ONNX model to check")->required()->type_name("FILE");
  app.add_option("--config", options->config_path, "Session config (deployment profile) JSON file")->type_name("FILE");
  app.add_option("--provider", options->provider, "Execution provider (replaces those of --config). Default: cpu")
      ->type_name("NAME")
      ->check(FlagCheck(CheckProviderFlag));
  AddCustomOpLibraryOption(app, options->custom_op_libraries);
  AddWorkloadOptions(app, options->workload, SizeUse::kMany);
  app.add_flag("--random", r.schedule.random, "Draw each --dim's size at random (seeded) instead of sweeping");
  app.add_option("--shape-file", options->shape_file, "One iteration's sizes per line (NAME=SIZE ...), in turn")
      ->type_name("FILE");
  app.add_option("--runs", r.schedule.iterations, "Runs to measure (default 300)")
      ->type_name("N")
      ->check(FlagCheck(CheckCount));
  app.add_option("--warmup", r.schedule.warmup, "Runs of warm-up among them (default: a tenth, at least 5)")
      ->type_name("N")
      ->check(FlagCheck(CheckCount));
  app.add_option("--sample-every", r.measure.sample_every, "Sample memory every N runs (default: within a 2% budget)")
      ->type_name("N")
      ->check(FlagCheck(CheckCount));
  app.add_option("--session-cycles", r.session_cycles, "Also create, run and destroy N sessions; bytes kept per cycle")
      ->type_name("N")
      ->check(FlagCheck(CheckCount));
  app.add_flag("--variants", r.variants, "Re-run under memory variants (fresh processes) and recommend one");
  app.add_option("--variant", options->variant_names,
                 "Only this variant (and the baseline); repeatable; implies --variants. One of: " + memory::VariantNames())
      ->type_name("NAME")
      ->allow_extra_args(false)
      ->check(FlagCheck(CheckVariant));
  app.add_option("-o,--output", options->output_path, "Write the recommended settings as a deployment profile (implies --variants)")
      ->type_name("FILE");
  app.add_option("--series", options->series_path, "Write the per-iteration series as CSV")->type_name("FILE");
  AddOutputOptions(app, options->report, {Format::kText, Format::kJson});
  AddRetiredOption(app, "--iterations", "use --runs N (the same flag in every subcommand)");
  AddRetiredOption(app, "--csv", "use --series FILE for the per-iteration series");
  app.footer(std::string(kNotes) + kWorkloadHelp + kExamples);
  return [options](const Context& context) { return Execute(*options, context); };
}

const CommandRegistration kRegistration{
    Command{"memcheck", "Tell a memory leak from arena growth and allocator caching; find the setting that helps",
            Needs::kSession, Setup}};

}  // namespace
}  // namespace ortkit::cli
