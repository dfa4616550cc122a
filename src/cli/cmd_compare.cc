// `ortkit compare`: run two models, or one model under two session configs or providers, on the
// same inputs and compare their outputs element by element.
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "cli/cli_common.h"
#include "cli/custom_op_flag.h"
#include "cli/output.h"
#include "cli/save_outputs.h"
#include "cli/workload_options.h"
#include "compare/compare_run.h"
#include "compare/tensor_files.h"
#include "ortkit/error.h"
#include "ortkit/runtime.h"
#include "ortkit/session_config.h"
#include "report/compare_render.h"
#include "workload/random_tensor.h"

namespace ortkit::cli {
namespace {

constexpr const char* kNotes = R"(
The two sides are A and B: two models, or model A under two settings when B is left out. Each of
--provider, --config and --opt-level is given once (both sides) or twice (A, then B); the
provider and optimisation flags override what a config says. Inputs come from --input files, the
rest are seeded random values built from A's inputs, and both sides get the same values; A and B
must have the same input and output names, and the same input types. With --inputs-from, both
sides get the first run an application saved.

--tensors compares two tensor files (.npy or .pb), or two directories of them matched by file
name (a file on one side only fails), instead of running models: the same tolerance, one row per
tensor, shape and type differences reported per tensor. To dump a buffer to compare, in C++
(ortkit/tensor_io.h): ortkit::WriteNpy("x.npy", ortkit::Tensor::FromVector<float>({p, p + n}, {1, 3, 224, 224}));
in Python: numpy.save("x.npy", x).

An element matches when |A - B| <= atol + rtol * |B| (B is the reference, as in numpy.isclose);
NaN matches NaN, an infinity only the same infinity; integers, bools and strings must be equal.
max abs and max rel are over finite pairs. Exit status: 0 when every output matches, 1 when one
differs, 2 on errors.
)";

constexpr const char* kExamples = R"(
Examples:
  ortkit compare model.onnx model_fp16.onnx              two models, seeded random inputs
  ortkit compare model.onnx --provider cpu --provider webgpu
  ortkit compare model.onnx --opt-level disabled --opt-level all
  ortkit compare model.onnx --config a.json --config b.json --rtol 1e-2 --atol 1e-4
  ortkit compare a.onnx b.onnx --dim batch=4 --seed 3 --save-inputs in/ --save-outputs out/
  ortkit compare a.onnx b.onnx --input image=in/image.pb --format json
  ortkit compare a.onnx b.onnx --inputs-from saved/      the inputs an application saved (ortkit trace)
  ortkit compare --tensors cpp_input.npy python_input.npy --atol 1e-6
  ortkit compare --tensors out_cpp/ out_python/ --json   every file of the same name
)";

struct Options {
  std::string model_a, model_b;
  std::vector<std::string> providers, configs, optimizations, custom_op_libraries;
  WorkloadOptions workload;
  compare::Tolerance tolerance;
  std::string save_inputs, save_outputs;
  bool tensors = false;  ///< --tensors: A and B are tensor files or directories
  OutputOptions output;
};

OptimizationLevel ParseLevel(const std::string& text) {
  return ParseOptimizationLevel(text).value_or(OptimizationLevel::kAll);  // CLI11 checked the value
}

// A flag given once applies to both sides; twice, to A and then B.
std::pair<std::string, std::string> PerSide(const std::vector<std::string>& values, const char* flag) {
  if (values.size() > 2) {
    throw Error(ErrorCategory::kConfig, std::string(flag) + " given " + std::to_string(values.size()) +
                                            " times; give it once (both sides) or twice (A, then B)");
  }
  if (values.empty()) return {};
  return {values.front(), values.back()};
}

compare::CompareRequest MakeRequest(const Options& options) {
  compare::CompareRequest request;
  request.a.model_path = options.model_a;
  request.b.model_path = options.model_b.empty() ? options.model_a : options.model_b;
  std::tie(request.a.provider, request.b.provider) = PerSide(options.providers, "--provider");
  std::tie(request.a.config_path, request.b.config_path) = PerSide(options.configs, "--config");
  const auto [opt_a, opt_b] = PerSide(options.optimizations, "--opt-level");
  if (!opt_a.empty()) {
    request.a.optimization = ParseLevel(opt_a);
    request.b.optimization = ParseLevel(opt_b);
  }
  // Both sides: a library a model does not use costs nothing, and the usual comparison is a
  // model with custom ops against its rewrite into standard ones.
  request.a.custom_op_libraries = request.b.custom_op_libraries = options.custom_op_libraries;
  request.inputs = OneShapeRequest(options.workload, "compare");
  request.tolerance = options.tolerance;
  return request;
}

void Save(const std::string& dir, const NamedValues& values, const OutputOptions& output, const std::string& flag,
          std::vector<std::string>& files) {
  for (const SavedOutput& saved : SaveOutputs(dir, values, OverwriteRule(output), flag)) {
    files.insert(files.end(), saved.files.begin(), saved.files.end());
  }
}

// --tensors: no model, so none of the flags about models or their inputs apply.
int ExecuteTensors(const Options& options, const Context& context) {
  const WorkloadOptions& w = options.workload;
  const bool model_flags = !options.providers.empty() || !options.configs.empty() || !options.optimizations.empty() ||
                           !options.custom_op_libraries.empty() || !w.inputs.empty() || !w.dims.empty() ||
                           !w.values.empty() || !w.inputs_from.empty() || !options.save_inputs.empty() ||
                           !options.save_outputs.empty();
  if (model_flags) {
    throw Error(ErrorCategory::kConfig,
                "--tensors compares files: it takes --rtol, --atol and the output flags, no model or input flags");
  }
  if (options.model_b.empty()) throw Error(ErrorCategory::kConfig, "--tensors needs two paths: A B");
  const compare::TensorFilesReport report =
      compare::CompareTensorFiles(options.model_a, options.model_b, options.tolerance);
  std::ostringstream text;
  if (options.output.format == Format::kJson) {
    report::RenderTensorCompareJson(report, text);
  } else {
    report::RenderTensorCompareText(report, text);
  }
  EmitReport(context, options.output, text.str());
  return report.comparison.pass ? kExitOk : kExitFindings;
}

int Execute(const Options& options, const Context& context) {
  CheckReportPath(options.output);
  if (options.tensors) return ExecuteTensors(options, context);
  compare::CompareReport report = compare::RunComparison(MakeRequest(options));
  if (!options.save_inputs.empty()) Save(options.save_inputs, report.input_values, options.output, "--save-inputs", report.saved_files);
  if (!options.save_outputs.empty()) {
    Save(options.save_outputs + "/a", report.outputs_a, options.output, "--save-outputs", report.saved_files);
    Save(options.save_outputs + "/b", report.outputs_b, options.output, "--save-outputs", report.saved_files);
  }
  std::ostringstream text;
  if (options.output.format == Format::kJson) {
    report::RenderCompareJson(report, text);
  } else {
    report::RenderCompareText(report, text);
  }
  EmitReport(context, options.output, text.str());
  return report.comparison.pass ? kExitOk : kExitFindings;
}

Action Setup(CLI::App& app) {
  auto options = std::make_shared<Options>();
  app.add_option("A", options->model_a, "The model to check (with --tensors: a tensor file or directory)")
      ->required()
      ->type_name("FILE");
  app.add_option("B", options->model_b, "The reference model (default: A again, under other settings)")
      ->type_name("FILE");
  app.add_option("--provider", options->providers,
                 "Execution provider: once for both sides, twice for A then B (cpu, webgpu, ...)")
      ->type_name("NAME")
      ->allow_extra_args(false)
      ->check(FlagCheck(CheckProviderFlag));
  app.add_option("--config", options->configs, "Session config JSON: once for both sides, twice for A then B")
      ->type_name("FILE")
      ->allow_extra_args(false);
  app.add_option("--opt-level", options->optimizations,
                 "Graph optimisation level: once for both sides, twice for A then B")
      ->type_name("LEVEL")
      ->allow_extra_args(false)
      ->check(CLI::IsMember({"disabled", "basic", "extended", "layout", "all"}));
  AddCustomOpLibraryOption(app, options->custom_op_libraries);
  AddWorkloadOptions(app, options->workload, SizeUse::kOne);
  app.add_option("--rtol", options->tolerance.rtol, "Relative tolerance (default 1e-3)")
      ->type_name("R")
      ->check(CLI::NonNegativeNumber);
  app.add_option("--atol", options->tolerance.atol, "Absolute tolerance (default 1e-5)")
      ->type_name("A")
      ->check(CLI::NonNegativeNumber);
  app.add_flag("--tensors", options->tensors,
               "A and B are tensor files (.npy, .pb) or directories of them, compared without a model");
  app.add_option("--save-inputs", options->save_inputs,
                 "Write each tensor input to DIR as <name>.pb and <name>.npy (feed them back with --input)")
      ->type_name("DIR");
  app.add_option("--save-outputs", options->save_outputs, "Write each side's tensor outputs to DIR/a and DIR/b")
      ->type_name("DIR");
  AddOutputOptions(app, options->output, {Format::kText, Format::kJson});
  AddRetiredOption(app, "--optimization", "use --opt-level LEVEL (the same flag in every subcommand)");
  app.footer(std::string(kNotes) + kWorkloadHelp + "\nRandom inputs (the same --seed gives the same values everywhere):\n" +
             workload::kRandomDistributions + kExamples);
  return [options](const Context& context) { return Execute(*options, context); };
}

const CommandRegistration kRegistration{
    Command{"compare", "Run two models or two session configs on the same inputs; compare the outputs",
            Needs::kSession, Setup}};

}  // namespace
}  // namespace ortkit::cli
