// `ortkit tune`: searches session settings for the best on one objective, measured against ORT's
// defaults in the same run, and writes the winner as a deployment profile (SessionConfig JSON).
#include <algorithm>
#include <exception>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <fmt/ranges.h>

#include "bench/bench_workload.h"
#include "bench/tune.h"
#include "bench/tune_memory.h"
#include "bench/tune_probe.h"
#include "cli/cli_common.h"
#include "cli/custom_op_flag.h"
#include "cli/output.h"
#include "cli/progress.h"
#include "cli/saved_runs_spec.h"
#include "cli/workload_options.h"
#include "core/atomic_file.h"
#include "core/duration.h"
#include "core/provider_options.h"
#include "core/scratch_dir.h"
#include "ortkit/cpu_budget.h"
#include "ortkit/error.h"
#include "ortkit/model.h"
#include "ortkit/runtime.h"
#include "report/tune_render.h"
#include "workload/inputs.h"

namespace ortkit::cli {
namespace {

constexpr const char* kNotes = R"(
ORT's defaults (an empty session config) are measured first: one pacing run, then twice. How much
those two measurements differ is the noise (at least 2%): the search keeps a change only when it
wins by more. The best configurations and the defaults are then measured again while the budget
lasts, and the winner must beat the defaults by about two standard errors of all their runs.
Then, starting from --config (or the defaults), one axis at a time is varied from the best so far
- provider, provider options, intra-op threads, spinning, optimisation level, execution mode,
CPU arena, memory pattern, arena extend strategy, and for cold-start the saved pre-optimised
model (ONNX and ORT format, loaded with optimisation disabled) - keeping a change only when it
wins beyond the noise, until the budget is spent. Each configuration runs in fresh processes, as
`ortkit bench` does. If nothing wins beyond the noise, the profile written is ORT's defaults.
The winner then keeps only the settings that pay, in time the budget sets aside for it:
- memory guard (latency and throughput objectives): peak memory, the peak RSS of one
  steady-state process running every shape a few times, may rise at most --max-memory-increase
  over ORT's defaults. A model with free dimensions is measured over several sizes: the run's
  shapes when there are several, else the first free dimension at 1x, 2x, 4x and 8x its size
  (batch 1, 2, 4, 8). While the winner is over the limit, the setting whose removal lowers peak
  memory most is dropped.
- ablation (backward elimination): each round measures the winner without each of its settings
  (that setting back at ORT's default) and drops the one whose removal costs least, if that
  cost is within the noise bar (the spread of every measurement of ORT's defaults so far, at
  least the noise above); it stops when every remaining setting costs more. Settings the budget
  left no time to try are kept, and the report says so.
- final comparison: what is left and ORT's defaults, measured alternately, 3 times each; their
  medians and ratio are the result. If it does not win beyond the noise bar, the profile is
  ORT's defaults. A budget too short to hold the final comparison is refused before the search.
The report lists every dropped setting with its reason; the profile holds only the kept ones.
--config's profiling and optimized_model_path settings are dropped (they are not tuned).
Providers compiled in but unusable here (CUDA without its libraries) are reported as not
searched, with the reason.
Objectives: p50 (also p90, p95, p99, mean, throughput), cold-start, peak-memory.
Exit status: 0, 2 on errors (nothing is written then; a --budget too short for the final
comparison is such an error).
)";

constexpr const char* kExamples = R"(
Examples:
  ortkit tune model.onnx --objective p50 --budget 2m -o deployment.json
  ortkit tune model.onnx --objective cold-start -o deployment.json      may write deployment.optimized.onnx
  ortkit tune model.onnx --objective peak-memory --dim batch=8 -o low-memory.json --force
  ortkit tune model.onnx --provider cpu --provider webgpu --provider-option webgpu:preferredLayout=NHWC -o gpu.json
  ortkit tune model.onnx --config current.json --budget 90s -o better.json --format json --report tune.json
  ortkit tune model.onnx --axes intra_threads,spinning --budget 30s -o threads.json
  ortkit tune model.onnx --budget 2m --max-memory-increase 25% --dim batch=1,8 -o lean.json
  ortkit tune model.onnx --budget 2m --max-memory-increase off -o fastest.json
)";

struct Options {
  std::string model, objective = "p50", budget = "10m", config_path, output, max_memory_increase = "10%";
  std::vector<std::string> providers, provider_options, axes, custom_op_libraries;
  WorkloadOptions workload;
  OutputOptions report;
};

std::optional<bench::Objective> ParseTuneObjective(const std::string& name) {
  if (name == "cold-start") return bench::Objective::kColdStart;
  if (name == "peak-memory") return bench::Objective::kPeakRss;
  return bench::ParseObjective(name);
}

std::string CheckObjective(const std::string& text) {
  return ParseTuneObjective(text) ? "" : "unknown objective '" + text + "' (known: p50, cold-start, peak-memory, " +
                                             bench::ObjectiveNames() + ")";
}

// "10%", "10" (percent) or "off" -> the share (0.10), or -1 for off; nullopt when malformed.
std::optional<double> ParseMemoryIncrease(const std::string& text) {
  if (text == "off") return -1.0;
  std::string number = text;
  if (!number.empty() && number.back() == '%') number.pop_back();
  if (number.empty() || number.find_first_not_of("0123456789.") != std::string::npos) return std::nullopt;
  try {
    std::size_t used = 0;
    const double percent = std::stod(number, &used);
    if (used != number.size()) return std::nullopt;
    return percent / 100;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

std::string CheckMemoryIncrease(const std::string& text) {
  return ParseMemoryIncrease(text) ? "" : "expected a percentage such as 10% (or off), got '" + text + "'";
}

std::string CheckProvider(const std::string& text) {
  if (CanonicalProviderName(text)) return {};
  return fmt::format("unknown provider '{}' (known: {})", text, fmt::join(KnownProviderNames(), ", "));
}

// "webgpu:preferredLayout=NHWC" -> provider, key, value; "" or what is wrong.
std::string ParseProviderOption(const std::string& text, std::string* provider, std::string* key, std::string* value) {
  const auto colon = text.find(':');
  const auto eq = text.find('=', colon == std::string::npos ? 0 : colon);
  if (colon == std::string::npos || colon == 0 || eq == std::string::npos || eq == colon + 1) {
    return "expected PROVIDER:KEY=VALUE (e.g. cuda:cudnn_conv_algo_search=HEURISTIC), got '" + text + "'";
  }
  const auto canonical = CanonicalProviderName(text.substr(0, colon));
  if (!canonical) return CheckProvider(text.substr(0, colon));
  *provider = *canonical;
  *key = text.substr(colon + 1, eq - colon - 1);
  *value = text.substr(eq + 1);
  return core::CheckProviderOption(*provider, *key, *value);
}

std::string CheckProviderOptionFlag(const std::string& text) {
  std::string provider, key, value;
  return ParseProviderOption(text, &provider, &key, &value);
}

// Which providers can run here, and for those that can't, the sentence that says so.
struct ProviderSurvey {
  std::vector<std::string> usable;
  std::vector<std::pair<std::string, std::string>> unusable;  // name, why

  std::string Unavailable(const std::string& name, const std::string& why) const {
    return fmt::format("provider '{}' is unavailable in this ONNX Runtime build (it has: {})", name, fmt::join(usable, ", ")) +
           (why.empty() ? "" : ": " + OneLine(why));
  }
};

ProviderSurvey SurveyProviders() {
  ProviderSurvey survey;
  survey.usable.push_back("cpu");
  for (const auto& ort_name : OrtAvailableProviders()) {
    const std::string name = CanonicalProviderName(ort_name).value_or(ort_name);
    if (name == "cpu") continue;
    std::string why;
    if (ProviderUsable(name, &why)) {
      survey.usable.push_back(name);
    } else {
      survey.unusable.emplace_back(name, why);
    }
  }
  return survey;
}

bool Contains(const std::vector<std::string>& list, const std::string& item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

// "deployment.json" -> "deployment.optimized.onnx".
std::string SavedModelPathFor(const std::string& profile, const std::string& format) {
  std::string stem = profile;
  if (stem.size() > 5 && stem.compare(stem.size() - 5, 5, ".json") == 0) stem.resize(stem.size() - 5);
  return stem + ".optimized" + bench::SavedModelExtension(format);
}

bench::TuneSpec BuildSpec(const Options& o, const ProviderSurvey& survey, const CpuBudget& cpus) {
  bench::TuneSpec spec;
  spec.objective = *ParseTuneObjective(o.objective);
  core::ParseDuration(o.budget, &spec.budget_s);
  spec.max_memory_increase = *ParseMemoryIncrease(o.max_memory_increase);
  spec.base.model_path = o.model;
  spec.base.seed = o.workload.seed;
  spec.base.values = workload::ParseValueFlags(o.workload.values);
  if (!o.config_path.empty()) {
    spec.base.config = SessionConfig::FromFile(o.config_path);
    // Profiling and saving the optimised model would cost time in every measurement and write
    // files from each process: they are not deployment settings to tune.
    spec.base.config.profiling_prefix.clear();
    spec.base.config.optimized_model_path.clear();
  }
  // The winning profile lists them too: the model needs them wherever it is deployed.
  AddCustomOpLibraries(o.custom_op_libraries, spec.base.config);
  spec.base.shapes = bench::ShapesFromDims(o.workload.dims);
  spec.base.input_files = InputFiles(o.workload);
  ApplySavedRuns(SavedRuns(o.workload), &spec.base);  // checked against the model, shapes as bench takes them
  for (const auto& text : o.provider_options) {
    std::string provider, key, value;
    ParseProviderOption(text, &provider, &key, &value);
    spec.space.provider_options[provider][key] = value;
  }
  // Providers: those asked for, each of which must run here; else every one that runs here.
  std::vector<std::string> wanted;
  for (const auto& p : o.providers) {
    const std::string name = *CanonicalProviderName(p);
    if (!Contains(wanted, name)) wanted.push_back(name);
  }
  for (const auto& [provider, options] : spec.space.provider_options) {
    if (!o.providers.empty() && !Contains(wanted, provider)) {
      throw Error(ErrorCategory::kConfig, "--provider-option gives options for '" + provider +
                                              "', which is not among the --provider values");
    }
  }
  auto why_unusable = [&](const std::string& name) -> std::optional<std::string> {
    if (Contains(survey.usable, name)) return std::nullopt;
    for (const auto& [n, why] : survey.unusable) {
      if (n == name) return why;
    }
    return std::string("not compiled in");
  };
  for (const auto& name : wanted) {
    if (auto why = why_unusable(name)) throw Error(ErrorCategory::kConfig, survey.Unavailable(name, *why));
  }
  for (const auto& [provider, options] : spec.space.provider_options) {
    if (auto why = why_unusable(provider)) {
      throw Error(ErrorCategory::kConfig, "--provider-option " + provider + ":...: " + survey.Unavailable(provider, *why));
    }
  }
  spec.space.providers = wanted.empty() ? survey.usable : wanted;
  if (wanted.empty()) {
    for (const auto& [name, why] : survey.unusable) spec.space.unavailable.emplace_back(name, survey.Unavailable(name, why));
  }
  // The search starts on the first provider asked for, with its --provider-option values.
  if (!wanted.empty() && o.config_path.empty()) {
    bench::TuneChoice start{{{"provider", wanted.front()}}};
    for (const auto& [key, value] : spec.space.provider_options[wanted.front()]) {
      start.steps.push_back({"option:" + wanted.front() + ":" + key, value});
    }
    bench::ApplyChoice(start, spec.base);
  }
  // The thread axis stops at the CPUs this process may use (affinity, cgroup quota), not the host's.
  spec.space.cores = cpus.usable;
  spec.space.saved_model = spec.objective == bench::Objective::kColdStart;
  spec.space.only_axes = o.axes;
  // An unknown --axes name fails here, before anything is measured; then what the library refuses.
  spec.space.refused = bench::ProbeRefusedSettings(bench::BuildAxes(spec.space));
  return spec;
}

// The memory guard's shapes (bench::MemoryShapes): input files fix the sizes they show, so with
// them the guard runs the run's own shapes.
bench::ShapePlan MemoryShapesFor(const bench::BenchSpec& base) {
  if (!base.input_files.empty()) return base.shapes;
  SessionConfig quick = base.config;
  quick.optimization_level = OptimizationLevel::kDisabled;  // the inputs are all it needs
  return bench::MemoryShapes(base.shapes, workload::FreeDimKeys(Model::Load(base.model_path, quick).inputs()));
}

int Execute(const Options& o, const Context& context) {
  // Refusals first, so that nothing is measured for minutes only to fail at the end.
  const core::Overwrite overwrite = OverwriteRule(o.report);
  core::CheckWritable(o.output, overwrite, "-o");
  const bool cold = ParseTuneObjective(o.objective) == bench::Objective::kColdStart;
  if (cold) {
    for (const char* format : {"ONNX", "ORT"}) core::CheckWritable(SavedModelPathFor(o.output, format), overwrite, "-o");
  }
  CheckReportPath(o.report);
  const ProviderSurvey survey = SurveyProviders();
  const CpuBudget cpus = ReadCpuBudget();
  bench::TuneSpec spec = BuildSpec(o, survey, cpus);
  std::vector<std::string> workload_notes = bench::PrepareWorkload(&spec.base);
  if (std::string note = FitThreadsToUsableCpus(spec.base.config, cpus); !note.empty()) {
    workload_notes.push_back(note);
  }
  spec.memory_shapes = MemoryShapesFor(spec.base);
  core::ScratchDir work("tune");
  spec.work_dir = work.path();

  ProgressLine bar(context);
  bench::BenchEnvironment environment;
  if (bar.visible()) {
    environment.progress = [&bar](const bench::BenchProgress& p) { bar.Show(report::ProgressLine(p, 79)); };
  }
  bench::TuneResult result = bench::RunTune(spec, environment);
  bar.Clear();
  result.notes.insert(result.notes.begin(), workload_notes.begin(), workload_notes.end());

  report::TuneFiles files;
  const bench::TuneTrial& best = result.best();
  if (!best.saved_model.empty()) {
    files.model = SavedModelPathFor(o.output, best.saved_model);
    core::WriteFileAtomically(files.model, core::ReadWholeFile(best.model_path), overwrite);
  }
  SessionConfig profile = best.config;
  profile.optimized_model_path.clear();
  core::WriteFileAtomically(o.output, profile.ToJson() + "\n", overwrite);
  files.profile = o.output;

  std::ostringstream text;
  report::RenderTune(result, files, TableFormat(o.report.format), text);
  EmitReport(context, o.report, text.str());
  return kExitOk;
}

Action Setup(CLI::App& app) {
  auto o = std::make_shared<Options>();
  app.add_option("MODEL", o->model, "The ONNX model to tune")->required()->type_name("FILE");
  app.add_option("--objective", o->objective, "What to make best: p50, cold-start, peak-memory (or p90, p95, p99, mean, "
                                              "throughput); default p50")
      ->type_name("NAME")->check(FlagCheck(CheckObjective));
  app.add_option("--budget", o->budget, "How long to measure: 90s, 10m, 1h, 1m30s (default 10m)")
      ->type_name("TIME")->check(FlagCheck(CheckDurationFlag));
  app.add_option("--provider", o->providers, "Providers to try (default: every one that works here); repeatable")
      ->type_name("NAME")->allow_extra_args(false)->check(FlagCheck(CheckProvider));
  app.add_option("--provider-option", o->provider_options, "An option a provider starts with; repeatable")
      ->type_name("PROVIDER:KEY=VALUE")->allow_extra_args(false)->check(FlagCheck(CheckProviderOptionFlag));
  app.add_option("--axes", o->axes, "Search only these axes (provider, intra_threads, spinning, opt, execution_mode, "
                                     "arena, mem_pattern, arena_extend, webgpu_options, saved_model, ...)")
      ->type_name("NAME,...")->delimiter(',');
  app.add_option("--max-memory-increase", o->max_memory_increase,
                 "Latency and throughput objectives: the most the winner may raise peak memory over ORT's "
                 "defaults, e.g. 25% "
                 "(default 10%; off: no limit)")
      ->type_name("PERCENT")->check(FlagCheck(CheckMemoryIncrease));
  app.add_option("--config", o->config_path, "Start the search from this session config (deployment profile)")
      ->type_name("FILE");
  AddCustomOpLibraryOption(app, o->custom_op_libraries);
  AddWorkloadOptions(app, o->workload, SizeUse::kMany);
  app.add_option("-o,--output", o->output, "Where to write the winning profile (SessionConfig JSON)")
      ->required()->type_name("FILE");
  AddOutputOptions(app, o->report, {Format::kText, Format::kJson, Format::kCsv});
  app.footer(std::string(kNotes) + kWorkloadHelp + kExamples);
  return [o](const Context& context) { return Execute(*o, context); };
}

const CommandRegistration kRegistration{
    Command{"tune", "Search session settings for the fastest (or leanest) and write a deployment profile", Needs::kSession,
            Setup}};

}  // namespace
}  // namespace ortkit::cli
