// What `ortkit fix` was asked to do: which passes, their parameters, and how the result is
// written, verified and measured. Passes and the engine both read it.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "compare/accuracy_gate.h"
#include "compare/compare.h"
#include "ortkit/session_config.h"
#include "ortkit/shape.h"
#include "workload/dim_flag.h"

namespace ortkit::graph {

/// The format of the written model.
enum class ModelFormat {
  kOnnx,  ///< an ONNX protobuf (.onnx)
  kOrt,   ///< ONNX Runtime's flatbuffer format (.ort), for minimal and mobile builds
};

/// "onnx" or "ort". Inline, so that renderers need no link to the fix library.
inline const char* ToString(ModelFormat format) noexcept { return format == ModelFormat::kOrt ? "ort" : "onnx"; }

/// How quantize-static turns calibration values into a range.
enum class CalibrationMethod {
  kMinMax,      ///< the smallest and largest value seen
  kPercentile,  ///< the calibration_percentile-th percentile of the values on each side of zero
};

/// "minmax" or "percentile".
inline const char* ToString(CalibrationMethod method) noexcept {
  return method == CalibrationMethod::kMinMax ? "minmax" : "percentile";
}

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

  /// quantize-dynamic and float16: the nodes they may rewrite, by name or fnmatch pattern
  /// (`--include-nodes`, `--exclude-nodes`, repeatable; node_select.h). Empty include: all.
  std::vector<std::string> include_nodes;
  std::vector<std::string> exclude_nodes;

  /// quantize-dynamic: float32 weights smaller than this many bytes stay float (their int8 form
  /// would save less than the scales and the extra nodes cost). `--min-weight-bytes`.
  int64_t quantize_min_weight_bytes = 1024;
  /// quantize-dynamic: one scale for the whole weight instead of one per output column
  /// (`--per-tensor`): smaller, but one outlier column costs every other column its precision.
  bool quantize_per_tensor = false;
  /// quantize-dynamic: 7-bit weights ([-64, 64]), as ORT's reduce_range, or 8-bit. Unset: 7-bit
  /// on x86 CPUs without VNNI (AVX2, AVX-512 before VNNI), where ORT's u8*s8 kernel adds pairs of
  /// products in saturating int16 (vpmaddubsw) that full-range weights overflow (measured: cosine
  /// 0.95-0.96 on the test encoder on an AVX2 EPYC), and 8-bit where the sums are exact (VNNI,
  /// ARM), where a step is half as wide (measured on an AVX-512 VNNI EPYC, bench/compress_bench:
  /// the encoder's top-1 agreement 96.9% at 7 bits, 97.1% at 8; in the tests' small encoder 3
  /// flipped argmaxes of 128 at 7 bits, at most 1 at 8). `--reduce-range` / `--full-range` force it.
  std::optional<bool> quantize_reduce_range;

  /// quantize-static: the calibration input sets (`--calibration DIR`): one subdirectory per set,
  /// holding one .npy or .pb file per graph input (named after the input, or input_<i>.pb with the
  /// TensorProto's name, as ONNX's test_data_set_N directories are). Empty: the pass refuses, since
  /// activation ranges from random inputs mean nothing.
  std::string calibration_dir;
  /// quantize-static: how a tensor's range comes from its calibration values (`--calibration-method`).
  CalibrationMethod calibration_method = CalibrationMethod::kPercentile;
  /// quantize-static: the percentile of |value| kept by kPercentile (`--percentile`, (50, 100]).
  double calibration_percentile = 99.99;
  /// quantize-static: activations as int8 instead of uint8 (`--activation-type int8`). uint8 with
  /// int8 weights is the pair x86's QLinearConv/QLinearMatMul kernels are fastest with.
  bool activations_int8 = false;

  /// float16: keep the graph's float32 inputs and outputs (Casts at the boundary). Off
  /// (`--no-keep-io-types`): callers feed and receive float16.
  bool keep_io_types = true;
  /// float16: op types kept in float32 besides the default block list (`--block-op`, repeatable).
  std::vector<std::string> float16_block_ops;

  /// The accuracy gate that replaces the tolerance check when a lossy pass (quantize-dynamic,
  /// float16) runs: `--samples`, `--min-cosine`, `--max-top1-disagreement`.
  compare::GateOptions gate;

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
  /// Sizes of free dimensions in verification's and the accuracy gate's seeded inputs (unsized
  /// ones are probed from 1, as `ortkit run` does). `compress --dim` sets them, so that a variant is
  /// judged at the sizes it is timed at; fix's own --dim fixes the dimensions in the model instead.
  workload::DimSizes verify_dims;

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
