// RunBench: fresh processes for the cold starts and the steady state, results aggregated.
#include "bench/run_bench.h"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <fstream>

#include <fmt/format.h>

#include "bench/child_job.h"
#include "core/scratch_dir.h"
#include "ortkit/error.h"
#include "ortkit/runtime.h"
#include "process/child_process.h"

namespace ortkit::bench {
namespace {

// Below this many requests, the p99 is (nearly) the max: the warning says so.
constexpr int64_t kRequestsForP99 = 100;

// Starts the child processes of one benchmark; their job and result files live in `scratch`.
struct Children {
  const BenchSpec& spec;
  std::string executable;
  core::ScratchDir scratch{"bench"};
  int count = 0;

  // Runs one job in a fresh process; `on_progress` receives the steady-state progress lines.
  SteadyResult Run(ChildJob job, const std::function<void(std::size_t, std::size_t, double)>& on_progress) {
    const std::string id = std::to_string(count++);
    const std::string job_path = scratch.File("job" + id + ".json");
    const std::string out_path = scratch.File("result" + id + ".json");
    core::WriteWholeFile(job_path, ChildJobToJson(job, spec));
    process::ChildOptions child;
    child.argv = {executable, kChildCommand, "--job", job_path, "--out", out_path};
    // Its result comes back in a file; its warnings reach the user as they come.
    child.stdout_mode = process::Stdout::kDiscard;
    child.stderr_mode = process::Stderr::kInherit;
    // In bench's own group: Ctrl-C, or doctor's deadline for its bench step, ends it with bench.
    child.own_process_group = false;
    if (on_progress) {
      child.argv.insert(child.argv.end(), {"--progress-fd", std::to_string(process::kProgressFd)});
      child.on_progress_line = [&on_progress](const std::string& line) {
        std::size_t phase = 0, phases = 0;
        double fraction = 0;
        if (std::sscanf(line.c_str(), "%zu %zu %lf", &phase, &phases, &fraction) == 3) on_progress(phase, phases, fraction);
      };
    }
    const process::ChildResult exit = process::RunChild(child);
    const std::string what = job == ChildJob::kColdStart ? "cold start" : "steady state";
    if (exit.signal != 0) {
      throw Error(ErrorCategory::kRun, fmt::format("the {} process for '{}' was killed by signal {} ({})", what,
                                                   spec.model_path, exit.signal, strsignal(exit.signal)));
    }
    if (!std::ifstream(out_path)) {
      throw Error(ErrorCategory::kRun, fmt::format("the {} process for '{}' exited with status {} and no result "
                                                   "('{}' must host the {} subcommand)",
                                                   what, spec.model_path, exit.exit_code, executable, kChildCommand));
    }
    return ReadChildResult(out_path);  // rethrows the child's error
  }
};

template <typename Field>
LatencyStats Over(const std::vector<ColdSample>& samples, Field field) {
  std::vector<double> values;
  for (const auto& s : samples) values.push_back(s.*field);
  return Summarize(std::move(values));
}

ColdStart Aggregate(const std::vector<ColdSample>& samples) {
  ColdStart cold;
  cold.runs = static_cast<int>(samples.size());
  cold.read_file = Over(samples, &ColdSample::read_file_ms);
  cold.session_create = Over(samples, &ColdSample::session_create_ms);
  cold.first_run = Over(samples, &ColdSample::first_run_ms);
  cold.second_run = Over(samples, &ColdSample::second_run_ms);
  cold.peak_rss_mib = Over(samples, &ColdSample::peak_rss_mib);
  const std::size_t shapes = samples.empty() ? 0 : samples.front().new_shape_first_run_ms.size();
  for (std::size_t i = 0; i < shapes; ++i) {
    std::vector<double> values;
    for (const auto& s : samples) values.push_back(s.new_shape_first_run_ms.at(i).second);
    cold.new_shape_first_run.emplace_back(samples.front().new_shape_first_run_ms[i].first, Summarize(std::move(values)));
  }
  return cold;
}

}  // namespace

void CheckProvidersUsable(const SessionConfig& config) {
  for (const auto& provider : config.providers) {
    const std::string name = CanonicalProviderName(provider.name).value_or(provider.name);
    if (name == "cpu") continue;
    std::string why;
    if (!ProviderUsable(name, &why)) {
      throw Error(ErrorCategory::kConfig, "provider '" + name + "' is not usable here: " + why);
    }
  }
}

std::vector<std::string> PhaseWarnings(const std::vector<PhaseResult>& phases, double max_variation) {
  std::vector<std::string> warnings;
  for (const auto& phase : phases) {
    // The mix's spread comes from its shapes, not from noise: only single-shape phases are judged.
    const double cv = phase.latency.CoefficientOfVariation();
    if (phase.name != kMixPhase && cv > max_variation) {
      warnings.push_back(fmt::format(
          "'{}': run-to-run variation is high (stddev is {:.1f}% of the mean, above {:.1f}%); the machine may be "
          "busy or changing clock speed: close other work, run longer, or compare percentiles rather than means",
          phase.name, cv * 100, max_variation * 100));
    }
    if (phase.requests < kRequestsForP99) {
      warnings.push_back(fmt::format("'{}': only {} timed requests; its p99 needs at least {} to differ from the max",
                                     phase.name, phase.requests, kRequestsForP99));
    }
  }
  return warnings;
}

BenchResult RunBench(const BenchSpec& spec, const BenchEnvironment& environment) {
  spec.Validate();
  CheckProvidersUsable(spec.config);
  Children children{spec, environment.executable.empty() ? process::CurrentExecutable() : environment.executable};

  const std::size_t shapes = spec.shapes.shapes.empty() ? 1 : spec.shapes.shapes.size();
  const std::size_t phases = shapes > 1 ? shapes + 1 : shapes;
  const double units = static_cast<double>(spec.cold_runs - 1 + static_cast<int>(phases));
  auto report = [&](const std::string& what, double done) {
    if (environment.progress) environment.progress(BenchProgress{what, std::min(1.0, done / units)});
  };

  std::vector<ColdSample> samples;
  for (int i = 0; i + 1 < spec.cold_runs; ++i) {
    report(fmt::format("cold start {}/{}", i + 1, spec.cold_runs), i);
    samples.push_back(children.Run(ChildJob::kColdStart, {}).cold);
  }
  report(fmt::format("cold start {}/{}", spec.cold_runs, spec.cold_runs), spec.cold_runs - 1);
  std::function<void(std::size_t, std::size_t, double)> on_progress;
  if (environment.progress) {
    on_progress = [&](std::size_t phase, std::size_t count, double fraction) {
      report(fmt::format("steady state {}/{}", phase + 1, count), spec.cold_runs - 1 + static_cast<double>(phase) + fraction);
    };
  }
  SteadyResult steady = children.Run(ChildJob::kSteady, on_progress);
  report("done", units);

  BenchResult result;
  result.ortkit_version = Version();
  result.onnxruntime_version = OrtLibraryVersion();
  result.spec = spec;
  result.providers = steady.cold.providers;
  result.peak_rss_mib = steady.cold.peak_rss_mib;
  samples.push_back(std::move(steady.cold));
  result.cold = Aggregate(samples);
  result.phases = std::move(steady.phases);
  result.warnings = PhaseWarnings(result.phases, spec.max_variation);
  return result;
}

}  // namespace ortkit::bench
