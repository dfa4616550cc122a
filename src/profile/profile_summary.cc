// Summarising an ORT profile: runs, op types, nodes, providers, Memcpy and CPU fallback.
#include "profile/profile_summary.h"

#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace ortkit::profile {
namespace {

constexpr const char* kCpu = "CPUExecutionProvider";

struct Group {
  std::string op_type, provider;
  std::set<std::string> providers, nodes;
  int64_t steady_us = 0, steady_count = 0, first_us = 0;
};

bool IsMemcpy(const std::string& op_type) { return op_type.rfind("Memcpy", 0) == 0; }

std::vector<TimeRow> Rows(const std::map<std::string, Group>& groups, int steady_runs, double run_us, bool count_nodes) {
  std::vector<TimeRow> rows;
  for (const auto& [name, g] : groups) {
    TimeRow row;
    row.name = name;
    row.op_type = g.op_type;
    const std::string providers = fmt::format("{}", fmt::join(g.providers, ","));
    row.provider = g.provider.empty() ? providers : g.provider;
    row.count = count_nodes ? static_cast<int64_t>(g.nodes.size()) : g.steady_count;
    row.total_us = g.steady_us;
    row.mean_us = static_cast<double>(g.steady_us) / std::max(1, steady_runs);
    row.share = run_us > 0 ? row.mean_us / run_us : 0;
    row.first_us = g.first_us;
    rows.push_back(std::move(row));
  }
  // Most steady time first; ties (e.g. all zero) by name, so the order is stable.
  std::sort(rows.begin(), rows.end(), [](const TimeRow& a, const TimeRow& b) {
    return a.mean_us != b.mean_us ? a.mean_us > b.mean_us : a.name < b.name;
  });
  return rows;
}

}  // namespace

ProfileSummary Summarize(const ProfileTrace& trace, const std::vector<std::string>& requested_providers) {
  ProfileSummary s;
  s.source = trace.source;
  s.layout = trace.layout;
  std::vector<SessionEvent> runs;
  for (const auto& e : trace.session_events) {
    if (e.name == "model_run") runs.push_back(e);
    if (e.name.rfind("model_loading", 0) == 0) s.model_load_us += e.dur_us;
    if (e.name == "session_initialization") s.session_init_us += e.dur_us;
  }
  std::sort(runs.begin(), runs.end(), [](const SessionEvent& a, const SessionEvent& b) { return a.ts_us < b.ts_us; });
  if (runs.empty() && !trace.kernels.empty()) {
    s.notes.push_back("no model_run spans: the whole trace counts as one run");
    int64_t begin = trace.kernels.front().ts_us, end = begin;
    for (const auto& k : trace.kernels) {
      begin = std::min(begin, k.ts_us);
      end = std::max(end, k.ts_us + k.dur_us);
    }
    runs.push_back({"model_run", begin, end - begin});
  }
  s.runs = static_cast<int>(runs.size());
  s.steady_runs = runs.size() > 1 ? s.runs - 1 : s.runs;
  const bool only_run = runs.size() == 1;  // then it is both the first and the steady run

  std::map<std::string, Group> ops, nodes, providers;
  std::vector<int64_t> run_kernel_us(runs.size(), 0);
  int outside = 0;
  for (const auto& k : trace.kernels) {
    // The last run starting at or before the kernel; it must also contain the kernel's start.
    auto it = std::upper_bound(runs.begin(), runs.end(), k.ts_us,
                               [](int64_t ts, const SessionEvent& r) { return ts < r.ts_us; });
    if (it == runs.begin() || k.ts_us > std::prev(it)->ts_us + std::prev(it)->dur_us) {
      ++outside;
      continue;
    }
    const std::size_t run = static_cast<std::size_t>(std::prev(it) - runs.begin());
    run_kernel_us[run] += k.dur_us;
    for (auto* g : {&ops[k.op_type], &nodes[k.node], &providers[k.provider]}) {
      g->providers.insert(k.provider);
      g->nodes.insert(k.node);
      if (run == 0) g->first_us += k.dur_us;
      if (run > 0 || only_run) {
        g->steady_us += k.dur_us;
        ++g->steady_count;
      }
    }
    nodes[k.node].op_type = k.op_type;
    nodes[k.node].provider = k.provider;
  }
  if (outside > 0) s.notes.push_back(std::to_string(outside) + " kernel events outside every model_run span were left out");
  if (!runs.empty()) {
    s.first_run_us = runs.front().dur_us;
    s.first_run_kernel_us = run_kernel_us.front();
    int64_t wall = 0, kernel = 0;
    for (std::size_t r = only_run ? 0 : 1; r < runs.size(); ++r) {
      wall += runs[r].dur_us;
      kernel += run_kernel_us[r];
    }
    s.steady_run_us = static_cast<double>(wall) / s.steady_runs;
    s.steady_kernel_us = static_cast<double>(kernel) / s.steady_runs;
  }
  s.ops = Rows(ops, s.steady_runs, s.steady_run_us, false);
  s.nodes = Rows(nodes, s.steady_runs, s.steady_run_us, false);
  s.providers = Rows(providers, s.steady_runs, s.steady_run_us, true);

  s.requested_providers = requested_providers;
  if (s.requested_providers.empty()) {
    for (const auto& [name, g] : providers) s.requested_providers.push_back(name);
  }
  const bool wants_other = std::any_of(s.requested_providers.begin(), s.requested_providers.end(),
                                       [](const std::string& p) { return p != kCpu; });
  for (const auto& row : s.nodes) {
    if (IsMemcpy(row.op_type)) s.memcpy_nodes.push_back(row);
    if (wants_other && row.provider == kCpu && !IsMemcpy(row.op_type)) s.cpu_fallback_nodes.push_back(row);
  }
  return s;
}

}  // namespace ortkit::profile
