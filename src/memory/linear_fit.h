// A straight line through a memory series, with how well it fits and how sure its slope is.
#pragma once

#include <cstdint>
#include <vector>

namespace ortkit::memory {

struct LinearFit {
  double slope = 0;      ///< y units per x unit (bytes per iteration)
  double intercept = 0;
  double r_squared = 0;  ///< 1 - SSres/SStot; 1 for a perfect line, 0 when y is flat
  double slope_se = 0;   ///< standard error of the slope (see FitLine)
  double ci_low = 0;     ///< 95% confidence interval of the slope
  double ci_high = 0;
  double confidence = 0; ///< one-sided confidence that the slope is above 0, in [0, 1]
  int64_t n = 0;
};

/// Ordinary least squares of y on x. Memory series are autocorrelated (a cache fills, then
/// holds), so the slope's standard error is the larger of the classical one and Newey-West's
/// (Bartlett weights, lag floor(4 (n/100)^(2/9))), and the interval and confidence use Student's t
/// with n - 2 degrees of freedom. Needs n >= 3 points with at least two distinct x; otherwise
/// returns a fit with n set and every other field 0.
LinearFit FitLine(const std::vector<double>& x, const std::vector<double>& y);

}  // namespace ortkit::memory
