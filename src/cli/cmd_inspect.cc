// `ortkit inspect`: what a model file holds, read from its structure without loading its weights.
#include <memory>
#include <sstream>
#include <string>

#include <CLI/CLI.hpp>

#include "cli/cli_common.h"
#include "cli/output.h"
#include "cli/ort_crash_probe.h"
#include "graph/model_summary.h"
#include "report/inspect_render.h"

namespace ortkit::cli {
namespace {

constexpr const char* kNotes = R"(
The model is read from its protobuf structure (memory-mapped): tensor payloads are skipped, so
inspecting a multi-GB model takes milliseconds and little memory, and external-data files are only
looked up, not read. --nodes runs ONNX shape inference on a copy without payloads over 1 KiB: a
node whose output shape depends on a larger constant shows it as unknown. "ai.onnx" is the default
domain. Errors print one line on stderr and exit with status 2.
)";

constexpr const char* kExamples = R"(
Examples:
  ortkit inspect model.onnx                  signature, ops, weights, subgraphs
  ortkit inspect model.onnx --nodes          also every node with its inferred output shapes
  ortkit inspect model.onnx --json | jq '.graph.initializers.parameters'
  ortkit inspect model.onnx --json | jq -r '.graph.ops[].op_type'
  ortkit inspect big.onnx --json | jq '.external_data'
)";

struct Options {
  std::string model_path;
  bool nodes = false;
  OutputOptions output;
};

Action Setup(CLI::App& app) {
  auto options = std::make_shared<Options>();
  app.add_option("MODEL", options->model_path, "The ONNX model to inspect")->required()->type_name("FILE");
  app.add_flag("--nodes", options->nodes, "List every node in order with its inputs and inferred output types");
  AddOutputOptions(app, options->output, {Format::kText, Format::kJson});
  app.footer(std::string(kNotes) + kExamples);
  return [options](const Context& context) {
    CheckReportPath(options->output);
    graph::SummaryOptions summary_options;
    summary_options.infer_shapes = options->nodes;
    summary_options.inference_crash_probe = ProbeInferenceInChild;  // a crash in ONNX's inference is reported, not ours
    const graph::ModelSummary summary = graph::SummarizeModel(options->model_path, summary_options);
    report::InspectRenderOptions render;
    render.nodes = options->nodes;
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
