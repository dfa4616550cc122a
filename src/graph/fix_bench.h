// `ortkit fix --bench`: the latency of the original and the fixed model, measured alike.
#pragma once

#include <string>

#include "graph/fix_report.h"
#include "graph/fix_session.h"
#include "graph/fixes/fix_options.h"

namespace ortkit::graph {

/// Loads both models on one intra-op thread (so the figure is about the graph, not about
/// scheduling), feeds both the same seeded inputs, runs each options.bench_warmup times untimed and
/// options.bench_runs times timed (Model::run, wall clock), the two models alternating so that
/// drift in the machine's speed affects both alike, and returns the medians. Throws
/// Error(kLoad/kRun/kInput) when a model does not load or run.
LatencyComparison MeasureLatency(const std::string& original_path, const FixedModelSource& fixed,
                                 const FixOptions& options);


}  // namespace ortkit::graph
