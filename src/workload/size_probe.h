// Sizes that run: when the user gave no size for a free dimension and the model fails with every
// free dimension at 1 (a Conv subsampling that needs T >= 7, say), find sizes that work, and say
// what happened, instead of timing or profiling a failure.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "ortkit/model.h"
#include "workload/inputs.h"

namespace ortkit::workload {

struct ProbeLimits {
  int64_t max_size = 4096;   ///< the largest size tried on an axis
  double max_seconds = 10;   ///< all tries together; the one under way finishes
};

struct ProbeResult {
  DimSizes sizes;                   ///< what to run with: the request's sizes and the probed ones
  std::vector<std::string> probed;  ///< the free dimensions whose size was found by probing
  /// "T=1 failed in Conv '/embed/conv/conv.1/Conv' (Invalid input shape: {1,80}); T=8 is the
  /// smallest power of two that runs; using T=8. Pass --dim T=... for your real sizes."
  /// Empty when the request's sizes ran as they were.
  std::string note;
  int tries = 0;                    ///< runs made (0 when every size was given)
};

/// When some free dimensions were sized by neither --dim nor a file, runs `model` once on
/// `request`'s inputs (those at 1). If that fails in ORT, tries them at 2, 4, 8, ... (those that
/// are not a batch axis, i.e. axis 0 of an input, when there are such; else all of them), one
/// session and one run per try, within `limits`. Throws Error(kInput) naming the dimensions when
/// no size runs. When every free dimension was given, runs nothing and returns the sizes: the
/// caller's own run reports any failure. Errors other than ORT's run errors propagate.
ProbeResult FindSizesThatRun(const Model& model, const InputRequest& request, const ProbeLimits& limits = {});

/// The free dimensions of `request` sized by neither --dim nor a file's shape, in FreeDimKeys order.
std::vector<std::string> UnsizedDims(const std::vector<ValueSpec>& specs, const InputRequest& request);

/// The probe after a run of `request` failed in ORT with `failure` (its message): tries the
/// unsized dimensions at 2, 4, 8, ... as FindSizesThatRun does; `tries` counts the failed run.
/// For callers that run first and probe only when that fails (run keeps its first run timed).
/// Error(kInput) when every dimension has a size; Error(kInput) when no size runs.
ProbeResult ProbeAfterFailure(const Model& model, const InputRequest& request, const std::string& failure,
                              const ProbeLimits& limits = {});

/// A run failure in few words: "in Conv '/embed/conv/conv.1/Conv' (Invalid input shape: {1,80})"
/// from ORT's "Non-zero status code returned while running Conv node. Name:'...' Status Message:
/// ...", else the message's first line, shortened.
std::string DescribeRunFailure(const std::string& message);

}  // namespace ortkit::workload
