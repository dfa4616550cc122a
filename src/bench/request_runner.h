// One thread's way of running requests: Model::run, or a Runner (IoBinding) kept across runs.
#pragma once

#include <chrono>
#include <optional>

#include "ortkit/model.h"
#include "ortkit/runner.h"

namespace ortkit::bench {

/// Not thread-safe (a Runner is per thread): give each worker its own.
class RequestRunner {
 public:
  RequestRunner(const Model& model, bool io_binding) : model_(model) {
    if (io_binding) runner_.emplace(model.runner());
  }

  /// Runs once; the outputs are dropped (their release is part of the request, as in a server).
  void Run(const NamedValues& inputs) {
    if (runner_) {
      runner_->run(inputs);
    } else {
      model_.run(inputs);
    }
  }

  /// Run() timed with steady_clock, in milliseconds.
  double TimedRun(const NamedValues& inputs) {
    const auto start = std::chrono::steady_clock::now();
    Run(inputs);
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  }

 private:
  Model model_;
  std::optional<Runner> runner_;
};

}  // namespace ortkit::bench
