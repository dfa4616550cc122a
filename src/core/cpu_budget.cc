// ReadCpuBudget: online CPUs, affinity and cgroup quota (v2 cpu.max, v1 cfs_quota/period).
#include "ortkit/cpu_budget.h"

#include <sched.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace ortkit {
namespace {

namespace fs = std::filesystem;

std::string FirstLine(const fs::path& path) {
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  return line;
}

// The quota in CPUs one cgroup directory sets, if any.
std::optional<double> QuotaIn(const fs::path& dir, bool v2, std::string* file) {
  if (v2) {
    // "max 100000" (none) or "150000 100000".
    std::istringstream in(FirstLine(dir / "cpu.max"));
    std::string quota;
    double period = 0;
    if (!(in >> quota >> period) || quota == "max" || period <= 0) return std::nullopt;
    try {
      const double q = std::stod(quota);
      if (q <= 0) return std::nullopt;
      *file = (dir / "cpu.max").string();
      return q / period;
    } catch (const std::exception&) {
      return std::nullopt;
    }
  }
  try {
    const double quota = std::stod(FirstLine(dir / "cpu.cfs_quota_us"));
    const double period = std::stod(FirstLine(dir / "cpu.cfs_period_us"));
    if (quota <= 0 || period <= 0) return std::nullopt;  // -1: no quota
    *file = (dir / "cpu.cfs_quota_us").string();
    return quota / period;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

// The smallest quota from this process's cgroup up to the root of its hierarchy.
std::optional<double> CgroupQuota(const CpuBudgetSources& sources, std::string* file) {
  std::ifstream self(sources.self_cgroup);
  std::optional<double> smallest;
  for (std::string line; std::getline(self, line);) {
    // v2: "0::/path"; v1: "4:cpu,cpuacct:/path".
    const auto first = line.find(':');
    const auto second = line.find(':', first + 1);
    if (first == std::string::npos || second == std::string::npos) continue;
    const std::string controllers = line.substr(first + 1, second - first - 1);
    const std::string path = line.substr(second + 1);
    const bool v2 = line.compare(0, first, "0") == 0 && controllers.empty();
    std::string mount;
    if (v2) {
      mount = sources.cgroup_root;
    } else {
      std::vector<std::string> names;
      std::istringstream list(controllers);
      for (std::string c; std::getline(list, c, ',');) names.push_back(c);
      if (std::find(names.begin(), names.end(), "cpu") == names.end()) continue;
      mount = (fs::path(sources.cgroup_root) / controllers).string();
      std::error_code ec;
      if (!fs::is_directory(mount, ec)) mount = (fs::path(sources.cgroup_root) / "cpu").string();
    }
    for (fs::path dir = fs::path(mount) / fs::path(path).relative_path();; dir = dir.parent_path()) {
      std::string where;
      const std::optional<double> q = QuotaIn(dir, v2, &where);
      if (q && (!smallest || *q < *smallest)) {
        smallest = q;
        *file = where;
      }
      if (dir == fs::path(mount) || !dir.has_relative_path() || dir.parent_path() == dir) break;
    }
  }
  return smallest;
}

}  // namespace

std::string CpuBudget::Describe() const {
  std::string text = fmt::format("{} of {} online CPUs usable", usable, online);
  std::vector<std::string> limits;
  if (affinity < online) limits.push_back(fmt::format("affinity: {} CPU{}", affinity, affinity == 1 ? "" : "s"));
  if (quota) limits.push_back(fmt::format("cgroup quota: {:.1f} CPUs in {}", *quota, quota_source));
  if (!limits.empty()) text += fmt::format(" ({})", fmt::join(limits, "; "));
  return text;
}

CpuBudget ReadCpuBudget(const CpuBudgetSources& sources) {
  CpuBudget b;
  b.online = std::max(1, static_cast<int>(::sysconf(_SC_NPROCESSORS_ONLN)));
  cpu_set_t set;
  CPU_ZERO(&set);
  b.affinity = ::sched_getaffinity(0, sizeof set, &set) == 0 ? std::max(1, CPU_COUNT(&set)) : b.online;
  b.quota = CgroupQuota(sources, &b.quota_source);
  b.usable = b.affinity;
  if (b.affinity < b.online) b.limited_by = "affinity";
  if (b.quota) {
    const int by_quota = std::max(1, static_cast<int>(std::floor(*b.quota)));
    if (by_quota < b.usable) {
      b.usable = by_quota;
      b.limited_by = "cgroup quota";
    }
  }
  return b;
}

}  // namespace ortkit
