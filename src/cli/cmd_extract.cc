// `ortkit extract`: cut the subgraph between given tensors out of a model, as a loadable model.
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "cli/cli_common.h"
#include "cli/output.h"
#include "core/atomic_file.h"
#include "graph/extract.h"
#include "graph/model_builder.h"
#include "graph/model_file.h"
#include "ortkit/model.h"
#include "report/extract_render.h"

namespace ortkit::cli {
namespace {

constexpr const char* kNotes = R"(
The subgraph holds the nodes that compute --outputs from --inputs and initializers, in their
original order, and only the initializers they use. The new inputs and outputs are typed from the
model's declarations or ONNX shape inference. Without --inputs, the inputs are the graph inputs
the outputs depend on (cutting off a model's tail). With --inputs, every tensor the outputs need
must come from them or an initializer; a graph input they need but --inputs leaves out is an
error that names it. The result is loaded into ONNX Runtime (CPU) before it is written, unless
--skip-load-check (e.g. for custom operators); it is written atomically and never over an existing
file without --force. Errors exit with status 2.
)";

constexpr const char* kExamples = R"(
Examples:
  ortkit extract model.onnx -o backbone.onnx --outputs probabilities
  ortkit extract model.onnx -o head.onnx --inputs image --outputs relu_3
  ortkit extract model.onnx -o block.onnx --inputs relu_3 --outputs add_5,relu_5
  ortkit extract model.onnx -o block.onnx --inputs relu_3 --outputs add_5 --force
  ortkit extract model.onnx -o block.onnx --inputs relu_3 --outputs add_5 --format json
)";

struct Options {
  std::string model;
  std::string output;
  std::vector<std::string> inputs, outputs;
  bool skip_load_check = false;
  OutputOptions report;
};

int Execute(const Options& options, const Context& context) {
  CheckReportPath(options.report);
  graph::ReadOptions read;
  read.load_external_data = true;  // the subgraph is written with its weights inline
  std::vector<std::string> external_files;
  read.external_files = &external_files;
  const onnx::ModelProto model = graph::ReadModel(options.model, read);
  graph::RefuseInputAsOutput(options.model, external_files, options.output);
  core::CheckWritable(options.output, OverwriteRule(options.report), "-o");
  const graph::ExtractResult result = graph::ExtractSubgraph(model, options.inputs, options.outputs, {options.model});
  const std::string bytes = graph::SerializeModel(result.model);
  if (!options.skip_load_check) Model::FromBytes(bytes.data(), bytes.size(), {}, options.output);
  graph::WriteOptions write;
  write.force = options.report.force;
  write.keep_files = external_files;  // the input's data, which a replaced output may share
  graph::WriteModelAtomically(result.model, options.output, write);

  std::ostringstream text;
  if (options.report.format == Format::kJson) {
    report::RenderExtractJson(result, options.output, text);
  } else {
    report::RenderExtractText(result, options.output, text);
  }
  EmitReport(context, options.report, text.str());
  return kExitOk;
}

Action Setup(CLI::App& app) {
  auto options = std::make_shared<Options>();
  app.add_option("MODEL", options->model, "The ONNX model to cut")->required()->type_name("FILE");
  app.add_option("-o,--output", options->output, "Where to write the subgraph model")->required()->type_name("FILE");
  app.add_option("--inputs", options->inputs, "Tensors that become the graph inputs, comma-separated (default: the graph inputs the outputs depend on)")
      ->type_name("A,B")
      ->delimiter(',')
      ->allow_extra_args(false);
  app.add_option("--outputs", options->outputs, "Tensors that become the graph outputs, comma-separated")
      ->required()
      ->type_name("C,D")
      ->delimiter(',')
      ->allow_extra_args(false);
  app.add_flag("--skip-load-check", options->skip_load_check,
               "Write the subgraph without loading it into ONNX Runtime first");
  AddOutputOptions(app, options->report, {Format::kText, Format::kJson});
  app.footer(std::string(kNotes) + kExamples);
  return [options](const Context& context) { return Execute(*options, context); };
}

const CommandRegistration kRegistration{
    Command{"extract", "Cut the subgraph between given tensors out of a model", Needs::kSession, Setup}};

}  // namespace
}  // namespace ortkit::cli
