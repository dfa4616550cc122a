// Runs the real `ortkit` binary for golden tests, and compares output with golden files.
#pragma once

#include <string>
#include <vector>

namespace ortkit::testing {

struct CliResult {
  int exit_code = -1;  ///< the exit status; 128 + N when killed by signal N
  std::string out;     ///< everything written to stdout
  std::string err;     ///< everything written to stderr
};

/// Runs ORTKIT_CLI_PATH with `args` in working directory `cwd` (so that paths in the output are
/// short and stable), stdin empty, stdout and stderr captured. Fails the test if it can't start.
CliResult RunCli(const std::vector<std::string>& args, const std::string& cwd);

/// `text` with what changes between runs replaced: "<number> ms" -> "<ms> ms", and JSON fields
/// named *_ms -> "<ms>".
std::string MaskVolatile(const std::string& text);

/// Compares MaskVolatile(actual) with tests/cli/golden/<name>. With ORTKIT_UPDATE_GOLDEN=1 in the
/// environment, (re)writes the golden file instead and passes.
void ExpectGolden(const std::string& name, const std::string& actual);

/// The lines of `text` (a trailing newline ends the last line; it doesn't start another).
std::vector<std::string> Lines(const std::string& text);

}  // namespace ortkit::testing
