// `ortkit compress` as a library call: every applicable variant made by its fix pass in a scratch
// directory, judged by the accuracy gate, measured against the original, and the best one written.
#pragma once

#include <functional>
#include <string>

#include "compress/compress_options.h"
#include "compress/compress_report.h"

namespace ortkit::compress {

/// How the work is run, apart from what is measured.
struct CompressEnvironment {
  /// The executable that hosts bench's child subcommand (bench/child_job.h); empty: the running one.
  std::string executable;
  /// Called from the calling thread before each step ("float16: rewrite and gate"); may be empty.
  std::function<void(const std::string&)> progress;
};

/// Validates `options`, loads the original (Error(kLoad) when ORT refuses it), then one variant at
/// a time in a private scratch directory: graph::FixModel with that one pass and keep_unverified,
/// so a variant that fails the gate is still measured and reported, but never chosen.
/// quantize-static runs only with options.fix.calibration_dir; without it, and for a pass that
/// throws, changes nothing or whose result does not load, the row says why it was skipped. Each
/// made variant's latency is measured against the original at one intra-op thread and at ORT's
/// default (variant_latency.h), and every model's cold start and peak RSS in fresh processes
/// (fresh_process.h). Marks the Pareto front and picks the best variant by options.objective
/// (pareto.h). With a non-empty `output_path`, writes that variant there atomically (replacing a
/// file only with options.fix.force); when none passes the gate, writes nothing. Throws
/// Error(kIo) for an -o that exists without force (checked before any work) and what loading
/// and measuring throw.
CompressReport RunCompress(const std::string& model_path, const std::string& output_path,
                           const CompressOptions& options, const CompressEnvironment& environment = {});

}  // namespace ortkit::compress
