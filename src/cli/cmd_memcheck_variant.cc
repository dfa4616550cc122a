// `ortkit __memcheck-variant` (hidden): one variant of `ortkit memcheck`, measured in a fresh
// process so that no other variant's arena or freed pages are in it. Reads the job file the
// parent wrote and writes the variant's summary (or its error) for the parent to read.
#include <memory>
#include <string>

#include <CLI/CLI.hpp>

#include "core/scratch_dir.h"
#include "cli/cli_common.h"
#include "memory/model_workload.h"
#include "memory/variant_job.h"
#include "ortkit/error.h"

namespace ortkit::cli {
namespace {

struct Options {
  std::string job_path;
  std::string out_path;
};

int Execute(const Options& o) {
  memory::VariantResult result;
  try {
    const memory::VariantJob job = memory::VariantJobFromJson(core::ReadWholeFile(o.job_path));
    result.name = job.variant.name;
    result = memory::RunVariant(job.request, job.variant,
                                job.request.replay.empty() ? memory::WorkloadInputs(job.request.inputs)
                                                           : memory::ReplayInputs(job.request.replay));
  } catch (const Error& e) {
    // The failure travels in the result file; the exit status only says there is one.
    result.error = e.what();
  }
  core::WriteWholeFile(o.out_path, memory::VariantResultToJson(result));
  return result.ok() ? kExitOk : kExitError;
}

Action Setup(CLI::App& app) {
  auto options = std::make_shared<Options>();
  app.group("");  // hidden from `ortkit --help`
  app.add_option("--job", options->job_path, "Job file written by the parent")->required();
  app.add_option("--out", options->out_path, "Result file the parent reads")->required();
  return [options](const Context&) { return Execute(*options); };
}

const CommandRegistration kRegistration{
    Command{memory::kVariantCommand, "internal: one variant of `ortkit memcheck`", Needs::kSession, Setup}};

}  // namespace
}  // namespace ortkit::cli
