// Cold start and peak RSS of each variant, each measured in fresh processes.
#include "compress/fresh_process.h"

#include <filesystem>

#include <fmt/format.h>

#include "bench/bench_workload.h"
#include "bench/run_bench.h"
#include "bench/stats.h"

namespace ortkit::compress {

std::vector<ProcessFigures> MeasureFreshProcesses(const std::vector<std::string>& paths,
                                                  const CompressOptions& options, const std::string& executable,
                                                  const std::function<void(const std::string&)>& progress) {
  std::vector<std::vector<double>> cold(paths.size()), rss(paths.size());
  bench::BenchEnvironment environment;
  environment.executable = executable;
  // Settled once per model, in this process, as `ortkit bench` does: the graph's guesses about
  // inputs and sizes that run for free dimensions, so that every child feeds the same workload.
  std::vector<bench::BenchSpec> specs;
  for (const auto& path : paths) {
    bench::BenchSpec spec;
    spec.model_path = path;
    spec.config.custom_op_libraries = options.fix.custom_op_libraries;
    spec.seed = options.fix.seed;
    // One process: its cold start, then a short steady state bounded by runs alone, so that the
    // peak RSS includes what running (not only loading) costs.
    spec.cold_runs = 1;
    spec.warmup = 1;
    spec.iterations = options.rss_runs;
    spec.duration_s = 0;
    if (!options.dims.empty()) spec.shapes = bench::ShapesFromRows({options.dims});
    bench::PrepareWorkload(&spec);
    specs.push_back(std::move(spec));
  }
  for (int round = 0; round < options.cold_runs; ++round) {
    for (std::size_t i = 0; i < paths.size(); ++i) {
      if (progress) {
        progress(fmt::format("fresh process {}/{}: {}", round * paths.size() + i + 1, options.cold_runs * paths.size(),
                             std::filesystem::path(paths[i]).stem().string()));
      }
      const bench::BenchResult result = bench::RunBench(specs[i], environment);
      cold[i].push_back(bench::ColdStartMs(result.cold));
      rss[i].push_back(result.peak_rss_mib);
    }
  }
  std::vector<ProcessFigures> figures;
  for (std::size_t i = 0; i < paths.size(); ++i) {
    figures.push_back({bench::Median(cold[i]), bench::Median(rss[i])});
  }
  return figures;
}

}  // namespace ortkit::compress
