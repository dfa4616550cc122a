// Running a user's check command on a candidate model file (`ortkit reduce --check`).
#include "cli/shell_check.h"

#include <cstring>

#include <fmt/format.h>

#include "process/child_process.h"

namespace ortkit::cli {
namespace {

constexpr const char* kPlaceholder = "{model}";

std::string ExitDetail(const process::ChildResult& end) {
  if (end.signal != 0) return fmt::format("signal {}", end.signal);
  if (end.exit_code == 126) return "exit 126 (not executable)";
  if (end.exit_code == 127) return "exit 127 (command not found)";
  return fmt::format("exit {}", end.exit_code);
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
  options.stdout_mode = process::Stdout::kDiscard;
  options.stderr_mode = process::Stderr::kDiscard;
  options.timeout_s = timeout_s;  // its own group (the default): a timeout ends what it started too
  options.name = "the --check command";
  const process::ChildResult end = process::RunChild(options);
  if (end.timed_out) return graph::CheckResult{true, fmt::format("timed out after {:g} s", timeout_s)};
  return graph::CheckResult{!end.exited_zero(), ExitDetail(end)};
}

}  // namespace ortkit::cli
