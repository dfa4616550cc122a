// The accuracy gate of lossy rewrites (quantization, float16): a candidate model's outputs against
// the original's over several input sets, as cosine similarity, errors and top-k agreement.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "compare/compare.h"
#include "ortkit/value.h"

namespace ortkit::compare {

/// What a candidate must reach to pass, and on how many input sets it is judged.
struct GateOptions {
  int samples = 16;                     ///< input sets (--samples)
  double min_cosine = 0.99;             ///< per output, over all samples' elements (--min-cosine)
  double max_top1_disagreement = 0.01;  ///< per score output: rows whose argmax differs (--max-top1-disagreement)

  /// Throws Error(kConfig) naming the flag, the value and what is allowed.
  void Validate() const;
};

/// How one output of the candidate differs from the reference over every sample.
struct AccuracyMetrics {
  std::string name;
  std::string type;   ///< the reference's ("float32")
  Shape shape;        ///< the reference's, in the first sample
  int64_t elements = 0;  ///< compared, summed over samples
  double max_abs = 0;    ///< as compare::OutputDiff, the largest over samples
  double max_rel = 0;
  /// Cosine similarity of the candidate's and the reference's values, all samples' elements as one
  /// vector (1 when both are all zero; NaN when the candidate holds a NaN or an infinity).
  double cosine = 1;
  /// Float outputs whose last axis is > 1 are treated as scores: each row (all leading axes)
  /// is a distribution whose argmax and top 5 are compared.
  bool scores = false;
  int64_t rows = 0;               ///< rows compared (scores only)
  int64_t top1_disagreements = 0; ///< rows whose argmax differs
  double top5_overlap = 1;        ///< mean |top5(a) & top5(b)| / min(5, last axis)
  /// Non-float outputs (integers, bools, strings) are compared exactly: elements that differ.
  int64_t mismatches = 0;
  bool pass = true;
  std::string failure;  ///< why it fails ("cosine 0.9731 < 0.99"); "" when it passes
  std::string note;     ///< how it was compared when not as a float ("exact", "type float32 vs float16")

  double top1_disagreement() const { return rows > 0 ? static_cast<double>(top1_disagreements) / rows : 0; }
};

struct GateResult {
  GateOptions options;
  int samples = 0;  ///< input sets actually compared
  uint64_t first_seed = 0;  ///< sample i used seed first_seed + i (when `inputs` is empty)
  /// Where the samples came from when not seeded ("calibration sets of calib/"); "" for seeded.
  std::string inputs;
  std::vector<AccuracyMetrics> outputs;  ///< the reference's order
  bool passed = false;
};

/// Collects the figures sample by sample; Result() judges them.
class AccuracyGate {
 public:
  explicit AccuracyGate(GateOptions options) : options_(options) {}

  /// One input set's outputs: the candidate's and the reference's (matched by name). Outputs the
  /// candidate lacks, or of another type or shape, fail with a note.
  void Add(const NamedValues& candidate, const NamedValues& reference);

  /// The metrics so far, each output judged: float outputs need cosine >= min_cosine and, when
  /// they are scores, top-1 disagreement <= max_top1_disagreement; other outputs must match
  /// exactly (a mismatch rate <= max_top1_disagreement). With no sample, passed is false.
  GateResult Result(uint64_t first_seed = 0) const;

 private:
  struct Sums {
    AccuracyMetrics metrics;
    double dot = 0, norm_a = 0, norm_b = 0;
    bool non_finite = false;
    double overlap_sum = 0;
  };
  Sums& SumsFor(const std::string& name);

  GateOptions options_;
  int samples_ = 0;
  std::vector<Sums> outputs_;
};

}  // namespace ortkit::compare
