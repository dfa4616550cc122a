// Tests of profile/profile_diff: faster, slower, gone and new, largest change first.
#include "profile/profile_diff.h"

#include <gtest/gtest.h>

namespace ortkit::profile {
namespace {

ProfileSummary With(std::vector<TimeRow> ops, double run_us) {
  ProfileSummary s;
  s.source = "x.json";
  s.ops = ops;
  s.nodes = ops;
  s.steady_run_us = run_us;
  return s;
}

TimeRow Op(const std::string& name, double us) {
  TimeRow r;
  r.name = name;
  r.op_type = name;
  r.mean_us = us;
  return r;
}

TEST(ProfileDiffTest, OrdersByLargestChangeAndMarksGoneAndNew) {
  const ProfileDiff d = DiffProfiles(With({Op("Conv", 100), Op("Relu", 10), Op("Add", 5)}, 200),
                                     With({Op("FusedConv", 60), Op("Relu", 12), Op("Add", 5)}, 120));
  ASSERT_EQ(d.ops.size(), 4u);
  EXPECT_EQ(d.ops[0].name, "Conv");
  EXPECT_TRUE(d.ops[0].only_a);
  EXPECT_DOUBLE_EQ(d.ops[0].delta_us, -100);
  EXPECT_EQ(d.ops[1].name, "FusedConv");
  EXPECT_TRUE(d.ops[1].only_b);
  EXPECT_EQ(d.ops[2].name, "Relu");
  EXPECT_DOUBLE_EQ(d.ops[2].delta_us, 2);
  EXPECT_FALSE(d.ops[2].only_a || d.ops[2].only_b);
  EXPECT_EQ(d.ops[3].name, "Add");
  EXPECT_DOUBLE_EQ(d.a_run_us, 200);
  EXPECT_DOUBLE_EQ(d.b_run_us, 120);
}

TEST(ProfileDiffTest, AProfileAgainstItselfChangesNothing) {
  const ProfileSummary s = With({Op("Conv", 100), Op("Relu", 10)}, 200);
  for (const auto& row : DiffProfiles(s, s).nodes) EXPECT_DOUBLE_EQ(row.delta_us, 0) << row.name;
}

}  // namespace
}  // namespace ortkit::profile
