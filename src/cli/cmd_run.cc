// `ortkit run`: run a model once on given and seeded random inputs; show or save its outputs.
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "cli/cli_common.h"
#include "cli/custom_op_flag.h"
#include "cli/output.h"
#include "cli/run_once.h"
#include "cli/workload_options.h"
#include "ortkit/runtime.h"
#include "ortkit/session_config.h"
#include "workload/random_tensor.h"

namespace ortkit::cli {
namespace {

constexpr const char* kNotes = R"(
Free dimensions take their size from --dim, else from a --input file with the same dimension,
else 1; when the model fails at 1, ortkit tries 2, 4, 8, ... and says which size it used. Statistics (min, max, mean) are over the finite
values; NaN and Inf are counted apart. Times are wall-clock milliseconds of Model::Load and of the
one Model::run. Errors print one line on stderr and exit with status 2.
)";

constexpr const char* kExamples = R"(
Examples:
  ortkit run model.onnx                                  random inputs, seed 0
  ortkit run model.onnx --dim batch=8 --seed 7           batch of 8, other random values
  ortkit run encoder.onnx --dim T=400 --value speech_lengths=@T
  ortkit run lm.onnx --dim seq=128 --value input_ids=0..31999
  ortkit run model.onnx --input image=cat.npy --save-outputs out/
  ortkit run model.onnx --inputs-from saved/ --json      the first run `ortkit trace --save-inputs saved/` kept
  ortkit run model.onnx --config deployment.json --format json
  ortkit run model.onnx --provider webgpu
)";

// Everything the flags bind to; the Action reads it after parsing.
struct Options {
  RunRequest request;
  WorkloadOptions workload;
  OutputOptions output;
};

int Execute(const Options& options, const Context& context) {
  CheckReportPath(options.output);
  RunRequest request = options.request;
  request.inputs = OneShapeRequest(options.workload, "run");
  request.force = options.output.force;
  const RunReport report = RunOnce(request);
  std::ostringstream text;
  if (options.output.format == Format::kJson) {
    RenderRunJson(report, text);
  } else {
    RenderRunText(report, text);
  }
  EmitReport(context, options.output, text.str());
  return kExitOk;
}

Action Setup(CLI::App& app) {
  auto options = std::make_shared<Options>();
  RunRequest& r = options->request;
  app.add_option("MODEL", r.model_path, "The ONNX model to run")->required()->type_name("FILE");
  app.add_option("--provider", r.provider,
                 "Execution provider to run on: cpu, webgpu, or another this build has (see "
                 "`ortkit version`); replaces the providers of --config. Default: cpu")
      ->type_name("NAME")
      ->check(FlagCheck(CheckProviderFlag));
  app.add_option("--config", r.config_path, "Session config (deployment profile) JSON file")
      ->type_name("FILE");
  AddCustomOpLibraryOption(app, r.custom_op_libraries);
  AddWorkloadOptions(app, options->workload, SizeUse::kOne);
  app.add_option("--save-outputs", r.save_dir,
                 "Write each tensor output to DIR as <name>.pb, and <name>.npy when NumPy holds its type")
      ->type_name("DIR");
  AddOutputOptions(app, options->output, {Format::kText, Format::kJson});
  app.footer(std::string("\nRandom inputs (the same --seed gives the same values everywhere):\n") +
             workload::kRandomDistributions + kNotes + kExamples);
  return [options](const Context& context) { return Execute(*options, context); };
}

const CommandRegistration kRegistration{
    Command{"run", "Run a model once on given or seeded random inputs; show output statistics",
            Needs::kSession, Setup}};

}  // namespace
}  // namespace ortkit::cli
