// `ortkit reduce`: shrink a model to a small subgraph on which a user's check command still fails.
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "cli/cli_common.h"
#include "cli/output.h"
#include "cli/shell_check.h"
#include "core/atomic_file.h"
#include "core/duration.h"
#include "core/scratch_dir.h"
#include "graph/model_file.h"
#include "graph/reduce.h"
#include "ortkit/error.h"
#include "report/reduce_render.h"

namespace ortkit::cli {
namespace {

constexpr const char* kNotes = R"(
The check is run by /bin/sh -c with {model} replaced by the quoted path of a candidate model; it
"fails" when its exit status is not 0 (or it runs past --timeout: a hang counts as a failure). Its
stdout and stderr are discarded. It must fail on the full model. Then, as Polygraphy's
`debug reduce` does: bisect the outputs (the earliest node whose outputs alone still fail), bisect
the inputs forward (later tensors become graph inputs, typed by ONNX shape inference), and try
removing the remaining branches one by one. Each candidate is checked once; every step is listed.
The smallest failing model is written to --output atomically (never over a file without --force).
Exit status: 0 when reduced, 2 on errors (including a check that passes on the full model).
)";

constexpr const char* kExamples = R"(
Examples:
  ortkit reduce model.onnx --check 'ortkit run {model} --provider webgpu' -o small.onnx
  ortkit reduce model.onnx --check '! grep -q DCNv2 {model}' -o small.onnx
  ortkit reduce model.onnx --check 'python3 repro.py {model}' --max-steps 50 --timeout 2m --format json
)";

struct Options {
  std::string model;
  std::string check;
  std::string output;
  std::size_t max_steps = 200;
  std::string timeout = "60s";  ///< core/duration.h's grammar
  OutputOptions report;
};

std::string CheckCommandFlag(const std::string& text) {
  if (text.find("{model}") != std::string::npos) return {};
  return "the check must contain {model} (where the candidate's path goes), got '" + text + "'";
}

int Execute(const Options& options, const Context& context) {
  CheckReportPath(options.report);
  double timeout_s = 0;
  core::ParseDuration(options.timeout, &timeout_s);
  graph::ReadOptions read;
  read.load_external_data = true;  // candidates are written self-contained
  std::vector<std::string> external_files;
  read.external_files = &external_files;
  const onnx::ModelProto model = graph::ReadModel(options.model, read);
  if (!options.output.empty()) {
    graph::RefuseInputAsOutput(options.model, external_files, options.output);
    core::CheckWritable(options.output, OverwriteRule(options.report), "-o");
  }
  const core::ScratchDir scratch("reduce");  // the candidates, removed with it
  const std::string candidate_path = scratch.File("candidate.onnx");
  bool first = true;
  const graph::Checker checker = [&](const onnx::ModelProto& candidate) {
    graph::WriteModelAtomically(candidate, candidate_path, graph::WriteOptions{true});
    graph::CheckResult result = RunShellCheck(options.check, candidate_path, timeout_s);
    // A check that can't even start "fails" on everything and would reduce any model to nothing.
    const bool could_not_run = result.detail.rfind("exit 126 ", 0) == 0 || result.detail.rfind("exit 127 ", 0) == 0;
    if (first && could_not_run) {
      throw Error(ErrorCategory::kRun, "the check could not run on the full model (" + result.detail + "): '" +
                                           options.check + "'");
    }
    first = false;
    return result;
  };
  graph::ReduceOptions reduce;
  reduce.max_steps = options.max_steps;
  if (context.interactive && options.report.format == Format::kText) {
    reduce.on_step = [&](const graph::ReduceStep& step) {
      context.err << fmt::format("ortkit: reduce: {} {}: {}\n", step.phase, step.candidate,
                                 step.checked ? (step.fails ? "fails" : "passes") : "not built");
    };
  }
  graph::ReduceResult result = graph::ReduceModel(model, checker, reduce, options.model);
  result.summary.check = options.check;
  if (!options.output.empty()) {
    graph::WriteOptions write;
    write.force = options.report.force;
    write.keep_files = external_files;  // the input's data, which a replaced output may share
    graph::WriteModelAtomically(result.model, options.output, write);
    result.summary.written = options.output;
  }
  std::ostringstream text;
  if (options.report.format == Format::kJson) {
    report::RenderReduceJson(result.summary, text);
  } else {
    report::RenderReduceText(result.summary, text);
  }
  EmitReport(context, options.report, text.str());
  return kExitOk;
}

Action Setup(CLI::App& app) {
  auto options = std::make_shared<Options>();
  app.add_option("MODEL", options->model, "The ONNX model to reduce")->required()->type_name("FILE");
  app.add_option("--check", options->check,
                 "Shell command that fails (exit status != 0) while the problem is there; {model} is "
                 "replaced by the candidate's path")
      ->required()
      ->type_name("CMD")
      ->check(CLI::Validator([](std::string& value) { return CheckCommandFlag(value); }, ""));
  app.add_option("-o,--output", options->output, "Where to write the smallest failing model")->type_name("FILE");
  app.add_option("--max-steps", options->max_steps, "The most times the check is run (default 200)")
      ->type_name("N")
      ->check(CLI::PositiveNumber);
  app.add_option("--timeout", options->timeout, "How long one check may run: 90s, 2m, ...; longer counts as failing "
                                                "(default 60s)")
      ->type_name("TIME")
      ->check(FlagCheck(CheckDurationFlag));
  AddOutputOptions(app, options->report, {Format::kText, Format::kJson});
  app.footer(std::string(kNotes) + kExamples);
  return [options](const Context& context) { return Execute(*options, context); };
}

const CommandRegistration kRegistration{
    Command{"reduce", "Shrink a model to a small subgraph on which a check command still fails", Needs::kGraph, Setup}};

}  // namespace
}  // namespace ortkit::cli
