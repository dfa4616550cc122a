// Runs the real `ortkit` binary for golden tests, and compares output with golden files.
#pragma once

#include <sys/types.h>

#include <functional>
#include <string>
#include <vector>

namespace ortkit::testing {

struct CliResult {
  int exit_code = -1;  ///< the exit status; 128 + N when killed by signal N
  std::string out;     ///< everything written to stdout
  std::string err;     ///< everything written to stderr
};

/// How StartCli sets up the child between fork and exec.
struct ChildSetup {
  std::string stdout_path;               ///< "" discards stdout
  std::string stderr_path;               ///< "" discards stderr
  std::vector<std::string> environment;  ///< NAME=VALUE entries added to the inherited environment
  /// Runs in the child last before exec, so async-signal-safe calls only; a non-zero result is
  /// the child's exit status instead of exec.
  std::function<int()> before_exec;
};

/// A ChildSetup::before_exec that narrows the child's CPU affinity to the first CPU this process
/// may use (as `taskset -c <that CPU>` would).
int PinToFirstCpu();

/// Starts ORTKIT_CLI_PATH with `args` in `cwd`, stdin from /dev/null, as `setup` says. Returns
/// the child's pid, or -1 with a test failure added. The child exits 127 when it cannot set up
/// its files or directory or exec.
pid_t StartCli(const std::vector<std::string>& args, const std::string& cwd, const ChildSetup& setup = {});

/// Runs ORTKIT_CLI_PATH with `args` in working directory `cwd` (so that paths in the output are
/// short and stable), stdin empty, stdout and stderr captured. Fails the test if it can't start.
/// `environment`: NAME=VALUE entries added to the inherited environment.
CliResult RunCli(const std::vector<std::string>& args, const std::string& cwd,
                 const std::vector<std::string>& environment = {});

/// Expects `r` to be ortkit refusing to go on: exit 2, nothing on stdout, and stderr exactly `err`.
void ExpectRefusal(const CliResult& r, const std::string& err);

/// `text` with what changes between runs replaced: "<number> ms" -> "<ms> ms", and JSON fields
/// named *_ms -> "<ms>".
std::string MaskVolatile(const std::string& text);

/// Compares MaskVolatile(actual) with tests/cli/golden/<name>. With ORTKIT_UPDATE_GOLDEN=1 in the
/// environment, (re)writes the golden file instead and passes.
void ExpectGolden(const std::string& name, const std::string& actual);

/// The whole file at `path`, or "" when it can't be read (a child that died before writing).
std::string ReadFileOrEmpty(const std::string& path);

/// The lines of `text` (a trailing newline ends the last line; it doesn't start another).
std::vector<std::string> Lines(const std::string& text);

/// `text` with every measured figure (a number with a decimal point) as "#" and runs of blanks
/// folded to two: counts, names and reasons stay, column widths that follow the numbers go.
std::string MaskMeasured(const std::string& text);

/// `text` with each block of indented (table) lines sorted: for goldens of tables whose rows are
/// ordered by measured times, which check the rows there are, not their order.
std::string SortTableBlocks(const std::string& text);

}  // namespace ortkit::testing
