// Running one child process: ortkit's own subcommands (bench's cold starts, memcheck's variants,
// check's crash probes, doctor's steps) and reduce's shell check. One module decides how a child
// starts (posix_spawn, stdin on /dev/null), where its output goes, how long it may run, which
// processes a timeout or Ctrl-C kills, and how its end is described.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

namespace ortkit::process {

/// The descriptor on which a child writes progress lines, when ChildOptions::on_progress_line is set.
inline constexpr int kProgressFd = 3;

/// How many of a child's last stderr lines are kept (enough for a crash's last words).
inline constexpr std::size_t kErrTailLines = 12;

enum class Stdout {
  kDiscard,  ///< /dev/null
  kCapture,  ///< everything, in ChildResult::out
  kInherit,  ///< this process's stdout
};

enum class Stderr {
  kDiscard,      ///< /dev/null
  kCaptureTail,  ///< the last kErrTailLines non-empty lines, in ChildResult::err_tail
  kInherit,      ///< this process's stderr (a child's warnings reach the user as they come)
};

struct ChildOptions {
  std::vector<std::string> argv;         ///< argv[0]: the executable's path (no PATH search)
  std::vector<std::string> environment;  ///< the child's whole environment (NAME=VALUE); empty: ours
  Stdout stdout_mode = Stdout::kCapture;
  Stderr stderr_mode = Stderr::kCaptureTail;
  /// When set, descriptor kProgressFd in the child is a pipe whose lines come here as they arrive.
  std::function<void(const std::string&)> on_progress_line;
  /// A process group of its own, so that a timeout or Ctrl-C also ends what the child started.
  /// Off, the child stays in this process's group, so that whoever ends this group (doctor's
  /// deadline for a step, Ctrl-C on a terminal) ends the child with it.
  bool own_process_group = true;
  /// SIGINT, SIGTERM and SIGHUP to this process while it waits kill the child (its group, when it
  /// has its own) and throw Error(kRun); the previous handlers are back when RunChild returns.
  bool catch_interrupts = true;
  /// > 0: SIGKILL (to the group, when it has its own) after this many seconds; <= 0: no limit.
  double timeout_s = 0;
  /// What the child is, for messages ("the check step"); empty: argv[0] and argv[1].
  std::string name;
};

/// How a child ended and what it printed.
struct ChildResult {
  int exit_code = -1;                 ///< the exit status, or -1 when it did not exit by itself
  int signal = 0;                     ///< the signal that ended it (SIGKILL after a timeout), else 0
  bool timed_out = false;             ///< killed because it ran past ChildOptions::timeout_s
  double timeout_s = 0;               ///< the limit it ran under (for DescribeEnd)
  double seconds = 0;                 ///< wall time from start to end
  std::string out;                    ///< its stdout, with Stdout::kCapture
  std::vector<std::string> err_tail;  ///< its last stderr lines, with Stderr::kCaptureTail

  bool exited_zero() const { return exit_code == 0 && signal == 0 && !timed_out; }
};

/// Starts the child and waits for it, reading its pipes as they fill (a child that prints more
/// than a pipe holds never deadlocks). When the child ends, what is left of its own group is
/// killed too. Throws Error(kRun) when it cannot be started ("cannot start '<argv[0]>': <why>")
/// and when an interrupt stopped it.
ChildResult RunChild(const ChildOptions& options);

/// Why a child ended, in words: "exit 2", "killed by signal 6 (Aborted)", "timed out after 30 s".
std::string DescribeEnd(const ChildResult& result);

/// The absolute path of the running executable (/proc/self/exe resolved); Error(kRun) if unknown.
std::string CurrentExecutable();

}  // namespace ortkit::process
