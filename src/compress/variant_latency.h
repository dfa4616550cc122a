// The latency of one compressed variant against the original, measured in the same process,
// the two models' runs alternating so that drift in the machine's speed touches both alike.
#pragma once

#include <string>

#include "compress/compress_options.h"
#include "compress/compress_report.h"

namespace ortkit::compress {

/// Both models' figures from one interleaved measurement.
struct PairedLatency {
  Latency original;
  Latency variant;  ///< its ratios are against `original` of the same repeats
};

/// Loads the original and the variant with `intra_op_threads` (0: ORT's default) and
/// options.fix.custom_op_libraries, feeds both the same seeded inputs (the original graph's
/// guesses; free dimensions at options.dims, or without them at sizes that run), runs each options.warmup times
/// untimed, then options.repeats blocks of options.runs runs of each, alternating (which model
/// goes first flips every run, so neither always follows the other). Each block gives a p50 and a
/// p99 per model; the figures are the medians over blocks, and the ratios the medians of the
/// blocks' ratios. Throws Error(kLoad/kRun/kInput) when a model does not load or run.
PairedLatency MeasurePairedLatency(const std::string& original_path, const std::string& variant_path,
                                   int intra_op_threads, const CompressOptions& options);

}  // namespace ortkit::compress
