// The subcommand table, exit codes and small helpers shared by every `ortkit` subcommand.
#pragma once

#include <cstdint>
#include <functional>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

namespace ortkit {
struct SessionConfig;
struct CpuBudget;
}  // namespace ortkit

namespace CLI {
class App;
class Validator;
}

namespace ortkit::cli {

// Only main() turns outcomes into exit codes; subcommands return one of these.
inline constexpr int kExitOk = 0;        ///< success, nothing to report
inline constexpr int kExitFindings = 1;  ///< ran fine and found problems (check, memcheck, ...)
inline constexpr int kExitError = 2;     ///< usage error, or the work could not be done

/// What a subcommand needs before it can work; main() prepares accordingly.
enum class Needs {
  kNothing,  ///< no model at all (e.g. `doctor` reading the environment)
  kGraph,    ///< the ONNX graph only, read with protobuf: no ORT session (inspect, check, fix)
  kSession,  ///< ONNX Runtime sessions (run, bench, version's provider probes): ORT's log is routed
};

/// Where a subcommand writes, and what it may assume about the terminal.
struct Context {
  std::ostream& out;
  std::ostream& err;
  /// True when stdout is a terminal: only then may a subcommand show progress output.
  bool interactive = false;
};

/// What a subcommand does once its options are parsed: returns kExitOk, kExitFindings or throws.
using Action = std::function<int(const Context&)>;

/// One row of the subcommand table.
struct Command {
  std::string name;     ///< "run"
  std::string summary;  ///< one line for `ortkit --help`
  Needs needs = Needs::kNothing;
  /// Declares the subcommand's options and its examples footer on `app` (already named and
  /// described) and returns the Action to run after parsing. Options bind to state the Action owns.
  std::function<Action(CLI::App& app)> setup;
};

/// Adds a command to the table. Each cmd_<name>.cc defines one static CommandRegistration. The
/// cmd_*.cc files are compiled straight into the executable (not a static library), so the linker
/// keeps these objects and their constructors run before main().
struct CommandRegistration {
  explicit CommandRegistration(Command command);
};

/// Every registered command, sorted by name.
std::vector<Command> RegisteredCommands();

/// `text` as one line: line breaks and runs of blanks become one space, trailing blanks go.
std::string OneLine(const std::string& text);

/// OneLine(text) cut to at most `max_chars` characters, ending in "..." when cut.
std::string Shorten(const std::string& text, std::size_t max_chars);

/// A CLI11 validator from a check that returns "" or what is wrong. Flags checked this way fail as
/// usage errors before any model is loaded; nothing is appended to the option's type in --help.
CLI::Validator FlagCheck(std::function<std::string(const std::string&)> check);

/// "" when `text` names an execution provider ortkit knows (any accepted spelling), else
/// "unknown provider 'x'; this ONNX Runtime build has: cpu, webgpu, ...".
std::string CheckProviderFlag(const std::string& text);

/// "" when `text` is a duration as every time flag takes it (core/duration.h: 90, 90s, 2m,
/// 1m30s), else what is wrong.
std::string CheckDurationFlag(const std::string& text);

/// When `config` leaves the intra-op threads to ONNX Runtime (0), which sizes its pool from the
/// host's cores, and this process may use fewer (affinity, cgroup quota: ReadCpuBudget), sets
/// them to the usable CPUs and returns the note saying so; else changes nothing and returns "".
std::string FitThreadsToUsableCpus(SessionConfig& config, const CpuBudget& cpus);

/// Splits "NAME=VALUE" at the first '='. Returns false when there is no '=' or NAME is empty.
bool SplitAssignment(const std::string& text, std::pair<std::string, std::string>* out);

/// Parses a non-negative decimal integer (digits only, fits int64); false otherwise.
bool ParseNonNegative(const std::string& text, int64_t* out);

/// True when file descriptor 1 is a terminal.
bool StdoutIsTerminal();

/// Milliseconds as the human output shows them ("12.35 ms"); golden tests mask "<number> ms".
std::string FormatMs(double ms);

}  // namespace ortkit::cli
