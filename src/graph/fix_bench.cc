// `ortkit fix --bench`: the latency of the original and the fixed model, measured alike.
#include "graph/fix_bench.h"

#include <algorithm>
#include <chrono>
#include <vector>

#include "bench/stats.h"
#include "ortkit/model.h"

namespace ortkit::graph {
namespace {

double TimeRunMs(const Model& model, const NamedValues& inputs) {
  const auto start = std::chrono::steady_clock::now();
  model.run(inputs);
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

// Half the interquartile range over the median: how far a median of these runs may move by chance.
double RelativeSpread(std::vector<double> ms) {
  if (ms.empty()) return 0;
  std::sort(ms.begin(), ms.end());
  const double median = bench::Percentile(ms, 50);
  return median > 0 ? (bench::Percentile(ms, 75) - bench::Percentile(ms, 25)) / (2 * median) : 0;
}

}  // namespace

LatencyComparison MeasureLatency(const std::string& original_path, const FixedModelSource& fixed,
                                 const FixOptions& options) {
  SessionConfig config;
  config.intra_op_threads = 1;
  config.custom_op_libraries = options.custom_op_libraries;
  const Model original = Model::Load(original_path, config);
  const Model fixed_model = LoadFixedModel(fixed, config);
  const PairedInputs inputs = MakePairedInputs(fixed_model, original, options.seed, original_path);
  LatencyComparison result;
  result.runs = options.bench_runs;
  result.warmup = options.bench_warmup;
  for (int i = 0; i < options.bench_warmup; ++i) {
    original.run(inputs.original);
    fixed_model.run(inputs.fixed);
  }
  std::vector<double> before, after;
  for (int i = 0; i < options.bench_runs; ++i) {
    before.push_back(TimeRunMs(original, inputs.original));
    after.push_back(TimeRunMs(fixed_model, inputs.fixed));
  }
  result.noise = std::max(RelativeSpread(before), RelativeSpread(after));
  result.before_ms = bench::Median(std::move(before));
  result.after_ms = bench::Median(std::move(after));
  return result;
}

}  // namespace ortkit::graph
