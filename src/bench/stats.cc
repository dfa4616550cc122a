// Summary statistics of latency samples.
#include "bench/stats.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace ortkit::bench {

double Percentile(const std::vector<double>& sorted, double p) {
  if (sorted.empty()) return 0;
  const double rank = std::clamp(p, 0.0, 100.0) / 100.0 * static_cast<double>(sorted.size() - 1);
  const auto below = static_cast<std::size_t>(std::floor(rank));
  const std::size_t above = std::min(below + 1, sorted.size() - 1);
  const double fraction = rank - static_cast<double>(below);
  return sorted[below] + (sorted[above] - sorted[below]) * fraction;
}

LatencyStats Summarize(std::vector<double> samples) {
  LatencyStats s;
  if (samples.empty()) return s;
  std::sort(samples.begin(), samples.end());
  s.count = static_cast<int64_t>(samples.size());
  s.min = samples.front();
  s.max = samples.back();
  const double n = static_cast<double>(samples.size());
  s.mean = std::accumulate(samples.begin(), samples.end(), 0.0) / n;
  if (samples.size() > 1) {
    // Two passes: the textbook one-pass formula loses precision when the spread is small
    // compared with the mean, which is exactly the steady-state case.
    double squares = 0;
    for (double v : samples) squares += (v - s.mean) * (v - s.mean);
    s.stddev = std::sqrt(squares / (n - 1));
  }
  s.p50 = Percentile(samples, 50);
  s.p90 = Percentile(samples, 90);
  s.p95 = Percentile(samples, 95);
  s.p99 = Percentile(samples, 99);
  return s;
}

double Median(std::vector<double> samples) {
  std::sort(samples.begin(), samples.end());
  return Percentile(samples, 50);
}

Histogram MakeHistogram(std::vector<double> samples, int bins) {
  Histogram h;
  if (samples.empty()) return h;
  std::sort(samples.begin(), samples.end());
  const double low = samples.front();
  const double high = samples.back();
  if (!(high > low)) {  // one value (or NaNs): a single bin holds everything
    h.edges_ms = {low, high};
    h.counts = {static_cast<int64_t>(samples.size())};
    return h;
  }
  const std::size_t n = static_cast<std::size_t>(std::max(bins, 1));
  const double clip = Percentile(samples, 99);
  const double top = clip > low ? clip : high;  // a degenerate clip would leave no regular bins
  const double width = (top - low) / static_cast<double>(n);
  for (std::size_t i = 0; i < n; ++i) h.edges_ms.push_back(low + width * static_cast<double>(i));
  h.edges_ms.push_back(top);
  h.counts.assign(n, 0);
  const bool overflow = top < high;
  if (overflow) {
    h.edges_ms.push_back(high);
    h.counts.push_back(0);
  }
  for (double v : samples) {
    if (overflow && v > top) {
      ++h.counts.back();
      continue;
    }
    // Values equal to `top` belong in the last regular bin; rounding must not push one past it.
    const auto bin = static_cast<std::size_t>(std::floor((v - low) / width));
    ++h.counts[std::min(bin, n - 1)];
  }
  return h;
}

}  // namespace ortkit::bench
