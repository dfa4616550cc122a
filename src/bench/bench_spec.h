// What one benchmark measures: the model, its session config, inputs, shapes, budget and
// concurrency. Its JSON is also what a parent hands to each fresh child process.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "bench/shape_plan.h"
#include "ortkit/session_config.h"
#include "workload/value_rule.h"

namespace ortkit::bench {

struct BenchSpec {
  std::string model_path;
  SessionConfig config;
  std::vector<std::pair<std::string, std::string>> input_files;  ///< input name, .pb/.npy path
  uint64_t seed = 0;
  /// How inputs no file gives are filled (--value rules, then the graph's guesses); the rest are
  /// seeded random values (workload::RandomTensor).
  std::vector<workload::ValueRule> values;
  ShapePlan shapes;
  /// --inputs-from: parallel to shapes.shapes, the files of the first saved run of each shape
  /// (they give every input, in place of input_files); empty otherwise.
  std::vector<std::vector<std::pair<std::string, std::string>>> shape_files;

  int warmup = 10;          ///< untimed runs before each steady-state phase (at least 1 per shape)
  int64_t iterations = 0;   ///< timed requests per phase; 0: bounded by duration_s only
  double duration_s = 3.0;  ///< seconds per phase; 0: bounded by iterations only. With both set,
                            ///< a phase runs until both are reached (as trtexec does).
  int cold_runs = 5;        ///< fresh processes that measure the cold start (>= 1)
  int threads = 1;          ///< concurrent requests (each a thread); raised to `sessions` if lower
  int sessions = 1;         ///< sessions in the pool; thread t uses session t % sessions
  bool io_binding = false;  ///< run through ortkit::Runner (ORT IoBinding) instead of Model::run
  double max_variation = 0.10;  ///< warn when a phase's stddev / mean exceeds this

  /// Throws Error(kConfig) naming the field, the value and what is allowed.
  void Validate() const;

  /// Lossless JSON (the child processes' wire format, and "spec" in a result's JSON).
  std::string ToJson() const;
  /// Throws Error(kConfig) for malformed JSON or fields of the wrong type.
  static BenchSpec FromJson(const std::string& json);

  /// The worker threads a steady-state phase uses: max(threads, sessions).
  int workers() const noexcept { return threads > sessions ? threads : sessions; }
};

}  // namespace ortkit::bench
