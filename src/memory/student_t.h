// Student's t distribution: what memcheck needs to put a confidence on a fitted slope.
#pragma once

namespace ortkit::memory {

/// P(T <= t) for T with `df` degrees of freedom (df > 0).
double StudentTCdf(double t, double df);

/// The t with StudentTCdf(t, df) == p, for 0 < p < 1 (found by bisection; |error| < 1e-9).
double StudentTQuantile(double p, double df);

}  // namespace ortkit::memory
