// `ortkit bench` as a library call: cold starts in fresh processes, then the steady state in one
// more, aggregated into a BenchResult. `ortkit tune` reuses it for each candidate configuration.
#pragma once

#include <functional>
#include <string>

#include "bench/bench_result.h"
#include "bench/bench_spec.h"

namespace ortkit::bench {

/// How far a benchmark has come: what it is doing and the share of all its work done (0..1).
struct BenchProgress {
  std::string what;  ///< "cold start 2/5", "steady state batch=4 (2/3)"
  double fraction = 0;
};

/// How measurements are run, apart from what is measured.
struct BenchEnvironment {
  /// The executable that hosts the hidden child subcommand (child_job.h); empty: the running one.
  /// A test binary points this at the `ortkit` binary.
  std::string executable;
  /// Called from the calling thread as work completes; may be empty.
  std::function<void(const BenchProgress&)> progress;
};

/// Validates `spec`, checks that its providers can create sessions here, then measures:
/// spec.cold_runs fresh processes each measure one cold start; the last of them goes on to the
/// steady state (RunSteadyState). Each process reports its own peak RSS (VmHWM). Adds a warning for
/// each single-shape phase whose stddev / mean exceeds spec.max_variation (the mix varies by
/// design), and for phases with fewer than 100 timed requests (their p99 is close to their max).
/// Throws Error(kConfig) for an invalid spec or an unusable provider ("provider 'cuda' is not
/// usable here: <ORT's reason>"), the child's Error (same category and message) when its work
/// fails, and Error(kRun) when a child cannot start or dies.
BenchResult RunBench(const BenchSpec& spec, const BenchEnvironment& environment = {});

/// Throws Error(kConfig) naming the provider when one in `config` cannot create a session here.
void CheckProvidersUsable(const SessionConfig& config);

/// The warnings RunBench adds for `phases` (exposed for tests).
std::vector<std::string> PhaseWarnings(const std::vector<PhaseResult>& phases, double max_variation);

}  // namespace ortkit::bench
