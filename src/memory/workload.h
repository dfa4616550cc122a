// What memcheck measures: one iteration of work, split so that only the run itself is timed and
// per-iteration scratch (inputs, outputs) is gone before memory is sampled.
#pragma once

#include <optional>

#include "memory/schedule.h"
#include "ortkit/arena_stats.h"

namespace ortkit::memory {

/// Implemented by ModelWorkload (an ortkit::Model) and by tests (raw ORT sessions with custom ops).
class Workload {
 public:
  virtual ~Workload() = default;
  /// Untimed: get ready to run with these free-dimension sizes (build inputs).
  virtual void Prepare(const Dims& dims) = 0;
  /// Timed: one inference.
  virtual void Run() = 0;
  /// Untimed: drop what this iteration made (outputs; inputs too when shapes vary), so that the
  /// sample that follows sees only what the session itself keeps.
  virtual void Release() = 0;
  /// The session's arena counters now (ORT's own account of its CPU memory), when it has them.
  virtual std::optional<ArenaStats> Arena() const { return std::nullopt; }
};

}  // namespace ortkit::memory
