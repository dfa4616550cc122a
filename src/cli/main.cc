// The `ortkit` command: builds the app from the subcommand table, parses, runs, and is the one place
// that turns errors into "ortkit: error: ..." and an exit code.
#include <exception>
#include <iostream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "cli/cli_common.h"
#include "cli/custom_op_flag.h"
#include "cli/stderr_guard.h"
#include "ortkit/runtime.h"

namespace {

using ortkit::cli::Action;
using ortkit::cli::kExitError;

constexpr const char* kExamples = R"(Examples:
  ortkit version                          what this build of ONNX Runtime can do here
  ortkit run model.onnx                   run once on seeded random inputs
  ortkit run model.onnx --dim batch=8 --json
  ortkit run --help                       options of one subcommand
)";

int Fail(const std::string& message) {
  std::cerr << "ortkit: error: " << ortkit::cli::OneLine(message) << "\n";
  return kExitError;
}

// ORT logs on its own (e.g. when a provider library is missing) before ortkit turns the failure
// into an Error; by default those lines would break "one error line". --verbose lets them through,
// marked as ORT's.
void RouteOrtLog(bool verbose) {
  if (!verbose) {
    ortkit::SetLogSink([](ortkit::LogSeverity, std::string_view, std::string_view) {},
                       ortkit::LogSeverity::kFatal);
    return;
  }
  ortkit::SetLogSink(
      [](ortkit::LogSeverity, std::string_view category, std::string_view message) {
        // ortkit's own notes (core::LogNote) come under their own name, not ORT's.
        const bool own = category.rfind("ortkit", 0) == 0;
        std::cerr << "ortkit: " << (own ? "" : "onnxruntime ") << "[" << category << "]: " << message << "\n";
      },
      ortkit::LogSeverity::kWarning);
}

// Parses and runs one subcommand; usage errors are answered here, everything else propagates.
int RunOrtkit(int argc, char** argv) {
  using namespace ortkit::cli;
  CLI::App app{"ortkit: run, inspect and tune ONNX models on ONNX Runtime.", "ortkit"};
  app.set_version_flag("--version", [] {
    return std::string("ortkit ") + ortkit::Version() + " (ONNX Runtime " + ortkit::OrtLibraryVersion() + ")";
  });
  app.require_subcommand(1);
  app.fallthrough();  // global flags may also follow the subcommand
  app.footer(kExamples);
  bool verbose = false;
  app.add_flag("--verbose", verbose,
               "Let ONNX Runtime and its providers print their own warnings and errors on stderr");

  const std::vector<Command> commands = RegisteredCommands();
  std::vector<std::pair<CLI::App*, Action>> actions;
  for (const Command& command : commands) {
    CLI::App* sub = app.add_subcommand(command.name, command.summary);
    actions.emplace_back(sub, command.setup(*sub));
  }

  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {  // --help, --help-all, --version
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    const std::vector<CLI::App*> parsed = app.get_subcommands();
    const std::string who = parsed.empty() ? "ortkit" : "ortkit " + parsed.back()->get_name();
    Fail(e.what());
    std::cerr << "Run '" << who << " --help' for usage.\n";
    return kExitError;
  }

  for (std::size_t i = 0; i < commands.size(); ++i) {
    if (!actions[i].first->parsed()) continue;
    const bool uses_ort = commands[i].needs == Needs::kSession;
    if (uses_ort) RouteOrtLog(verbose);
    // An exception unwinds through the guard first, so main's error line reaches the real stderr.
    StderrGuard guard(uses_ort && !verbose);
    const Context context{std::cout, guard.stream(), StdoutIsTerminal()};
    const int code = actions[i].second(context);
    std::cout.flush();
    return code;
  }
  return kExitError;  // unreachable: require_subcommand(1) guarantees one was parsed
}

}  // namespace

int main(int argc, char** argv) {
  // Nothing escapes: a CLI11 construction error, a library Error or a bad_alloc all become one line.
  try {
    return RunOrtkit(argc, argv);
  } catch (const std::exception& e) {  // ortkit::Error included: its what() is already one line
    return Fail(ortkit::cli::WithCustomOpAdvice(e.what()));
  } catch (...) {
    return Fail("unexpected failure (a non-standard exception)");
  }
}
