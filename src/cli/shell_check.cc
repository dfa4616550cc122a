// Running a user's check command on a candidate model file (`ortkit reduce --check`).
#include "cli/shell_check.h"

#include <cerrno>
#include <chrono>
#include <cstring>
#include <thread>

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fmt/format.h>

#include "ortkit/error.h"

namespace ortkit::cli {
namespace {

constexpr const char* kPlaceholder = "{model}";

std::string ExitDetail(int status) {
  if (WIFSIGNALED(status)) return fmt::format("signal {}", WTERMSIG(status));
  const int code = WEXITSTATUS(status);
  if (code == 126) return "exit 126 (not executable)";
  if (code == 127) return "exit 127 (command not found)";
  return fmt::format("exit {}", code);
}

// In the child, between fork and exec: only async-signal-safe calls, and _exit on failure.
[[noreturn]] void ExecShell(const std::string& script) {
  setpgid(0, 0);  // its own group, so that a timeout kills the command's children too
  const int null_fd = open("/dev/null", O_RDWR);
  if (null_fd >= 0) {
    dup2(null_fd, STDIN_FILENO);
    dup2(null_fd, STDOUT_FILENO);
    dup2(null_fd, STDERR_FILENO);
  }
  execl("/bin/sh", "sh", "-c", script.c_str(), static_cast<char*>(nullptr));
  _exit(127);
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
  const std::string script = ExpandModelPlaceholder(command, model_path);
  const pid_t pid = fork();
  if (pid < 0) throw Error(ErrorCategory::kRun, std::string("cannot start /bin/sh for the check: ") + std::strerror(errno));
  if (pid == 0) ExecShell(script);
  setpgid(pid, pid);  // also here: whichever of parent and child runs first sets it

  using Clock = std::chrono::steady_clock;
  const auto deadline = Clock::now() + std::chrono::duration<double>(timeout_s);
  int status = 0;
  for (;;) {
    const pid_t done = waitpid(pid, &status, WNOHANG);
    if (done == pid) return graph::CheckResult{status != 0, ExitDetail(status)};
    if (done < 0 && errno != EINTR) {
      throw Error(ErrorCategory::kRun, std::string("waiting for the check failed: ") + std::strerror(errno));
    }
    if (Clock::now() >= deadline) {
      kill(-pid, SIGKILL);
      while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
      }
      return graph::CheckResult{true, fmt::format("timed out after {:g} s", timeout_s)};
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

}  // namespace ortkit::cli
