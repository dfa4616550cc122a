// The workload flags, declared once.
#include "cli/workload_options.h"

#include <optional>

#include <CLI/CLI.hpp>

#include "cli/cli_common.h"
#include "cli/output.h"
#include "ortkit/error.h"
#include "workload/saved_inputs.h"

namespace ortkit::cli {
namespace {

std::string CheckInputFile(const std::string& text) {
  std::pair<std::string, std::string> parts;
  if (!SplitAssignment(text, &parts) || parts.second.empty()) {
    return "expected NAME=FILE (e.g. image=image.npy), got '" + text + "'";
  }
  return {};
}

std::string CheckSeed(const std::string& text) {
  int64_t seed = 0;
  return ParseNonNegative(text, &seed) ? "" : "expected a non-negative integer, got '" + text + "'";
}

}  // namespace

const char* const kWorkloadHelp = R"(
Workload (the same flags in run, compare, profile, bench, memcheck, tune and doctor):
  --dim NAME=8 | NAME=1,2,4 | NAME=5..100[:STEP]   sizes of a free dimension; INPUT:AXIS=V names an
                                                    unnamed one. Lists and ranges only where several
                                                    shapes are run (bench, memcheck, tune, doctor)
  --value NAME=@DIM | NAME=LOW..HIGH | NAME=C       fill an input with a dimension's size, uniform
                                                    values, or a constant
  --input NAME=FILE                                 feed an input from a .npy or .pb file (not doctor)
  --inputs-from DIR [--inputs-session N]            feed every input from what an application saved
                                                    (ortkit trace --save-inputs DIR -- APP): the
                                                    first saved run of session N (default: the only
                                                    session); memcheck replays every saved run in
                                                    turn, bench and tune run each saved shape (fed
                                                    by its first run); not with --input, --value or
                                                    --dim, not doctor
Unless told otherwise, ortkit reads the graph: a lengths input (integer, rank 1, named *len*) holds
its partner's varying dimension, Gather indices stay below the gathered axis, boolean masks are all
true; each guess is printed. A free dimension given no size is 1; when the model fails at 1, ortkit
tries 2, 4, 8, ... and says which size it used.
)";

void AddWorkloadOptions(CLI::App& app, WorkloadOptions& options, SizeUse use) {
  app.add_option("--input", options.inputs, "Feed input NAME from FILE (.npy or .pb); repeatable")
      ->type_name("NAME=FILE")
      ->allow_extra_args(false)  // one value per flag, so MODEL may follow it
      ->check(FlagCheck(CheckInputFile));
  app.add_option("--inputs-from", options.inputs_from,
                 "Feed every input from DIR written by `ortkit trace --save-inputs DIR` (see Workload below)")
      ->type_name("DIR");
  app.add_option("--inputs-session", options.inputs_session,
                 "Which session of --inputs-from (default: the only one saved)")
      ->type_name("N")
      ->check(FlagCheck(CheckSeed));
  AddSizeAndValueOptions(app, options.dims, options.values, use);
  app.add_option("--seed", options.seed, "Seed of the random inputs (default 0)")
      ->type_name("N")
      ->check(FlagCheck(CheckSeed));
}

SavedRunFiles SavedRun(const WorkloadOptions& options) {
  std::vector<SavedRunFiles> runs = SavedRuns(options);
  return runs.empty() ? SavedRunFiles{} : std::move(runs.front());
}

std::vector<SavedRunFiles> SavedRuns(const WorkloadOptions& options) {
  if (options.inputs_from.empty()) {
    if (!options.inputs_session.empty()) {
      throw Error(ErrorCategory::kConfig, "--inputs-session " + options.inputs_session + " needs --inputs-from DIR");
    }
    return {};
  }
  for (const auto& [flag, given] : {std::pair<const char*, bool>{"--input", !options.inputs.empty()},
                                    {"--value", !options.values.empty()},
                                    {"--dim", !options.dims.empty()}}) {
    if (given) {
      throw Error(ErrorCategory::kConfig,
                  "--inputs-from " + options.inputs_from + " gives every input and its shape; drop " + flag);
    }
  }
  std::optional<int64_t> session;
  if (!options.inputs_session.empty()) {
    int64_t n = 0;
    ParseNonNegative(options.inputs_session, &n);  // checked while parsing
    session = n;
  }
  const workload::SavedInputsDir saved = workload::ReadSavedInputs(options.inputs_from);
  const std::vector<workload::SavedRun> session_runs = workload::SessionRuns(saved, session);
  const std::vector<workload::DimSizes> varying = workload::VaryingAxes(session_runs);
  std::vector<SavedRunFiles> runs;
  for (std::size_t i = 0; i < session_runs.size(); ++i) {
    runs.push_back(SavedRunFiles{workload::SavedRunLabel(saved, session_runs[i]),
                                 workload::SavedRunFiles(saved, session_runs[i]), varying[i]});
  }
  return runs;
}

std::vector<std::pair<std::string, std::string>> InputFiles(const WorkloadOptions& options) {
  if (!options.inputs_from.empty()) return SavedRun(options).files;
  std::vector<std::pair<std::string, std::string>> files;
  for (const auto& text : options.inputs) {
    std::pair<std::string, std::string> parts;
    SplitAssignment(text, &parts);
    files.push_back(std::move(parts));
  }
  return files;
}

void AddRetiredValueOptions(CLI::App& app) {
  AddRetiredOption(app, "--range", "use --value NAME=LOW..HIGH (uniform values; the same grammar in every subcommand)");
  AddRetiredOption(app, "--zeros",
                   "use --value NAME=0 for each input to fill with zeros (the same grammar in every subcommand)");
}

void AddSizeAndValueOptions(CLI::App& app, std::vector<std::string>& dims, std::vector<std::string>& values,
                            SizeUse use) {
  app.add_option("--dim", dims,
                 use == SizeUse::kOne ? "Size of free dimension NAME (or INPUT:AXIS): one size; repeatable"
                                      : "Sizes of free dimension NAME (or INPUT:AXIS): 8, 1,2,4 or 5..100[:STEP]; "
                                        "repeatable")
      ->type_name(use == SizeUse::kOne ? "NAME=SIZE" : "NAME=SIZES")
      ->allow_extra_args(false)
      ->check(FlagCheck(workload::CheckDimFlag));
  app.add_option("--value", values,
                 "Fill input NAME: @DIM (a dimension's size), LOW..HIGH (uniform) or a constant; repeatable")
      ->type_name("NAME=VALUE")
      ->allow_extra_args(false)
      ->check(FlagCheck(workload::CheckValueFlag));
}

workload::InputRequest OneShapeRequest(const WorkloadOptions& options, const std::string& subcommand) {
  workload::InputRequest request;
  SavedRunFiles saved = SavedRun(options);
  request.files = saved.label.empty() ? InputFiles(options) : std::move(saved.files);
  request.saved_run = saved.label;
  request.dims = workload::SingleSizes(workload::ParseDimFlags(options.dims), subcommand);
  request.values = workload::ParseValueFlags(options.values);
  request.seed = options.seed;
  return request;
}

}  // namespace ortkit::cli
