// Running a user's check command on a candidate model file (`ortkit reduce --check`).
#include "cli/shell_check.h"

#include <cstring>

#include <fmt/format.h>

#include "process/child_process.h"

namespace ortkit::cli {
namespace {

constexpr const char* kPlaceholder = "{model}";

// How the check ended, as reduce's report says it; 126 and 127 are the shell's own statuses for
// a command it found but could not run, and one it could not find.
std::string ExitDetail(const process::ChildResult& result) {
  if (result.signal != 0) return fmt::format("signal {}", result.signal);
  if (result.exit_code == 126) return "exit 126 (not executable)";
  if (result.exit_code == 127) return "exit 127 (command not found)";
  return fmt::format("exit {}", result.exit_code);
}

}  // namespace

std::string ShellQuote(const std::string& text) {
  std::string quoted = "'";
  for (char c : text) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

std::string ExpandModelPlaceholder(const std::string& command, const std::string& model_path) {
  std::string out;
  const std::string quoted = ShellQuote(model_path);
  std::size_t start = 0;
  for (std::size_t at; (at = command.find(kPlaceholder, start)) != std::string::npos; start = at + std::strlen(kPlaceholder)) {
    out += command.substr(start, at - start) + quoted;
  }
  return out + command.substr(start);
}

graph::CheckResult RunShellCheck(const std::string& command, const std::string& model_path, double timeout_s) {
  process::ChildOptions options;
  options.argv = {"/bin/sh", "-c", ExpandModelPlaceholder(command, model_path)};
  options.name = command;
  options.stdout_mode = process::StdoutMode::kDiscard;
  options.stderr_mode = process::StderrMode::kDiscard;
  options.own_process_group = true;  // so that a timeout kills the command's children too
  options.timeout_s = timeout_s;
  const process::ChildResult result = process::RunChild(options);
  if (result.timed_out) return graph::CheckResult{true, fmt::format("timed out after {:g} s", timeout_s)};
  return graph::CheckResult{result.exit_code != 0, ExitDetail(result)};
}

}  // namespace ortkit::cli
