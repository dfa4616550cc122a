// Running a user's check command on a candidate model file (`ortkit reduce --check`).
#pragma once

#include <string>

#include "graph/reduce_report.h"

namespace ortkit::cli {

/// `text` in single quotes for /bin/sh, embedded single quotes escaped ('\'').
std::string ShellQuote(const std::string& text);

/// `command` with every "{model}" replaced by ShellQuote(model_path).
std::string ExpandModelPlaceholder(const std::string& command, const std::string& model_path);

/// Runs /bin/sh -c ExpandModelPlaceholder(command, model_path) as a child process of its own
/// process group (process/child_process.h), stdin from /dev/null and stdout/stderr discarded.
/// Returns fails = exit status != 0, with detail "exit N" (N 126 and 127 named: "not
/// executable", "command not found"), "signal N", or "timed out after S s" when it runs longer
/// than `timeout_s` seconds; then the whole group is killed (a hang counts as a failure). Throws
/// Error(kRun) when the shell can't be started, or when Ctrl-C stopped it (its group is killed).
graph::CheckResult RunShellCheck(const std::string& command, const std::string& model_path, double timeout_s);

}  // namespace ortkit::cli
