// `ortkit bench`: cold start (fresh processes), steady-state latency and throughput per shape and
// for the mix, concurrency, a matrix of settings, and a regression check against a baseline.
#include <algorithm>
#include <functional>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "bench/baseline.h"
#include "bench/bench_workload.h"
#include "bench/matrix.h"
#include "bench/run_bench.h"
#include "bench/setting.h"
#include "core/duration.h"
#include "cli/cli_common.h"
#include "cli/custom_op_flag.h"
#include "cli/output.h"
#include "cli/progress.h"
#include "cli/saved_runs_spec.h"
#include "cli/workload_options.h"
#include "ortkit/cpu_budget.h"
#include "ortkit/error.h"
#include "ortkit/model.h"
#include "ortkit/runtime.h"
#include "report/bench_render.h"
#include "workload/saved_inputs.h"

namespace ortkit::cli {
namespace {

constexpr const char* kNotes = R"(
Cold start: each of --cold-runs fresh processes reads the model file, creates the session from its
bytes (graph optimisation, provider setup), runs the first shape twice (first and second run) and
every other shape once (the first run of a new shape pays for algorithm search, shader compilation
and memory planning). The last of them then goes on to the steady state: per phase (each shape
alone, then the mix of all shapes in a seeded shuffled order), warm-up requests, then timed ones
until --runs and --duration are both reached (default: 10 requests and 3 s). Only the run
call is timed. Peak RSS is each process's own (wait4). A phase whose stddev exceeds
--max-variation of its mean gets a warning. Exit status: 0, 1 when --baseline finds a regression
beyond --max-regression, 2 on errors.
)";

constexpr const char* kExamples = R"(
Examples:
  ortkit bench model.onnx                                   cold start and steady state, defaults
  ortkit bench model.onnx --dim batch=1,2,4,8 --runs 500 --cold-runs 3
  ortkit bench model.onnx --dim seq=16..128:16 --dim batch=1 --format markdown
  ortkit bench model.onnx --shape-file requests.txt         a realistic mix (lines: batch=1 seq=37)
  ortkit bench model.onnx --inputs-from saved/              each shape an application's saved runs had
  ortkit bench model.onnx --threads 4 --sessions 2 --duration 10s
  ortkit bench model.onnx --matrix intra_threads=1,2 arena=on,off opt=basic,all --objective p90
  ortkit bench model.onnx --config deployment.json --io-binding --json --report new.json
  ortkit bench model.onnx --baseline old.json --max-regression 5%
  ortkit bench model.onnx --provider webgpu --set mem_pattern=off --value ids=0..30000
  ortkit bench encoder.onnx --dim T=100,400,1600 --value speech_lengths=@T
)";

struct Options {
  bench::BenchSpec spec;
  std::string provider, config_path, shape_file, baseline_path;
  std::vector<std::string> custom_op_libraries;
  WorkloadOptions workload;
  std::vector<std::string> sets, matrix;
  std::string objective = "p50";
  std::string max_regression = "5%";
  std::string max_variation = "10%";
  std::string duration;  ///< --duration, core/duration.h's grammar
  OutputOptions output;
  CLI::Option* runs_flag = nullptr;
  CLI::Option* duration_flag = nullptr;
};

std::string CheckSet(const std::string& text) {
  std::pair<std::string, std::string> kv;
  if (!SplitAssignment(text, &kv)) return "expected KEY=VALUE (e.g. intra_threads=2), got '" + text + "'";
  const std::string why = bench::CheckSetting(kv.first, kv.second);
  return why.empty() ? why : "'" + text + "': " + why;
}

std::string CheckMatrix(const std::string& text) {
  bench::MatrixAxis axis;
  return bench::ParseMatrixAxis(text, &axis);
}

std::string CheckPercent(const std::string& text) {
  double fraction = 0;
  return bench::ParseRegressionLimit(text, &fraction);
}

std::string CheckObjective(const std::string& text) {
  return bench::ParseObjective(text) ? "" : "unknown objective '" + text + "' (known: " + bench::ObjectiveNames() + ")";
}

std::string CheckCount(const std::string& text) {
  int64_t n = 0;
  return ParseNonNegative(text, &n) ? "" : "expected a non-negative integer, got '" + text + "'";
}

// Everything the flags say, as the library's spec; flag syntax was checked while parsing.
bench::BenchSpec BuildSpec(Options& o) {
  bench::BenchSpec spec = o.spec;
  if (!o.config_path.empty()) spec.config = SessionConfig::FromFile(o.config_path);
  if (!o.provider.empty()) bench::ApplySetting(spec, "provider", o.provider);
  AddCustomOpLibraries(o.custom_op_libraries, spec.config);
  for (const auto& text : o.sets) {
    std::pair<std::string, std::string> kv;
    SplitAssignment(text, &kv);
    bench::ApplySetting(spec, kv.first, kv.second);
  }
  const std::vector<SavedRunFiles> saved = SavedRuns(o.workload);
  spec.input_files = saved.empty() ? InputFiles(o.workload) : saved.front().files;
  spec.values = workload::ParseValueFlags(o.workload.values);
  spec.seed = o.workload.seed;
  if (!o.shape_file.empty() && !o.workload.dims.empty()) {
    throw Error(ErrorCategory::kConfig, "--dim and --shape-file both give shapes; use one of them");
  }
  spec.shapes = o.shape_file.empty() ? bench::ShapesFromDims(o.workload.dims) : bench::ReadShapeFile(o.shape_file);
  if (!saved.empty() && !o.shape_file.empty()) {
    throw Error(ErrorCategory::kConfig, "--inputs-from and --shape-file both give shapes; use one of them");
  }
  // Each distinct saved shape is a phase, weighed by its runs in the mix; the children build
  // inputs from the files alone.
  ApplySavedRuns(saved, &spec);
  // Neither budget given: trtexec's rule, at least 10 requests and 3 seconds per phase.
  const bool runs_given = o.runs_flag->count() > 0, duration_given = o.duration_flag->count() > 0;
  if (duration_given) core::ParseDuration(o.duration, &spec.duration_s);
  if (runs_given && !duration_given) spec.duration_s = 0;
  if (duration_given && !runs_given) spec.iterations = 0;
  if (!runs_given && !duration_given) spec.iterations = 10;
  bench::ParseRegressionLimit(o.max_variation, &spec.max_variation);
  return spec;
}

int Execute(Options& o, const Context& context) {
  CheckReportPath(o.output);
  bench::BenchSpec spec = BuildSpec(o);
  std::vector<std::string> notes = bench::PrepareWorkload(&spec);
  if (std::string note = FitThreadsToUsableCpus(spec.config, ReadCpuBudget()); !note.empty()) notes.push_back(note);
  const bench::Objective objective = *bench::ParseObjective(o.objective);
  ProgressLine bar(context);
  bench::BenchEnvironment environment;
  if (bar.visible()) {
    environment.progress = [&bar](const bench::BenchProgress& p) { bar.Show(report::ProgressLine(p, 79)); };
  }
  const report::Format format = TableFormat(o.output.format);
  std::ostringstream text;
  if (!o.matrix.empty()) {
    if (!o.baseline_path.empty()) {
      throw Error(ErrorCategory::kConfig, "--baseline compares one configuration; it does not work with --matrix");
    }
    std::vector<bench::MatrixAxis> axes(o.matrix.size());
    for (std::size_t i = 0; i < o.matrix.size(); ++i) bench::ParseMatrixAxis(o.matrix[i], &axes[i]);
    const bench::MatrixResult matrix = bench::RunMatrix(spec, axes, objective, environment);
    bar.Clear();
    report::RenderMatrix(matrix, format, text);
    EmitReport(context, o.output, text.str());
    return kExitOk;
  }
  // The baseline is read first, so that a bad file fails before minutes of measuring.
  std::optional<bench::BenchResult> baseline;
  if (!o.baseline_path.empty()) baseline = bench::ReadBaseline(o.baseline_path);
  std::optional<bench::BenchResult> result = bench::RunBench(spec, environment);
  bar.Clear();
  result->notes = notes;
  std::optional<bench::RegressionReport> regression;
  if (baseline) {
    double limit = 0;
    bench::ParseRegressionLimit(o.max_regression, &limit);
    regression = bench::CompareWithBaseline(*result, *baseline, o.baseline_path, objective, limit);
  }
  report::RenderBench(*result, regression ? &*regression : nullptr, format, text);
  EmitReport(context, o.output, text.str());
  return regression && regression->regressed() ? kExitFindings : kExitOk;
}

std::string SettingKeysHelp() {
  std::string text = "\nSettings (--set KEY=VALUE, --matrix KEY=V1,V2,...):\n";
  std::size_t width = 0;
  for (const auto& key : bench::SettingKeys()) width = std::max(width, key.key.size());
  for (const auto& key : bench::SettingKeys()) {
    text += fmt::format("  {:<{}}  {}\n", key.key, width, key.values);
  }
  return text;
}

Action Setup(CLI::App& app) {
  auto o = std::make_shared<Options>();
  bench::BenchSpec& s = o->spec;
  app.add_option("MODEL", s.model_path, "The ONNX model to benchmark")->required()->type_name("FILE");
  app.add_option("--provider", o->provider, "Execution provider (cpu, webgpu, ...); replaces those of --config")
      ->type_name("NAME")->check(FlagCheck(CheckProviderFlag));
  app.add_option("--config", o->config_path, "Session config (deployment profile) JSON to benchmark")->type_name("FILE");
  AddCustomOpLibraryOption(app, o->custom_op_libraries);
  app.add_option("--set", o->sets, "Change one setting (see below); repeatable")
      ->type_name("KEY=VALUE")->allow_extra_args(false)->check(FlagCheck(CheckSet));
  AddWorkloadOptions(app, o->workload, SizeUse::kMany);
  AddRetiredValueOptions(app);
  app.add_option("--shape-file", o->shape_file, "Requests' shapes, one per line as NAME=SIZE pairs")->type_name("FILE");
  app.add_option("--warmup", s.warmup, "Untimed requests before each phase (default 10)")->type_name("N")->check(FlagCheck(CheckCount));
  o->runs_flag = app.add_option("--runs", s.iterations, "Timed requests per phase (default: 10, and 3 s)")
                     ->type_name("N")->check(FlagCheck(CheckCount));
  o->duration_flag = app.add_option("--duration", o->duration, "Time per phase: 10s, 1m, ... (default: 3 s, and 10 runs)")
                         ->type_name("TIME")->check(FlagCheck(CheckDurationFlag));
  app.add_option("--cold-runs", s.cold_runs, "Fresh processes measuring the cold start (default 5)")
      ->type_name("N")->check(CLI::Range(1, 1000).description(""));
  app.add_option("--threads", s.threads, "Concurrent requests, threads sharing the sessions (default 1)")
      ->type_name("N")->check(CLI::Range(1, 1024).description(""));
  app.add_option("--sessions", s.sessions, "Sessions in the pool; thread t uses session t % N (default 1)")
      ->type_name("N")->check(CLI::Range(1, 1024).description(""));
  app.add_flag("--io-binding", s.io_binding, "Run through an IoBinding kept across runs (ortkit::Runner)");
  app.add_option("--matrix", o->matrix, "Benchmark every combination of these settings, each in its own processes")
      ->type_name("KEY=V1,V2,...")->check(FlagCheck(CheckMatrix));
  app.add_option("--objective", o->objective, "What ranks the matrix and what --baseline compares: " + bench::ObjectiveNames() +
                                                  " (default p50)")
      ->type_name("NAME")->check(FlagCheck(CheckObjective));
  app.add_option("--baseline", o->baseline_path, "An earlier --format json report to compare with")->type_name("FILE");
  app.add_option("--max-regression", o->max_regression, "How much worse than --baseline fails (exit 1; default 5%)")
      ->type_name("PERCENT")->check(FlagCheck(CheckPercent));
  app.add_option("--max-variation", o->max_variation, "Warn when a phase's stddev exceeds this share of its mean (default 10%)")
      ->type_name("PERCENT")->check(FlagCheck(CheckPercent));
  AddOutputOptions(app, o->output, {Format::kText, Format::kJson, Format::kCsv, Format::kMarkdown});
  AddRetiredOption(app, "--iterations", "use --runs N (the same flag in every subcommand)");
  app.footer(SettingKeysHelp() + kNotes + kWorkloadHelp + kExamples);
  return [o](const Context& context) { return Execute(*o, context); };
}

const CommandRegistration kRegistration{
    Command{"bench", "Measure cold start, latency, throughput and memory; compare settings or a baseline",
            Needs::kSession, Setup}};

}  // namespace
}  // namespace ortkit::cli
