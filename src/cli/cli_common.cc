// The subcommand table and small helpers shared by every `ortkit` subcommand.
#include "cli/cli_common.h"

#include <algorithm>
#include <charconv>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "core/duration.h"
#include "core/text.h"
#include "ortkit/cpu_budget.h"
#include "ortkit/runtime.h"
#include "ortkit/session_config.h"

namespace ortkit::cli {
namespace {

// A function-local static: registrations run during static initialisation, in an unspecified
// order across files, so the table must exist before the first of them.
std::vector<Command>& Table() {
  static std::vector<Command> table;
  return table;
}

}  // namespace

CommandRegistration::CommandRegistration(Command command) { Table().push_back(std::move(command)); }

CLI::Validator FlagCheck(std::function<std::string(const std::string&)> check) {
  // The empty description keeps CLI11 from appending ":<name>" to the option's type in --help.
  return CLI::Validator([check = std::move(check)](std::string& value) { return check(value); }, "");
}

std::string CheckProviderFlag(const std::string& text) {
  if (CanonicalProviderName(text)) return {};
  std::string known;
  for (const auto& name : OrtAvailableProviders()) {
    known += (known.empty() ? "" : ", ") + CanonicalProviderName(name).value_or(name);
  }
  return "unknown provider '" + text + "'; this ONNX Runtime build has: " + known;
}

std::string FitThreadsToUsableCpus(SessionConfig& config, const CpuBudget& cpus) {
  if (config.intra_op_threads != 0 || cpus.usable >= cpus.online) return {};
  config.intra_op_threads = cpus.usable;
  return fmt::format("intra_op_threads={}: {}; ONNX Runtime's default would start a thread per core (set the "
                     "threads yourself to override)",
                     cpus.usable, cpus.Describe());
}

std::string CheckDurationFlag(const std::string& text) {
  double seconds = 0;
  return core::ParseDuration(text, &seconds);
}

std::vector<Command> RegisteredCommands() {
  std::vector<Command> commands = Table();
  // Link order decides registration order; sorting keeps `ortkit --help` stable.
  std::sort(commands.begin(), commands.end(),
            [](const Command& a, const Command& b) { return a.name < b.name; });
  return commands;
}

std::string OneLine(const std::string& text) { return core::FoldWhitespace(text); }

std::string Shorten(const std::string& text, std::size_t max_chars) {
  std::string line = OneLine(text);
  if (line.size() <= max_chars) return line;
  if (max_chars < 3) return line.substr(0, max_chars);
  line.resize(max_chars - 3);
  return line + "...";
}

bool SplitAssignment(const std::string& text, std::pair<std::string, std::string>* out) {
  const auto eq = text.find('=');
  if (eq == std::string::npos || eq == 0) return false;
  *out = {text.substr(0, eq), text.substr(eq + 1)};
  return true;
}

bool ParseNonNegative(const std::string& text, int64_t* out) {
  // from_chars alone would accept a leading '-'; insist on digits only.
  if (text.empty() || !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return false;
  }
  int64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return false;
  *out = value;
  return true;
}

bool StdoutIsTerminal() { return ::isatty(STDOUT_FILENO) == 1; }

std::string FormatMs(double ms) { return fmt::format("{:.2f} ms", ms); }

}  // namespace ortkit::cli
