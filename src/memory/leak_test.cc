// TestForLeak: fit the growth on seen shapes, then check it against each criterion.
#include "memory/leak_test.h"

namespace ortkit::memory {

LeakTest TestForLeak(const std::vector<Interval>& intervals, const LeakCriteria& criteria) {
  LeakTest t;
  // The series restarts from 0 at the warm-up's end and advances only through repeat intervals:
  // growth on new shapes is left out, so arena steps don't bend the line.
  std::vector<double> x{0};
  std::vector<double> y{0};
  for (const Interval& iv : intervals) {
    if (!iv.steady || iv.cause != IntervalCause::kRepeat) continue;
    t.iterations += iv.length();
    t.growth += iv.growth;
    x.push_back(static_cast<double>(t.iterations));
    y.push_back(static_cast<double>(t.growth));
  }
  t.points = static_cast<int64_t>(x.size()) - 1;
  t.enough_data = t.points >= criteria.min_points;
  if (!t.enough_data) return t;
  t.fit = FitLine(x, y);
  t.significant = t.fit.ci_low > criteria.min_confidence_interval_low;
  t.linear = t.fit.r_squared >= criteria.min_r_squared;
  t.large_enough = t.fit.slope * static_cast<double>(t.iterations) >= static_cast<double>(criteria.min_growth_bytes);

  // Growth from the point nearest the middle to the end, against the slope's prediction.
  const double middle = x.back() / 2;
  std::size_t mid = 0;
  while (mid + 1 < x.size() && x[mid + 1] <= middle) ++mid;
  const double predicted = t.fit.slope * (x.back() - x[mid]);
  t.second_half_share = predicted > 0 ? (y.back() - y[mid]) / predicted : 0;
  t.sustained = predicted > 0 && t.second_half_share >= criteria.min_second_half_share;
  return t;
}

}  // namespace ortkit::memory
