// `ortkit inspect`: what a model file holds, read from its structure without loading its weights.
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "cli/cli_common.h"
#include "cli/output.h"
#include "cli/ort_crash_probe.h"
#include "graph/model_summary.h"
#include "ortkit/error.h"
#include "report/inspect_render.h"
#include "workload/dim_flag.h"

namespace ortkit::cli {
namespace {

constexpr const char* kNotes = R"(
The model is read from its protobuf structure (memory-mapped): tensor payloads are skipped, so
inspecting a multi-GB model takes milliseconds and little memory, and external-data files are only
looked up, not read. --nodes and --cost run ONNX shape inference on a copy without payloads over
1 KiB (so does the child process that guards against a crash in it): a node whose output shape
depends on a larger constant shows it as unknown. "ai.onnx" is the default domain. Errors print
one line on stderr and exit with status 2.

--cost adds the static cost of each node of the main graph, from the shapes inference finds at the
--dim sizes (NAME=SIZE, or INPUT:AXIS=SIZE for an unnamed dimension: the --dim grammar of run and
bench, one size each): FLOPs, parameter bytes (initializers and Constants the node reads),
activation bytes read and written (element size x elements), and intensity (FLOPs per byte).
Totals come per model and per op type; with --nodes, per node too.
FLOPs count one multiply-add as 1 FLOP (MACs):
  Conv                 output elements x C/group x kernel elements (+ 1 per output with a bias)
  ConvTranspose        input elements x M/group x kernel elements (+ 1 per output with a bias)
  MatMul, FusedMatMul  output elements x K
  Gemm                 M x N x K (+ M x N with C; alpha and beta are not counted)
  elementwise          1 per output element (Add, Mul, Relu, Sigmoid, Erf, Gelu, Pow, Where, Clip, ...)
  pooling              output elements x kernel elements; global pools: 1 per input element
  reductions           1 per input element (ReduceMean, ReduceSum, ReduceMax, ArgMax, ...)
  normalisations       per element: BatchNormalization 2, Layer/Instance/GroupNormalization 4
  Softmax, LogSoftmax  3 per element
  data movement        0 (Reshape, Transpose, Gather, Concat, Slice, Cast, ...): bytes only; Gather
                       and Slice read only the part they copy out
Attention counts through the MatMuls and Softmax it is exported as. Other ops, control flow (If,
Loop, Scan: their subgraphs are not costed) and nodes whose shapes depend on a free dimension
without a size show "cost unknown" with the reason: never a guess. Totals add the known values and
say how many nodes were left out.
)";

constexpr const char* kExamples = R"(
Examples:
  ortkit inspect model.onnx                  signature, ops, weights, subgraphs
  ortkit inspect model.onnx --nodes          also every node with its inferred output shapes
  ortkit inspect model.onnx --cost --dim batch=8 --dim seq=128     FLOPs and bytes per op type
  ortkit inspect model.onnx --cost --nodes --dim batch=1           ... and per node
  ortkit inspect model.onnx --cost --dim batch=1 --json | jq '.cost.by_op_type[:5]'
  ortkit inspect model.onnx --json | jq '.graph.initializers.parameters'
  ortkit inspect model.onnx --json | jq -r '.graph.ops[].op_type'
  ortkit inspect big.onnx --json | jq '.external_data'
)";

struct Options {
  std::string model_path;
  bool nodes = false;
  bool cost = false;
  std::vector<std::string> dims;  // --dim (workload/dim_flag.h), one size each
  OutputOptions output;
};

Action Setup(CLI::App& app) {
  auto options = std::make_shared<Options>();
  app.add_option("MODEL", options->model_path, "The ONNX model to inspect")->required()->type_name("FILE");
  app.add_flag("--nodes", options->nodes, "List every node in order with its inputs and inferred output types");
  app.add_flag("--cost", options->cost,
               "Static cost: FLOPs (multiply-add = 1), parameter and activation bytes, FLOPs per byte; "
               "per model and op type, per node with --nodes");
  app.add_option("--dim", options->dims,
                 "Size of free dimension NAME (or INPUT:AXIS) for shape inference and cost: one size; repeatable")
      ->type_name("NAME=SIZE")
      ->allow_extra_args(false)
      ->check(FlagCheck(workload::CheckDimFlag));
  AddOutputOptions(app, options->output, {Format::kText, Format::kJson});
  app.footer(std::string(kNotes) + kExamples);
  return [options](const Context& context) {
    CheckReportPath(options->output);
    if (!options->dims.empty() && !options->nodes && !options->cost) {
      throw Error(ErrorCategory::kConfig, "--dim sizes the shapes of --nodes and --cost: give one of them");
    }
    graph::SummaryOptions summary_options;
    summary_options.infer_shapes = options->nodes;
    summary_options.cost = options->cost;
    summary_options.dim_sizes = workload::SingleSizes(workload::ParseDimFlags(options->dims), "inspect");
    // A crash in ONNX's inference is reported, not ours; the child infers from the stripped model
    // as this process does, so --nodes stays as small as inspect on multi-GB models.
    summary_options.inference_crash_probe = [dims = options->dims](const std::string& path) {
      return ProbeStrippedInferenceInChild(path, dims);
    };
    const graph::ModelSummary summary = graph::SummarizeModel(options->model_path, summary_options);
    report::InspectRenderOptions render;
    render.nodes = options->nodes;
    render.cost = options->cost;
    std::ostringstream text;
    if (options->output.format == Format::kJson) {
      report::RenderInspectJson(summary, text, render);
    } else {
      report::RenderInspectText(summary, text, render);
    }
    EmitReport(context, options->output, text.str());
    return kExitOk;
  };
}

const CommandRegistration kRegistration{
    Command{"inspect", "Show what a model holds: signature, ops, weights, external data, subgraphs",
            Needs::kGraph, Setup}};

}  // namespace
}  // namespace ortkit::cli
