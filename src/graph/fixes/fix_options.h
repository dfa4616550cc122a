// What `ortkit fix` was asked to do: which passes, their parameters, and how the result is
// written, verified and measured. Passes and the engine both read it.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "compare/compare.h"
#include "ortkit/session_config.h"
#include "ortkit/shape.h"

namespace ortkit::graph {

/// The format of the written model.
enum class ModelFormat {
  kOnnx,  ///< an ONNX protobuf (.onnx)
  kOrt,   ///< ONNX Runtime's flatbuffer format (.ort), for minimal and mobile builds
};

/// "onnx" or "ort". Inline, so that renderers need no link to the fix library.
inline const char* ToString(ModelFormat format) noexcept { return format == ModelFormat::kOrt ? "ort" : "onnx"; }

struct FixOptions {
  /// Pass names to run (see AllPasses()); they always run in the fixed order of AllPasses(), not in
  /// the order given. Empty: the default passes (DefaultPassNames()). Either way fix-dims is added
  /// when `dims` or `shapes` is set, and ort-optimize when `level` is set or `format` is kOrt.
  std::vector<std::string> passes;

  /// float64-to-float32: also turn float64 graph inputs and outputs into float32. Off: they stay
  /// float64 and Casts are inserted at the boundary, so callers see the same interface.
  bool convert_io = false;

  /// decompose-deformable-conv: more ops to rewrite, as "DOMAIN:NAME" (`--op`), besides
  /// MMCVModulatedDeformConv2d and DCNv2 in any custom domain. They must take DCNv2's inputs
  /// (input, offset, mask, weight[, bias]) and attributes.
  std::vector<std::string> deformable_conv_ops;

  /// fix-dims: free dimension symbol -> size (`--dim batch=1`), applied wherever the symbol occurs.
  std::map<std::string, int64_t> dims;
  /// fix-dims: input name -> its full shape (`--shape image=1x3x224x224`).
  std::map<std::string, Shape> shapes;

  /// ort-optimize: the ORT graph optimisation level baked into the saved model (kBasic, kExtended
  /// or kAll; unset: kBasic, the level whose output runs on any hardware).
  std::optional<OptimizationLevel> level;
  ModelFormat format = ModelFormat::kOnnx;

  bool force = false;  ///< replace an existing output file

  /// Custom-op libraries every ORT session of the fix registers (ort-optimize, verification,
  /// --bench): a model with custom ops loads only with them.
  std::vector<std::string> custom_op_libraries;

  /// Run the original and the fixed model on the same seeded inputs and compare every output.
  bool verify = true;
  /// Write the result even when verification fails (it is reported as failed all the same).
  bool keep_unverified = false;
  /// Outputs match when |fixed - original| <= atol + rtol * |original| (numpy.isclose).
  compare::Tolerance tolerance;
  uint64_t seed = 0;  ///< seed of the random inputs of verification and --bench

  /// Measure the median latency of the original and the fixed model (one intra-op thread).
  bool bench = false;
  int bench_runs = 20;   ///< timed runs per model
  int bench_warmup = 3;  ///< untimed runs before them

  /// Throws Error(kConfig) naming the field (or flag), the value and what is allowed: unknown pass
  /// names, fix-dims without dims, negative sizes, level kDisabled, bad tolerances or run counts.
  void Validate() const;

  /// The passes that will run, in the fixed order: `passes` (or the defaults) plus those implied
  /// by dims/shapes, level and format.
  std::vector<std::string> ResolvedPasses() const;

  /// `level`, or kBasic when unset.
  OptimizationLevel EffectiveLevel() const { return level.value_or(OptimizationLevel::kBasic); }
};

}  // namespace ortkit::graph
