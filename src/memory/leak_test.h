// The leak test: after the warm-up, memory that still grows while only already-seen shapes run,
// linearly and to the end, by more than the noise, is a leak. Arena and memory-pattern growth
// happen on new shapes only, so they never enter this test.
#pragma once

#include <cstdint>
#include <vector>

#include "memory/intervals.h"
#include "memory/linear_fit.h"

namespace ortkit::memory {

struct LeakCriteria {
  double min_confidence_interval_low = 0;  ///< the 95% interval of the slope must be above this
  double min_r_squared = 0.8;   ///< the growth must be a line, not one step (a mid-run step fits R² ~0.75)
  /// The second half of the steady phase must grow by at least this share of what the slope
  /// predicts: a cache that fills and then holds fails this, a leak does not.
  double min_second_half_share = 0.25;
  int64_t min_growth_bytes = 4096;  ///< in all: less than a page over the run is not acted on
  int64_t min_points = 6;           ///< fewer repeat-shape samples: no judgement
};

struct LeakTest {
  /// Cumulative growth over the steady intervals of already-seen shapes against their iteration
  /// count: slope is bytes per iteration.
  LinearFit fit;
  int64_t points = 0;      ///< samples closing those intervals
  int64_t iterations = 0;  ///< steady iterations in those intervals
  int64_t growth = 0;      ///< bytes they grew in all
  double second_half_share = 0;  ///< growth of the second half / what the slope predicts for it
  bool enough_data = false;
  bool significant = false;  ///< 95% interval above 0
  bool linear = false;       ///< R² high enough
  bool sustained = false;    ///< still growing in the second half
  bool large_enough = false;
  bool leak() const noexcept { return enough_data && significant && linear && sustained && large_enough; }
};

LeakTest TestForLeak(const std::vector<Interval>& intervals, const LeakCriteria& criteria = {});

}  // namespace ortkit::memory
