// Summary statistics of latency samples: min, mean, stddev, percentiles, max.
#pragma once

#include <cstdint>
#include <vector>

namespace ortkit::bench {

/// A summary of samples in milliseconds. All fields are 0 when there are no samples.
struct LatencyStats {
  int64_t count = 0;
  double min = 0;
  double mean = 0;
  double stddev = 0;  ///< sample standard deviation (n - 1); 0 for a single sample
  double p50 = 0;
  double p90 = 0;
  double p95 = 0;
  double p99 = 0;
  double max = 0;

  /// stddev / mean (0 when the mean is 0): the run-to-run variation the warnings use.
  double CoefficientOfVariation() const noexcept { return mean > 0 ? stddev / mean : 0; }
};

/// The p-th percentile (0 <= p <= 100) of `sorted` (ascending, non-empty), by linear
/// interpolation between closest ranks, as numpy.percentile does by default.
double Percentile(const std::vector<double>& sorted, double p);

/// Summarises `samples` (any order; taken by value because it is sorted).
LatencyStats Summarize(std::vector<double> samples);

/// The median of `samples` (0 when empty).
double Median(std::vector<double> samples);

}  // namespace ortkit::bench
