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

/// Counts of samples per latency bin, for charts: bin i holds the samples in
/// [edges_ms[i], edges_ms[i + 1]) (the last bin also holds its upper edge).
struct Histogram {
  std::vector<double> edges_ms;  ///< ascending, counts.size() + 1 of them; empty when there are no samples
  std::vector<int64_t> counts;   ///< sum == number of samples
};

/// The default number of equal-width bins below the overflow bin.
inline constexpr int kHistogramBins = 30;

/// A histogram of `samples` (ms, any order): `bins` equal-width bins from the minimum to the
/// 99th percentile, so that the slowest 1% (a shared machine's scheduling stalls, often ten times
/// the median) do not squeeze every other bin into the first; when the maximum lies above that
/// percentile, one more (wider) overflow bin from the
/// percentile to the maximum holds the samples above it. All samples equal: one bin [v, v].
/// No samples: empty edges and counts. `bins` below 1 counts as 1.
Histogram MakeHistogram(std::vector<double> samples, int bins = kHistogramBins);

}  // namespace ortkit::bench
