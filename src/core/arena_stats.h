// Reading ORT's arena counters, for Model::arena_stats and for code that holds a raw session
// (tests' custom-op workloads).
#pragma once

#include <optional>

#include <onnxruntime_cxx_api.h>

#include "ortkit/arena_stats.h"

namespace ortkit::core {

/// The session's CPU arena allocator, or a null allocator when the session has none of that kind.
Ort::Allocator SessionCpuArena(const Ort::Session& session);

/// `arena`'s counters (OrtApi::AllocatorGetStats), or nullopt for a null allocator, an allocator
/// without statistics (a plain CPU allocator gives an empty map) or a failed call.
std::optional<ArenaStats> ReadArenaStats(const Ort::Allocator& arena);

}  // namespace ortkit::core
