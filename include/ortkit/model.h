// ortkit::Model: an ONNX model loaded into an ONNX Runtime session. Cheap to copy (copies share
// one session), safe to run from many threads, inputs validated before ORT sees them.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ortkit/arena_stats.h"
#include "ortkit/model_metadata.h"
#include "ortkit/session_config.h"
#include "ortkit/value.h"
#include "ortkit/value_spec.h"

namespace ortkit {

class Runner;

class Model {
 public:
  /// Loads the model at `path`. Throws Error(kConfig) for an invalid config or a provider this
  /// ORT build lacks (listing those it has) and Error(kLoad) when ORT refuses the model, its text
  /// prefixed with "while loading '<path>': ".
  static Model Load(const std::string& path, const SessionConfig& config = {});

  /// Loads a model from its serialized bytes; `label` names it in errors (e.g. "<memory>").
  static Model FromBytes(const void* data, std::size_t size, const SessionConfig& config = {},
                         const std::string& label = "<memory>");

  /// The path or label the model was loaded from.
  const std::string& name() const;
  const SessionConfig& config() const;
  const std::vector<ValueSpec>& inputs() const;
  const std::vector<ValueSpec>& outputs() const;
  const ModelMetadata& metadata() const;
  /// The providers the session was created with, in ORT's names, in priority order.
  const std::vector<std::string>& providers() const;

  /// Runs the model. `inputs` must name every required input once; `output_names` picks outputs
  /// (empty: all, in declaration order). Returns the outputs in the order asked for.
  /// Throws Error(kInput) with the input named for unknown, missing, duplicated or ill-fitting
  /// inputs (element type, rank, fixed dimensions, buffer size), Error(kRun) when ORT fails.
  /// Thread-safe: any number of threads may run one Model (or its copies) at once.
  NamedValues run(const NamedValues& inputs,
                  const std::vector<std::string>& output_names = {}) const;

  /// run() with ONNX Runtime's profiler on for this run alone: ORT writes the run's trace to
  /// "<profile_prefix>_<timestamp>.json" when it ends (a Chrome trace whose times count from the
  /// run's start). Unlike SessionConfig::profiling_prefix, nothing else is traced: not the load,
  /// not warm-up runs, not other threads' runs. Same errors as run(); Error(kRun) also when the
  /// trace cannot be written.
  NamedValues run_profiled(const std::string& profile_prefix, const NamedValues& inputs,
                           const std::vector<std::string>& output_names = {}) const;

  /// A Runner for the repeated-run path of one thread (see runner.h).
  Runner runner() const;

  /// The session's CPU arena counters now, or nullopt when its CPU memory is no arena
  /// (SessionConfig memory.cpu_arena off) or the library reports none. Cheap (a few
  /// microseconds: one small map from ORT, freed before it returns); thread-safe.
  std::optional<ArenaStats> arena_stats() const;

  /// True when both share one session (one is a copy of the other).
  bool SharesSessionWith(const Model& other) const noexcept { return impl_ == other.impl_; }
  /// How many Model and Runner objects share this session (for tests and diagnostics).
  long use_count() const noexcept { return impl_.use_count(); }

  struct Impl;  // defined in src/core; public only so that src/core can reach it

 private:
  explicit Model(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}
  NamedValues Run(const NamedValues& inputs, const std::vector<std::string>& output_names,
                  const std::string& profile_prefix) const;
  friend class Runner;

  std::shared_ptr<const Impl> impl_;
};

}  // namespace ortkit
