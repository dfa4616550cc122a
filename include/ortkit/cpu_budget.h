// How many CPUs this process may really use. ONNX Runtime sizes its default intra-op thread pool
// from the host's cores; it ignores the process's CPU affinity (taskset, cpusets) and the
// container's CPU quota (cgroup v2 cpu.max, v1 cpu.cfs_quota_us), so a pod limited to 2 CPUs on
// a 64-core host gets 64 threads and is throttled. ortkit reads both and sizes by the smaller.
#pragma once

#include <optional>
#include <string>

namespace ortkit {

struct CpuBudget {
  int online = 0;                    ///< CPUs online on the host (what ORT's default pool follows)
  int affinity = 0;                  ///< CPUs this process may run on (sched_getaffinity)
  std::optional<double> quota;       ///< the cgroup quota in CPUs (quota / period), when one is set
  std::string quota_source;          ///< the file it came from ("/sys/fs/cgroup/cpu.max")
  int usable = 0;                    ///< min(affinity, floor(quota)), at least 1
  /// "" when nothing limits below the online CPUs, else "affinity" or "cgroup quota".
  std::string limited_by;
  /// "2 of 64 online CPUs usable (cgroup quota: 2.0 CPUs in /sys/fs/cgroup/cpu.max)".
  std::string Describe() const;
};

/// Where ReadCpuBudget looks; tests point both at a fake cgroup tree.
struct CpuBudgetSources {
  std::string self_cgroup = "/proc/self/cgroup";  ///< this process's cgroup lines
  std::string cgroup_root = "/sys/fs/cgroup";      ///< the cgroup file systems' mount
};

/// Reads the online CPUs, the affinity mask and the quota of this process's cgroup and of every
/// cgroup above it (the smallest wins). Missing or unreadable files mean no quota; never throws.
CpuBudget ReadCpuBudget(const CpuBudgetSources& sources = {});

}  // namespace ortkit
