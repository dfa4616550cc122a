// What `ortkit compress` measured: each variant's size, latency (against the original, in the
// same run), peak RSS, cold start and accuracy, which variants are Pareto-optimal and which one
// was chosen. Plain data, rendered by report/compress_render.h.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "compare/accuracy_gate.h"
#include "compress/compress_options.h"

namespace ortkit::compress {

/// The name of the row that stands for the model as given.
inline constexpr const char* kOriginal = "original";

/// One thread setting's latency of a variant, measured alternately with the original's.
struct Latency {
  int intra_op_threads = 0;  ///< 0: ONNX Runtime's default (its pool sized from the cores)
  double p50_ms = 0;         ///< median over the repeats of each repeat's p50
  double p99_ms = 0;         ///< median over the repeats of each repeat's p99
  /// Median over the repeats of (this variant's p50 / the original's p50 in the same repeat):
  /// paired, so drift in the machine's speed cancels. 1 for the original itself.
  double p50_ratio = 1;
  double p99_ratio = 1;
  /// The largest distance of a repeat's p50 ratio from p50_ratio, relative to it: how far the
  /// paired ratio moved between the blocks (0 for the original and with one repeat).
  double p50_ratio_noise = 0;
};

struct VariantResult {
  std::string name;  ///< kOriginal, or the fix pass that made it ("quantize-dynamic")
  /// Why the variant is not in the table ("no --calibration DIR: ...", "the pass changed
  /// nothing", a fix error); empty when it was made and measured.
  std::string skipped;
  uint64_t file_bytes = 0;
  /// The accuracy gate against the original (none for the original itself).
  std::optional<compare::GateResult> gate;
  /// The gate's verdict; the original passes by definition.
  bool passes_gate = false;
  /// Why the gate failed, in one line ("logits: top-1 disagreement 3.1% > 1%"); empty on a pass.
  std::string gate_failure;
  double min_cosine = 1;               ///< the smallest cosine over float outputs
  double worst_top1_disagreement = 0;  ///< the largest top-1 disagreement over score outputs
  Latency one_thread;                  ///< intra_op_threads 1
  Latency default_threads;             ///< intra_op_threads 0
  double peak_rss_mib = 0;   ///< median over the fresh processes of their VmHWM
  double cold_start_ms = 0;  ///< median over the fresh processes of session creation + first run
  /// On the Pareto front over (file size, p50 at one thread as the paired ratio, peak RSS) among
  /// the variants that pass the gate: no other such variant is at least as good in all three and
  /// better in one (pareto.h).
  bool pareto = false;

  bool measured() const { return skipped.empty(); }
};

struct CompressReport {
  std::string model_path;
  CompressOptions options;
  std::vector<VariantResult> variants;  ///< the original first, then VariantPasses() order
  /// The compressed variant that passes the gate and is best by options.objective; empty when
  /// none passes.
  std::string best;
  std::string output_path;  ///< -o; empty when not asked
  bool written = false;     ///< the best variant was written to output_path
  std::vector<std::string> notes;

  /// The row named `name`, or nullptr.
  const VariantResult* Find(const std::string& name) const {
    for (const auto& v : variants) {
      if (v.name == name) return &v;
    }
    return nullptr;
  }
};

}  // namespace ortkit::compress
