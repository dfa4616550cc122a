// ReadCpuBudget against fake cgroup trees (v2 and v1, quotas at several levels, none) and the
// real affinity mask.
#include "ortkit/cpu_budget.h"

#include <sched.h>

#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>

#include "testing/temp_dir.h"

namespace ortkit {
namespace {

namespace fs = std::filesystem;
using testing::TempDir;

void Write(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path) << text;
}

int Affinity() {
  cpu_set_t set;
  CPU_ZERO(&set);
  return ::sched_getaffinity(0, sizeof set, &set) == 0 ? CPU_COUNT(&set) : 0;
}

TEST(CpuBudgetTest, ACgroupV2QuotaLimitsTheUsableCpusAndTheSmallestLevelWins) {
  TempDir dir;
  const fs::path root = dir.File("cgroup");
  Write(dir.File("self"), "0::/kubepods/pod1/ctr\n");
  Write(root / "kubepods/pod1/ctr/cpu.max", "max 100000\n");     // the container: no quota of its own
  Write(root / "kubepods/pod1/cpu.max", "150000 100000\n");      // the pod: 1.5 CPUs
  Write(root / "kubepods/cpu.max", "400000 100000\n");           // the node's share: 4 CPUs
  const CpuBudget b = ReadCpuBudget({dir.File("self"), root.string()});
  ASSERT_TRUE(b.quota.has_value());
  EXPECT_DOUBLE_EQ(*b.quota, 1.5);
  EXPECT_EQ(b.quota_source, (root / "kubepods/pod1/cpu.max").string());
  EXPECT_EQ(b.usable, 1);  // 1.5 CPUs of time: two busy threads would be throttled
  EXPECT_EQ(b.limited_by, "cgroup quota");
  EXPECT_EQ(b.Describe().substr(b.Describe().find(" online CPUs usable")),
            " online CPUs usable (cgroup quota: 1.5 CPUs in " + (root / "kubepods/pod1/cpu.max").string() + ")");
}

TEST(CpuBudgetTest, ACgroupV1CfsQuotaIsReadFromTheCpuController) {
  TempDir dir;
  const fs::path root = dir.File("cgroup");
  Write(dir.File("self"), "12:memory:/docker/abc\n4:cpu,cpuacct:/docker/abc\n");
  Write(root / "cpu,cpuacct/docker/abc/cpu.cfs_quota_us", "50000\n");
  Write(root / "cpu,cpuacct/docker/abc/cpu.cfs_period_us", "100000\n");
  const CpuBudget b = ReadCpuBudget({dir.File("self"), root.string()});
  ASSERT_TRUE(b.quota.has_value());
  EXPECT_DOUBLE_EQ(*b.quota, 0.5);
  EXPECT_EQ(b.usable, 1);  // never below one
}

TEST(CpuBudgetTest, NoQuotaAnywhereLeavesTheAffinity) {
  TempDir dir;
  const fs::path root = dir.File("cgroup");
  Write(dir.File("self"), "0::/user.slice\n4:cpu,cpuacct:/\n");
  Write(root / "user.slice/cpu.max", "max 100000\n");
  Write(root / "cpu,cpuacct/cpu.cfs_quota_us", "-1\n");
  Write(root / "cpu,cpuacct/cpu.cfs_period_us", "100000\n");
  const CpuBudget b = ReadCpuBudget({dir.File("self"), root.string()});
  EXPECT_FALSE(b.quota.has_value());
  EXPECT_EQ(b.affinity, Affinity());
  EXPECT_EQ(b.usable, b.affinity);
  EXPECT_GE(b.online, b.affinity);
}

TEST(CpuBudgetTest, MissingOrGarbledFilesMeanNoQuotaNotAnError) {
  TempDir dir;
  Write(dir.File("self"), "garbage\n0::/x\n");
  Write(dir.File("cgroup/x/cpu.max"), "lots 0\n");
  EXPECT_FALSE(ReadCpuBudget({dir.File("self"), dir.File("cgroup")}).quota.has_value());
  EXPECT_FALSE(ReadCpuBudget({dir.File("none"), dir.File("none")}).quota.has_value());
}

TEST(CpuBudgetTest, TheAffinityMaskLimitsBelowTheOnlineCpus) {
  cpu_set_t saved;
  ASSERT_EQ(::sched_getaffinity(0, sizeof saved, &saved), 0);
  cpu_set_t one;
  CPU_ZERO(&one);
  for (int cpu = 0; cpu < CPU_SETSIZE; ++cpu) {
    if (CPU_ISSET(cpu, &saved)) {
      CPU_SET(cpu, &one);
      break;
    }
  }
  ASSERT_EQ(::sched_setaffinity(0, sizeof one, &one), 0);
  const CpuBudget b = ReadCpuBudget({"/nonexistent", "/nonexistent"});
  ::sched_setaffinity(0, sizeof saved, &saved);
  EXPECT_EQ(b.affinity, 1);
  EXPECT_EQ(b.usable, 1);
  if (b.online > 1) EXPECT_EQ(b.limited_by, "affinity");
}

}  // namespace
}  // namespace ortkit
