// `ortkit version`: ortkit's and ONNX Runtime's versions, and which providers work here.
#include <memory>

#include <CLI/CLI.hpp>

#include "cli/cli_common.h"
#include "cli/version_info.h"

namespace ortkit::cli {
namespace {

constexpr const char* kExamples = R"(Examples:
  ortkit version                 versions, and each provider with why it is unusable here
  ortkit version --json | jq '.providers[] | select(.usable) | .name'
)";

Action Setup(CLI::App& app) {
  auto json = std::make_shared<bool>(false);
  app.add_flag("--json", *json, "Print one JSON object instead of text");
  app.footer(kExamples);
  return [json](const Context& context) {
    const VersionInfo info = GatherVersionInfo();
    if (*json) {
      RenderVersionJson(info, context.out);
    } else {
      RenderVersionText(info, context.out);
    }
    return kExitOk;
  };
}

// Probing a provider creates a session, so ORT's log must be routed first.
const CommandRegistration kRegistration{
    Command{"version", "Show ortkit's and ONNX Runtime's versions and which providers work here",
            Needs::kSession, Setup}};

}  // namespace
}  // namespace ortkit::cli
