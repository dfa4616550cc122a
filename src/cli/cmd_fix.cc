// `ortkit fix`: rewrite a model to fix deployment problems, verify the result, write it atomically.
#include <filesystem>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "cli/cli_common.h"
#include "cli/custom_op_flag.h"
#include "cli/lossy_pass_flags.h"
#include "cli/output.h"
#include "core/atomic_file.h"
#include "graph/fix_engine.h"
#include "graph/fixes/pass.h"
#include "ortkit/error.h"
#include "report/fix_render.h"
#include "workload/dim_flag.h"

namespace ortkit::cli {
namespace {

constexpr const char* kNotes = R"(
Passes run in the order listed, whatever the order of --pass. Without --pass the default ones run
(those marked *); --dim/--shape add fix-dims, --opt-level and --model-format ort add ort-optimize.

Verification (on by default) runs the original and the fixed model on the same seeded random
inputs (see `ortkit run --help`; free dimensions left are 1) and compares every output:
|fixed - original| <= atol + rtol * |original|. float64-to-float32 changes numerics: float32 keeps
about 7 significant digits, so expect differences near 1e-7 relative, more where a model relies
on float64's range. A failed verification exits with status 1 and writes nothing (an existing
OUT is left as it was) unless --keep-unverified. The input file is never written; OUT is written
atomically (temporary file, fsync, rename), never over the input, and replaces an existing file
only with --force. Weights kept in external data are read in, so OUT is self-contained (models
over 2 GiB keep theirs in OUT.data). Errors print one line on stderr and exit with status 2.

quantize-dynamic, quantize-static and float16 change numerics on purpose: instead of the tolerance,
an accuracy gate runs both models on --samples input sets (the --calibration sets when given,
else seeded ones: seeds --seed, --seed + 1, ...) and needs, per
float output, a cosine similarity of at least --min-cosine and, for outputs whose last axis is > 1
(scores), at most --max-top1-disagreement of rows whose argmax differs (other outputs must match
exactly). Like a failed verification, a failed gate writes nothing unless --keep-unverified.
--include-nodes/--exclude-nodes take node names or fnmatch patterns ('*' also crosses '/').

A model with custom ops loads only with their library: give it with --custom-op-library, and the
original is the reference. decompose-deformable-conv removes the need for it; verified without the
library, the fixed model must run to finite outputs, and the report says nothing was compared.
)";

constexpr const char* kExamples = R"(
Examples:
  ortkit fix model.onnx -o fixed.onnx                       default passes, verified
  ortkit fix model.onnx -o fixed.onnx --dim batch=1 --bench  also fix the batch size; time both
  ortkit fix model.onnx -o fixed.onnx --pass float64-to-float32 --convert-io
  ortkit fix model.onnx -o model.ort --model-format ort --opt-level extended
  ortkit fix model.onnx -o int8.onnx --pass quantize-dynamic --exclude-nodes '/head/*' --samples 32
  ortkit fix model.onnx -o int8.onnx --pass quantize-static --calibration calib/ --calibration-method minmax
  ortkit fix model.onnx -o fp16.onnx --pass float16 --block-op Softmax --min-cosine 0.999
  ortkit fix model.onnx -o fixed.onnx --shape image=1x3x224x224 --format json
  ortkit fix dcn.onnx -o portable.onnx --pass decompose-deformable-conv --custom-op-library ./libdcn.so
)";

struct Options {
  std::string model_path;
  std::string out_path;
  graph::FixOptions fix;
  std::vector<std::string> dims;    // NAME=VALUE
  std::vector<std::string> shapes;  // INPUT=1x3x224x224
  std::string level;
  std::string model_format = "onnx";
  bool verify = false;     // --verify: the default, accepted for scripts that say so
  bool no_verify = false;  // --no-verify
  bool keep_io_types = false;     // --keep-io-types: the default, accepted for scripts that say so
  bool no_keep_io_types = false;  // --no-keep-io-types
  LossyPassFlags lossy;           // --max-top1-disagreement, --calibration-method, --activation-type
  bool full_range = false;        // --full-range: 8-bit weights
  bool reduce_range = false;      // --reduce-range: 7-bit weights; neither: by this CPU
  OutputOptions output;
};

// "1x3x224x224" -> {1, 3, 224, 224}; false when a part is not a non-negative integer.
bool ParseDims(const std::string& text, Shape* out) {
  Shape dims;
  std::size_t start = 0;
  while (true) {
    const std::size_t x = text.find('x', start);
    int64_t d = 0;
    if (!ParseNonNegative(text.substr(start, x == std::string::npos ? std::string::npos : x - start), &d)) return false;
    dims.push_back(d);
    if (x == std::string::npos) break;
    start = x + 1;
  }
  *out = std::move(dims);
  return true;
}

// INPUT=DIMS, split at the last '=' (input names may hold '=', dims never do).
bool SplitShape(const std::string& text, std::string* input, Shape* dims) {
  const auto eq = text.rfind('=');
  if (eq == std::string::npos || eq == 0) return false;
  *input = text.substr(0, eq);
  return ParseDims(text.substr(eq + 1), dims);
}

std::string CheckShapeFlag(const std::string& text) {
  std::string input;
  Shape dims;
  return SplitShape(text, &input, &dims) ? "" : "expected INPUT=DIMS (e.g. image=1x3x224x224), got '" + text + "'";
}

std::string CheckPassFlag(const std::string& text) {
  try {
    graph::FindPass(text);
    return "";
  } catch (const Error& e) {
    return e.what();
  }
}

std::string PassList() {
  std::string out = "\nPasses:\n";
  for (const auto& pass : graph::AllPasses()) {
    const auto& info = pass->info();
    out += "  " + info.name + (info.default_on ? " *" : "") + "\n      " + info.summary + "\n";
  }
  return out;
}

OptimizationLevel ParseLevel(const std::string& text) {
  return ParseOptimizationLevel(text).value_or(OptimizationLevel::kBasic);  // CLI11 checked the value
}

int Execute(Options& o, const Context& context) {
  CheckReportPath(o.output);
  o.fix.force = o.output.force;
  // OUT over the input gets FixModel's own refusal (also with --force); any other file this rule.
  std::error_code same_error;
  if (!std::filesystem::equivalent(o.model_path, o.out_path, same_error)) {
    core::CheckWritable(o.out_path, OverwriteRule(o.output), "-o");
  }
  for (const auto& [name, size] : workload::SingleSizes(workload::ParseDimFlags(o.dims), "fix")) o.fix.dims[name] = size;
  for (const auto& text : o.shapes) {
    std::string input;
    Shape dims;
    SplitShape(text, &input, &dims);
    o.fix.shapes[input] = dims;
  }
  if (!o.level.empty()) o.fix.level = ParseLevel(o.level);
  o.fix.format = o.model_format == "ort" ? graph::ModelFormat::kOrt : graph::ModelFormat::kOnnx;
  o.fix.verify = !o.no_verify;
  o.fix.keep_io_types = !o.no_keep_io_types;
  if (o.full_range || o.reduce_range) o.fix.quantize_reduce_range = o.reduce_range;
  o.lossy.Apply(o.fix);  // CLI11 checked the values
  const graph::FixReport report = graph::FixModel(o.model_path, o.out_path, o.fix);
  std::ostringstream text;
  if (o.output.format == Format::kJson) {
    report::RenderFixJson(report, text);
  } else {
    report::RenderFixText(report, text);
  }
  EmitReport(context, o.output, text.str());
  return report.verification.ran && !report.verification.passed ? kExitFindings : kExitOk;
}

Action Setup(CLI::App& app) {
  auto o = std::make_shared<Options>();
  graph::FixOptions& f = o->fix;
  app.add_option("MODEL", o->model_path, "The ONNX model to fix (never written)")->required()->type_name("FILE");
  app.add_option("-o,--output", o->out_path, "Where to write the fixed model")->required()->type_name("OUT");
  app.add_option("--pass", f.passes, "Run this pass (repeatable; default: the passes marked * below)")
      ->type_name("NAME")
      ->allow_extra_args(false)
      ->check(FlagCheck(CheckPassFlag));
  app.add_option("--dim", o->dims, "fix-dims: give the free dimension NAME this size everywhere (repeatable)")
      ->type_name("NAME=SIZE")
      ->allow_extra_args(false)
      ->check(FlagCheck(workload::CheckDimFlag));
  app.add_option("--shape", o->shapes, "fix-dims: give input INPUT this whole shape (repeatable)")
      ->type_name("INPUT=1x3x224x224")
      ->allow_extra_args(false)
      ->check(FlagCheck(CheckShapeFlag));
  app.add_option("--op", f.deformable_conv_ops,
                 "decompose-deformable-conv: also rewrite this op, DOMAIN:NAME, taking DCNv2's inputs (repeatable)")
      ->type_name("DOMAIN:NAME")
      ->allow_extra_args(false);
  app.add_flag("--convert-io", f.convert_io,
               "float64-to-float32: turn float64 graph inputs/outputs into float32 too (default: keep them, "
               "with Casts at the boundary)");
  AddNodeSelectionOptions(app, f.include_nodes, f.exclude_nodes, "quantize-dynamic, quantize-static, float16");
  app.add_option("--min-weight-bytes", f.quantize_min_weight_bytes,
                 "quantize-dynamic: leave float32 weights smaller than this float (default 1024)")
      ->type_name("N");
  app.add_flag("--per-tensor", f.quantize_per_tensor,
               "quantize-dynamic: one scale per weight instead of one per output column");
  CLI::Option* full_range = app.add_flag("--full-range", o->full_range,
                                         "quantize-dynamic, quantize-static: 8-bit weights (the default on CPUs with VNNI, and ARM)");
  app.add_flag("--reduce-range", o->reduce_range,
               "quantize-dynamic, quantize-static: 7-bit weights (the default on x86 CPUs without VNNI, whose int8 kernel sums in "
               "saturating int16)")
      ->excludes(full_range);
  AddCalibrationOptions(app, f, o->lossy);
  CLI::Option* keep_io = app.add_flag("--keep-io-types", o->keep_io_types,
                                      "float16: keep float32 graph inputs/outputs, Casts at the boundary (the default)");
  app.add_flag("--no-keep-io-types", o->no_keep_io_types, "float16: turn float32 graph inputs/outputs into float16")
      ->excludes(keep_io);
  app.add_option("--block-op", f.float16_block_ops, "float16: keep this op type float32 too (repeatable)")
      ->type_name("OP")
      ->allow_extra_args(false);
  AddGateOptions(app, f.gate, o->lossy, "quantize-*, float16");
  app.add_option("--opt-level", o->level, "ort-optimize: ORT optimisation level to save at (default: basic)")
      ->type_name("LEVEL")
      ->check(CLI::IsMember({"basic", "extended", "layout", "all"}));
  app.add_option("--model-format", o->model_format, "Format of OUT: onnx (default) or ort (implies ort-optimize)")
      ->type_name("FORMAT")
      ->check(CLI::IsMember({"onnx", "ort"}));
  CLI::Option* verify =
      app.add_flag("--verify", o->verify, "Compare the outputs of the original and the fixed model (the default)");
  app.add_flag("--no-verify", o->no_verify, "Skip the comparison (and ONNX Runtime, unless a pass needs it)")
      ->excludes(verify);
  app.add_flag("--keep-unverified", f.keep_unverified, "Write OUT even when verification fails (still exit 1)");
  app.add_option("--rtol", f.tolerance.rtol, "Verification: relative tolerance (default 1e-3)")->type_name("X");
  app.add_option("--atol", f.tolerance.atol, "Verification: absolute tolerance (default 1e-5)")->type_name("X");
  app.add_option("--seed", f.seed, "Seed of the random inputs (default 0)")->type_name("N");
  AddCustomOpLibraryOption(app, f.custom_op_libraries);
  app.add_flag("--bench", f.bench, "Measure the median latency before and after (one intra-op thread)");
  app.add_option("--runs", f.bench_runs, "Timed runs per model for --bench (default 20)")->type_name("N");
  AddOutputOptions(app, o->output, {Format::kText, Format::kJson});
  AddRetiredOption(app, "--level", "use --opt-level LEVEL (the same flag in every subcommand)");
  AddRetiredOption(app, "--bench-runs", "use --runs N (the same flag in every subcommand)");
  app.footer(PassList() + kNotes + kExamples);
  return [o](const Context& context) { return Execute(*o, context); };
}

const CommandRegistration kRegistration{
    Command{"fix", "Fix deployment problems in a model (weights as inputs, float64, free dims, ...); verified",
            Needs::kSession, Setup}};

}  // namespace
}  // namespace ortkit::cli
