// What `ortkit fix` did: the passes' changes, the verification figures and the latency before
// and after. Plain data, rendered by report/fix_render.h.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "compare/compare.h"
#include "graph/fixes/fix_changes.h"
#include "graph/fixes/fix_options.h"

namespace ortkit::graph {

struct PassReport {
  std::string name;
  std::string summary;
  FixChanges changes;
};

/// The original and the fixed model run on the same seeded inputs.
struct Verification {
  bool ran = false;     ///< false with --no-verify
  bool passed = false;  ///< the fixed model loads and every output matches within the tolerance
  /// Why nothing could be compared, in one line ("the fixed model does not load in ONNX Runtime:
  /// ..."); empty when the outputs were compared.
  std::string failure;
  compare::Tolerance tolerance;
  uint64_t seed = 0;
  std::vector<std::string> inputs;  ///< what was fed: "image: float32[1,3,64,64]"
  compare::Comparison comparison;   ///< side A: the fixed model; side B (the reference): the original
};

/// Median latency of Model::run on one intra-op thread, warm-up runs excluded.
struct LatencyComparison {
  int runs = 0;
  int warmup = 0;
  double before_ms = 0;  ///< the original model
  double after_ms = 0;   ///< the fixed model
  double speedup() const { return after_ms > 0 ? before_ms / after_ms : 0; }
};

struct FixReport {
  std::string input_path;
  std::string output_path;
  ModelFormat format = ModelFormat::kOnnx;
  std::vector<PassReport> passes;  ///< in the order they ran
  uint64_t input_bytes = 0;        ///< the input file (external data not included)
  uint64_t output_bytes = 0;       ///< what was (or would have been) written
  /// When the original model already fails onnx::checker: the checker's message. The result is
  /// then not held to the checker either.
  std::string checker_note;
  Verification verification;
  std::optional<LatencyComparison> latency;  ///< with --bench
  bool written = false;  ///< false when verification failed (without keep_unverified)

  /// True when some pass changed something.
  bool changed() const {
    for (const auto& p : passes) {
      if (p.changes.changed()) return true;
    }
    return false;
  }
};

}  // namespace ortkit::graph
