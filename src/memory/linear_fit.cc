// FitLine: OLS, R², and a slope standard error that survives autocorrelated residuals.
#include "memory/linear_fit.h"

#include <algorithm>
#include <cmath>

#include "memory/student_t.h"

namespace ortkit::memory {

LinearFit FitLine(const std::vector<double>& x, const std::vector<double>& y) {
  LinearFit fit;
  const std::size_t n = std::min(x.size(), y.size());
  fit.n = static_cast<int64_t>(n);
  if (n < 3) return fit;
  double mx = 0, my = 0;
  for (std::size_t i = 0; i < n; ++i) {
    mx += x[i];
    my += y[i];
  }
  mx /= static_cast<double>(n);
  my /= static_cast<double>(n);
  double sxx = 0, sxy = 0, syy = 0;
  for (std::size_t i = 0; i < n; ++i) {
    sxx += (x[i] - mx) * (x[i] - mx);
    sxy += (x[i] - mx) * (y[i] - my);
    syy += (y[i] - my) * (y[i] - my);
  }
  if (sxx <= 0) return fit;
  fit.slope = sxy / sxx;
  fit.intercept = my - fit.slope * mx;

  std::vector<double> e(n);
  double ssr = 0;
  for (std::size_t i = 0; i < n; ++i) {
    e[i] = y[i] - (fit.intercept + fit.slope * x[i]);
    ssr += e[i] * e[i];
  }
  fit.r_squared = syy > 0 ? std::max(0.0, 1 - ssr / syy) : 0;

  const double df = static_cast<double>(n) - 2;
  const double classical = std::sqrt(ssr / df / sxx);
  const auto lag = static_cast<std::size_t>(std::floor(4 * std::pow(static_cast<double>(n) / 100, 2.0 / 9)));
  double meat = 0;
  for (std::size_t i = 0; i < n; ++i) meat += std::pow((x[i] - mx) * e[i], 2);
  for (std::size_t l = 1; l <= lag && l < n; ++l) {
    const double w = 1 - static_cast<double>(l) / static_cast<double>(lag + 1);
    double s = 0;
    for (std::size_t i = l; i < n; ++i) s += (x[i] - mx) * e[i] * (x[i - l] - mx) * e[i - l];
    meat += 2 * w * s;
  }
  const double newey_west = std::sqrt(std::max(0.0, meat) / (sxx * sxx));
  fit.slope_se = std::max(classical, newey_west);

  if (fit.slope_se > 0) {
    const double t = StudentTQuantile(0.975, df);
    fit.ci_low = fit.slope - t * fit.slope_se;
    fit.ci_high = fit.slope + t * fit.slope_se;
    fit.confidence = StudentTCdf(fit.slope / fit.slope_se, df);
  } else {  // an exact line: no doubt about the slope
    fit.ci_low = fit.ci_high = fit.slope;
    fit.confidence = fit.slope > 0 ? 1 : fit.slope < 0 ? 0 : 0.5;
  }
  return fit;
}

}  // namespace ortkit::memory
