// Model::arena_stats() and ReadArenaStats: a session's CPU arena counters through
// OrtApi::AllocatorGetStats.
#include "core/arena_stats.h"

#include <charconv>
#include <string>
#include <unordered_map>

#include "core/model_impl.h"
#include "ortkit/model.h"

namespace ortkit {
namespace {

std::optional<int64_t> Counter(const std::unordered_map<std::string, std::string>& stats, const char* key) {
  const auto it = stats.find(key);
  if (it == stats.end()) return std::nullopt;
  int64_t value = 0;
  const char* end = it->second.data() + it->second.size();
  const auto [ptr, ec] = std::from_chars(it->second.data(), end, value);
  if (ec != std::errc() || ptr != end) return std::nullopt;
  return value;
}

}  // namespace

namespace core {

Ort::Allocator SessionCpuArena(const Ort::Session& session) {
  try {
    const Ort::MemoryInfo cpu = Ort::MemoryInfo::CreateCpu(OrtArenaAllocator, OrtMemTypeDefault);
    return Ort::Allocator(session, cpu);
  } catch (const Ort::Exception&) {
    return Ort::Allocator(nullptr);  // no CPU allocator of that kind in this session
  }
}

std::optional<ArenaStats> ReadArenaStats(const Ort::Allocator& arena) {
  if (!arena) return std::nullopt;
  std::unordered_map<std::string, std::string> stats;
  try {
    stats = arena.GetStats().GetKeyValuePairs();
  } catch (const Ort::Exception&) {
    return std::nullopt;
  }
  // A plain (non-arena) CPU allocator implements no statistics: its map is empty.
  const std::optional<int64_t> in_use = Counter(stats, "InUse");
  const std::optional<int64_t> total = Counter(stats, "TotalAllocated");
  if (!in_use || !total) return std::nullopt;
  ArenaStats a;
  a.in_use = *in_use;
  a.total_allocated = *total;
  a.max_in_use = Counter(stats, "MaxInUse").value_or(0);
  a.num_allocs = Counter(stats, "NumAllocs").value_or(0);
  a.num_reserves = Counter(stats, "NumReserves").value_or(0);
  a.num_arena_extensions = Counter(stats, "NumArenaExtensions").value_or(0);
  a.num_arena_shrinkages = Counter(stats, "NumArenaShrinkages").value_or(0);
  a.requested_in_use = Counter(stats, "RequestedInUse");
  return a;
}

}  // namespace core

std::optional<ArenaStats> Model::arena_stats() const {
  // The allocator object wraps the session's own arena; made once, it costs nothing to keep.
  std::call_once(impl_->arena_once, [impl = impl_.get()] { impl->arena = core::SessionCpuArena(impl->session); });
  return core::ReadArenaStats(impl_->arena);
}

}  // namespace ortkit
