// ArenaStats: the counters of an ONNX Runtime session's CPU arena (its BFC allocator), as
// OrtApi::AllocatorGetStats reports them (C API 23+). They tell the arena's own growth (chunks
// reserved from the system, extensions, shrinkages) from memory ORT does not account for.
#pragma once

#include <cstdint>
#include <optional>

namespace ortkit {

struct ArenaStats {
  int64_t in_use = 0;               ///< InUse: bytes handed out to tensors now
  int64_t total_allocated = 0;      ///< TotalAllocated: bytes the arena holds from the system
  int64_t max_in_use = 0;           ///< MaxInUse: the most ever handed out at once
  int64_t num_allocs = 0;           ///< NumAllocs: allocations served
  int64_t num_reserves = 0;         ///< NumReserves: Reserve() calls (initializers, pre-packed weights)
  int64_t num_arena_extensions = 0; ///< NumArenaExtensions: chunks taken from the system
  int64_t num_arena_shrinkages = 0; ///< NumArenaShrinkages: chunks given back (arena_shrink_after_run)
  std::optional<int64_t> requested_in_use;  ///< RequestedInUse: bytes asked for, where the library says
};

}  // namespace ortkit
