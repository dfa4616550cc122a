// What `ortkit compress` is asked to do: which variants, how they are judged (the accuracy gate),
// how they are measured, and how the best one is chosen.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "compare/accuracy_gate.h"
#include "graph/fixes/fix_options.h"
#include "workload/dim_flag.h"

namespace ortkit::compress {

/// What "best" means when a variant is written (-o): the smallest of one figure.
enum class Objective {
  kP50,         ///< p50 latency at one intra-op thread, as a ratio to the original's in the same run
  kSize,        ///< file size
  kPeakMemory,  ///< peak resident set of a fresh process that loads and runs the model
};

/// "p50", "size", "peak-memory". Inline, so that renderers need no link to the compress library.
inline const char* ToString(Objective objective) noexcept {
  switch (objective) {
    case Objective::kP50: return "p50";
    case Objective::kSize: return "size";
    case Objective::kPeakMemory: break;
  }
  return "peak-memory";
}

/// The objective named `name` ("p50", "size", "peak-memory"); nullopt for anything else.
std::optional<Objective> ParseObjective(const std::string& name);

/// The compressed variants compress knows, in the order they run (the original comes first).
inline const std::vector<std::string>& VariantPasses() {
  static const std::vector<std::string> kPasses{"float16", "quantize-dynamic", "quantize-static"};
  return kPasses;
}

struct CompressOptions {
  /// What every variant's fix gets: the gate (--samples, --min-cosine, --max-top1-disagreement),
  /// --include-nodes/--exclude-nodes, --seed, --custom-op-library and the quantize-static
  /// calibration fields (--calibration). `passes`, keep_unverified and force are set per variant.
  graph::FixOptions fix;

  Objective objective = Objective::kP50;

  /// Sizes of free dimensions for the gate's seeded inputs, latency, cold start and peak RSS (--dim
  /// NAME=SIZE): a variant is judged at the sizes it is timed at. Empty: sizes that run, probed from
  /// 1 (as `ortkit bench` does).
  workload::DimSizes dims;

  /// Latency: per thread setting and variant, `repeats` blocks of `runs` timed runs, each run of
  /// the variant followed by one of the original (ABAB...), after `warmup` untimed runs of each.
  int runs = 20;
  int repeats = 3;
  int warmup = 3;
  /// Cold start and peak RSS: fresh processes per variant, the variants taking turns.
  int cold_runs = 3;
  /// Timed runs each of those processes makes after its cold start (its peak RSS covers them).
  int rss_runs = 5;

  /// Throws Error(kConfig) naming the flag, the value and what is allowed.
  void Validate() const;
};

}  // namespace ortkit::compress
