// Comparing two profile summaries by op type and by node.
#include "profile/profile_diff.h"

#include <algorithm>
#include <cmath>
#include <map>

namespace ortkit::profile {
namespace {

std::vector<DiffRow> Diff(const std::vector<TimeRow>& a, const std::vector<TimeRow>& b) {
  std::map<std::string, DiffRow> rows;
  for (const auto& r : a) {
    DiffRow& d = rows[r.name];
    d.name = r.name;
    d.op_type = r.op_type;
    d.a_us = r.mean_us;
    d.only_a = true;
  }
  for (const auto& r : b) {
    DiffRow& d = rows[r.name];
    d.name = r.name;
    if (!r.op_type.empty()) d.op_type = r.op_type;
    d.b_us = r.mean_us;
    d.only_b = !d.only_a;
    d.only_a = false;
  }
  std::vector<DiffRow> out;
  for (auto& [name, d] : rows) {
    d.delta_us = d.b_us - d.a_us;
    out.push_back(std::move(d));
  }
  std::sort(out.begin(), out.end(), [](const DiffRow& x, const DiffRow& y) {
    const double dx = std::fabs(x.delta_us), dy = std::fabs(y.delta_us);
    return dx != dy ? dx > dy : x.name < y.name;
  });
  return out;
}

}  // namespace

ProfileDiff DiffProfiles(const ProfileSummary& a, const ProfileSummary& b) {
  ProfileDiff diff;
  diff.a_source = a.source;
  diff.b_source = b.source;
  diff.a_run_us = a.steady_run_us;
  diff.b_run_us = b.steady_run_us;
  diff.a_kernel_us = a.steady_kernel_us;
  diff.b_kernel_us = b.steady_kernel_us;
  diff.ops = Diff(a.ops, b.ops);
  diff.nodes = Diff(a.nodes, b.nodes);
  return diff;
}

}  // namespace ortkit::profile
