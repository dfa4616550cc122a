// Two profiles side by side: which op types and nodes got faster or slower.
#pragma once

#include <string>
#include <vector>

#include "profile/profile_summary.h"

namespace ortkit::profile {

/// One op type or node in A (before) and B (after), steady kernel time per run, microseconds.
struct DiffRow {
  std::string name;
  std::string op_type;  ///< node rows: the op type (from B, else A)
  double a_us = 0;
  double b_us = 0;
  double delta_us = 0;  ///< b - a: positive is slower
  bool only_a = false;  ///< absent from B (fused away, renamed, or moved to another provider's name)
  bool only_b = false;
};

struct ProfileDiff {
  std::string a_source, b_source;
  double a_run_us = 0, b_run_us = 0;        ///< mean steady run wall time
  double a_kernel_us = 0, b_kernel_us = 0;  ///< mean steady kernel time
  std::vector<DiffRow> ops;    ///< largest |delta| first
  std::vector<DiffRow> nodes;  ///< largest |delta| first
};

/// Compares A with B by op type and by node name.
ProfileDiff DiffProfiles(const ProfileSummary& a, const ProfileSummary& b);

}  // namespace ortkit::profile
