// What `ortkit fix` did: the passes' changes, the verification figures and the latency before
// and after. Plain data, rendered by report/fix_render.h.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "compare/accuracy_gate.h"
#include "compare/compare.h"
#include "graph/fixes/fix_changes.h"
#include "graph/fixes/fix_options.h"

namespace ortkit::graph {

struct PassReport {
  std::string name;
  std::string summary;
  FixChanges changes;
};

/// What the fixed model's outputs were compared with.
enum class Reference {
  kOriginal,      ///< the original model
  kCastRepaired,  ///< the original does not load; a copy with Casts at its type conflicts (cast_repair.h)
  kNone,          ///< the original does not load and no copy of it could be made to: nothing compared
};
/// "original", "cast-repaired copy", "none".
inline std::string ToString(Reference reference) {
  switch (reference) {
    case Reference::kOriginal: return "original";
    case Reference::kCastRepaired: return "cast-repaired copy";
    case Reference::kNone: break;
  }
  return "none";
}

/// The original (or a reference made from it) and the fixed model run on the same seeded inputs.
struct Verification {
  bool ran = false;  ///< false with --no-verify
  /// The fixed model loads and runs, and every output matches the reference within the tolerance;
  /// with no reference (Reference::kNone), the fixed model loads, runs and every output is finite.
  bool passed = false;
  /// Why the check could not be done, in one line ("the fixed model does not load in ONNX Runtime:
  /// ..."); empty when it was.
  std::string failure;
  Reference reference = Reference::kOriginal;
  /// When ORT refuses the original: its message, and what the cast-repaired copy changed (or why
  /// it could not serve as the reference either).
  std::string original_error;
  std::vector<std::string> reference_repairs;
  std::string reference_error;
  /// The fixed model's outputs that hold a NaN or an infinity. Checked only when the original does
  /// not load: there, running to finite outputs is the first half of the verification.
  std::vector<std::string> non_finite_outputs;
  compare::Tolerance tolerance;
  uint64_t seed = 0;
  std::vector<std::string> inputs;  ///< what was fed: "image: float32[1,3,64,64]"
  compare::Comparison comparison;   ///< side A: the fixed model; side B (the reference): the original
  /// With a lossy pass (quantize-dynamic, float16) the accuracy gate over options.gate.samples
  /// input sets (seeds seed, seed + 1, ...) replaces `comparison` and decides `passed`.
  std::optional<compare::GateResult> gate;
};

/// Median latency of Model::run on one intra-op thread, warm-up runs excluded.
struct LatencyComparison {
  int runs = 0;
  int warmup = 0;
  double before_ms = 0;  ///< the original model
  double after_ms = 0;   ///< the fixed model
  /// Half the interquartile range of the runs over their median, the larger of the two models':
  /// a speedup within 1 +- noise is not told apart from chance.
  double noise = 0;
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
  std::string latency_note;                  ///< with --bench, why latency is missing when it is
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
