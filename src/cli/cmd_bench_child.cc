// `ortkit __bench-child` (hidden): one fresh process of `ortkit bench`. It measures what its job
// file asks (a cold start, or a cold start and the steady state) and writes the result file the
// parent reads; see src/bench/child_job.h. Not for people: it is left out of --help.
#include <memory>
#include <string>

#include <CLI/CLI.hpp>

#include "bench/child_job.h"
#include "cli/cli_common.h"

namespace ortkit::cli {
namespace {

struct Options {
  std::string job_path;
  std::string out_path;
  int progress_fd = -1;
};

Action Setup(CLI::App& app) {
  auto options = std::make_shared<Options>();
  app.group("");  // hidden from `ortkit --help`
  app.add_option("--job", options->job_path, "Job file written by the parent")->required();
  app.add_option("--out", options->out_path, "Result file the parent reads")->required();
  app.add_option("--progress-fd", options->progress_fd, "Descriptor for progress lines");
  return [options](const Context&) {
    // The child's own failures travel in the result file; its exit status only says there is one.
    return bench::RunChildJob(options->job_path, options->out_path, options->progress_fd) == 0 ? kExitOk : kExitError;
  };
}

const CommandRegistration kRegistration{
    Command{bench::kChildCommand, "internal: one measuring process of `ortkit bench`", Needs::kSession, Setup}};

}  // namespace
}  // namespace ortkit::cli
