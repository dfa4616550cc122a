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

/// Runs `argv` (argv[0]: a path to an executable) with stdin on /dev/null, stdout and stderr on
/// pipes, in a process group of its own so that a timeout also ends the processes it started
/// (bench's cold runs, memcheck's variants). After `timeout_s` seconds the whole group gets
/// SIGKILL; `timeout_s` <= 0 waits as long as it takes. `environment` (NAME=VALUE entries) is the
/// child's whole environment; empty, it gets this process's. SIGINT, SIGTERM or SIGHUP to this process while it waits (Ctrl-C on a terminal,
/// which reaches only the foreground group) kill the group too, then throw Error(kRun) saying so;
/// the previous handlers are back when it returns. Throws Error(kRun) also when it cannot be started.
StepProcessResult RunStepProcess(const std::vector<std::string>& argv, double timeout_s,
                                 const std::vector<std::string>& environment = {});

/// Why a process ended, in words: "exit 2", "killed by signal 6 (Aborted)", "timed out after 30 s".
std::string DescribeEnd(const StepProcessResult& result, double timeout_s);

}  // namespace ortkit::doctor
