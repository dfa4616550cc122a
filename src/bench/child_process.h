// Starting a fresh process, reading its progress lines, and how it ended.
// Its peak memory is not taken from wait4's ru_maxrss: Linux keeps the larger of the old and new
// address space's peak across exec, and a posix_spawn'ed child shares the parent's memory until
// exec, so the parent's size would count. Children report their own VmHWM instead (child_job.cc).
#pragma once

#include <functional>
#include <string>
#include <vector>

namespace ortkit::bench {

/// The file descriptor on which a child writes progress lines (a pipe to the parent).
inline constexpr int kProgressFd = 3;

struct ChildExit {
  int exit_code = -1;  ///< the exit status, or -1 when killed by a signal
  int signal = 0;      ///< the signal that killed it, else 0
};

/// Runs `argv` (argv[0]: the executable's path) with stdin and stdout on /dev/null, stderr
/// inherited, and, when `on_line` is set, descriptor kProgressFd on a pipe whose lines go to
/// `on_line` as they come. Waits for it. Throws Error(kRun) when it cannot be started.
ChildExit RunChildProcess(const std::vector<std::string>& argv,
                          const std::function<void(const std::string&)>& on_line = {});

/// The absolute path of the running executable (/proc/self/exe resolved); Error(kRun) if unknown.
std::string CurrentExecutable();

}  // namespace ortkit::bench
