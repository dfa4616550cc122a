// `ortkit version`: ortkit's and ONNX Runtime's versions, and which providers work here.
#include <memory>
#include <sstream>

#include <CLI/CLI.hpp>

#include "cli/cli_common.h"
#include "cli/output.h"
#include "cli/version_info.h"

namespace ortkit::cli {
namespace {

constexpr const char* kExamples = R"(Examples:
  ortkit version                 versions, and each provider with why it is unusable here
  ortkit version --json | jq '.providers[] | select(.usable) | .name'
)";

Action Setup(CLI::App& app) {
  auto output = std::make_shared<OutputOptions>();
  AddOutputOptions(app, *output, {Format::kText, Format::kJson});
  app.footer(kExamples);
  return [output](const Context& context) {
    CheckReportPath(*output);
    const VersionInfo info = GatherVersionInfo();
    std::ostringstream text;
    if (output->format == Format::kJson) {
      RenderVersionJson(info, text);
    } else {
      RenderVersionText(info, text);
    }
    EmitReport(context, *output, text.str());
    return kExitOk;
  };
}

// Probing a provider creates a session, so ORT's log must be routed first.
const CommandRegistration kRegistration{
    Command{"version", "Show ortkit's and ONNX Runtime's versions and which providers work here",
            Needs::kSession, Setup}};

}  // namespace
}  // namespace ortkit::cli
