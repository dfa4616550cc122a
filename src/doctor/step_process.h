// Running one doctor step as a child process: its stdout captured whole, the tail of its stderr
// kept, a deadline enforced on its whole process group, and how it ended.
#pragma once

#include <string>
#include <vector>

namespace ortkit::doctor {

/// How a step's process ended and what it printed.
struct StepProcessResult {
  int exit_code = -1;                 ///< the exit status, or -1 when it did not exit by itself
  int signal = 0;                     ///< the signal that ended it (SIGKILL after a timeout), else 0
  bool timed_out = false;             ///< killed because it ran past the deadline
  double seconds = 0;                 ///< wall time from start to end
  std::string out;                    ///< everything it wrote on stdout
  std::vector<std::string> err_tail;  ///< its last stderr lines (at most `kErrTailLines`)
};

/// How many of a step's last stderr lines are kept (enough for a crash's last words).
inline constexpr std::size_t kErrTailLines = 12;

struct StepProcessOptions {
  double timeout_s = 0;  ///< > 0: SIGKILL after this many seconds; <= 0: wait as long as it takes
  std::vector<std::string> environment;  ///< the child's whole environment (NAME=VALUE); empty: ours
  /// A process group of its own, so that a timeout or Ctrl-C also ends the processes it started
  /// (bench's cold runs, memcheck's variants). Off, the child stays in this process's group, so
  /// that whoever ends this group (doctor's deadline for a step) ends the child with it.
  bool own_process_group = true;
};

/// Runs `argv` (argv[0]: a path to an executable) with stdin on /dev/null, stdout and stderr on
/// pipes, as `options` say; at the timeout the child (its whole group, when it has its own) gets
/// SIGKILL. SIGINT, SIGTERM or SIGHUP to this process while it waits (Ctrl-C on a terminal,
/// which reaches only the foreground group) kill it too, then throw Error(kRun) saying so;
/// the previous handlers are back when it returns. Throws Error(kRun) also when it cannot be started.
StepProcessResult RunStepProcess(const std::vector<std::string>& argv, const StepProcessOptions& options);

/// A doctor step: its own process group, ORT's environment, killed after `timeout_s` (> 0).
inline StepProcessResult RunStepProcess(const std::vector<std::string>& argv, double timeout_s) {
  StepProcessOptions options;
  options.timeout_s = timeout_s;
  return RunStepProcess(argv, options);
}

/// Why a process ended, in words: "exit 2", "killed by signal 6 (Aborted)", "timed out after 30 s".
std::string DescribeEnd(const StepProcessResult& result, double timeout_s);

}  // namespace ortkit::doctor
