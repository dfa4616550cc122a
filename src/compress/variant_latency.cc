// The latency of one compressed variant against the original, interleaved in one process.
#include "compress/variant_latency.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <vector>

#include "bench/stats.h"
#include "graph/fix_session.h"
#include "ortkit/model.h"
#include "workload/guesses.h"
#include "workload/inputs.h"

namespace ortkit::compress {
namespace {

double TimeRunMs(const Model& model, const NamedValues& inputs) {
  const auto start = std::chrono::steady_clock::now();
  model.run(inputs);
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

struct Block {
  double p50 = 0, p99 = 0;
};

Block Summary(std::vector<double> ms) {
  const bench::LatencyStats s = bench::Summarize(std::move(ms));
  return {s.p50, s.p99};
}

double Ratio(double a, double b) { return b > 0 ? a / b : 0; }

}  // namespace

PairedLatency MeasurePairedLatency(const std::string& original_path, const std::string& variant_path,
                                   int intra_op_threads, const CompressOptions& options) {
  SessionConfig config;
  config.intra_op_threads = intra_op_threads;
  config.custom_op_libraries = options.fix.custom_op_libraries;
  const Model original = Model::Load(original_path, config);
  const Model variant = Model::Load(variant_path, config);
  graph::PairedInputs inputs;
  if (options.dims.empty()) {
    inputs = graph::MakePairedInputs(variant, original, options.fix.seed, original_path);
  } else {
    // The sizes asked for: every variant keeps the original's input types (float16 keeps float32
    // at its boundary), so both models take the same values.
    workload::InputRequest request;
    request.seed = options.fix.seed;
    request.dims = options.dims;
    request.values = workload::GuessValueRulesForFile(original_path, original.inputs());
    for (auto& input : workload::BuildSeededInputs(original.inputs(), request)) {
      inputs.original.push_back(std::move(input.value));
    }
    inputs.fixed = inputs.original;
  }
  for (int i = 0; i < options.warmup; ++i) {
    original.run(inputs.original);
    variant.run(inputs.fixed);
  }
  std::vector<double> o50, o99, v50, v99, r50, r99;
  for (int r = 0; r < options.repeats; ++r) {
    std::vector<double> o, v;
    for (int i = 0; i < options.runs; ++i) {
      // Flipping the order each run: a model that always ran second would find the caches (and,
      // with a thread pool, the other session's spinning threads) in the state the first left.
      if (i % 2 == 0) {
        o.push_back(TimeRunMs(original, inputs.original));
        v.push_back(TimeRunMs(variant, inputs.fixed));
      } else {
        v.push_back(TimeRunMs(variant, inputs.fixed));
        o.push_back(TimeRunMs(original, inputs.original));
      }
    }
    const Block ob = Summary(std::move(o));
    const Block vb = Summary(std::move(v));
    o50.push_back(ob.p50);
    o99.push_back(ob.p99);
    v50.push_back(vb.p50);
    v99.push_back(vb.p99);
    r50.push_back(Ratio(vb.p50, ob.p50));
    r99.push_back(Ratio(vb.p99, ob.p99));
  }
  PairedLatency result;
  result.original = {intra_op_threads, bench::Median(o50), bench::Median(o99), 1, 1};
  const double ratio = bench::Median(r50);
  double noise = 0;
  for (double r : r50) noise = std::max(noise, ratio > 0 ? std::abs(r - ratio) / ratio : 0);
  result.variant = {intra_op_threads, bench::Median(v50), bench::Median(v99), ratio, bench::Median(r99), noise};
  return result;
}

}  // namespace ortkit::compress
