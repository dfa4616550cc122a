// `ortkit run`: run a model once on given and seeded random inputs; show or save its outputs.
#include <memory>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "cli/cli_common.h"
#include "compare/random_tensor.h"
#include "cli/run_once.h"
#include "ortkit/runtime.h"
#include "ortkit/session_config.h"

namespace ortkit::cli {
namespace {

constexpr const char* kNotes = R"(
Free dimensions take their size from --dim (by symbol), else from a --input file with the same
symbol, else 1; unnamed free dimensions are 1. Statistics (min, max, mean) are over the finite
values; NaN and Inf are counted apart. Times are wall-clock milliseconds of Model::Load and of the
one Model::run. Errors print one line on stderr and exit with status 2.
)";

constexpr const char* kExamples = R"(
Examples:
  ortkit run model.onnx                                  random inputs, seed 0
  ortkit run model.onnx --dim batch=8 --seed 7           batch of 8, other random values
  ortkit run model.onnx --input image=cat.npy --save-outputs out/
  ortkit run model.onnx --config deployment.json --json
  ortkit run model.onnx --provider webgpu
)";

// Everything the flags bind to; the Action reads it after parsing.
struct Options {
  RunRequest request;
  std::vector<std::string> inputs;  // NAME=FILE
  std::vector<std::string> dims;    // NAME=VALUE
  bool json = false;
};

std::string CheckSeedFlag(const std::string& text) {
  int64_t seed = 0;
  return ParseNonNegative(text, &seed) ? "" : "expected a non-negative integer, got '" + text + "'";
}

int Execute(const Options& options, const Context& context) {
  RunRequest request = options.request;
  AddInputFlags(options.inputs, options.dims, &request.inputs);  // syntax checked at parse time
  const RunReport report = RunOnce(request);
  if (options.json) {
    RenderRunJson(report, context.out);
  } else {
    RenderRunText(report, context.out);
  }
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
  app.add_option("--input", options->inputs,
                 "Feed input NAME from FILE (.npy or .pb); repeat for several inputs")
      ->type_name("NAME=FILE")
      ->allow_extra_args(false)  // one value per flag, so MODEL may follow it
      ->check(FlagCheck(CheckInputFlag));
  app.add_option("--dim", options->dims,
                 "Size of the free dimension NAME for random inputs (default 1); repeatable")
      ->type_name("NAME=VALUE")
      ->allow_extra_args(false)
      ->check(FlagCheck(CheckDimFlag));
  app.add_option("--seed", r.inputs.seed, "Seed of the random inputs (default 0)")
      ->type_name("N")
      ->check(FlagCheck(CheckSeedFlag));
  app.add_option("--save-outputs", r.save_dir,
                 "Write each tensor output to DIR as <name>.pb, and <name>.npy when NumPy holds its type")
      ->type_name("DIR");
  app.add_flag("--json", options->json, "Print one JSON object instead of tables");
  app.footer(std::string("\nRandom inputs (the same --seed gives the same values everywhere):\n") +
             compare::kRandomDistributions + kNotes + kExamples);
  return [options](const Context& context) { return Execute(*options, context); };
}

const CommandRegistration kRegistration{
    Command{"run", "Run a model once on given or seeded random inputs; show output statistics",
            Needs::kSession, Setup}};

}  // namespace
}  // namespace ortkit::cli
