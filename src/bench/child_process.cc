// Starting a fresh process with posix_spawn; progress lines over a pipe; its exit status.
#include "bench/child_process.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <system_error>

#include "ortkit/error.h"

extern char** environ;

namespace ortkit::bench {
namespace {

// Closes a descriptor when it goes out of scope, whatever path leaves the function.
struct Fd {
  int fd = -1;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
  void Close() {
    if (fd >= 0) ::close(fd);
    fd = -1;
  }
};

struct SpawnActions {
  posix_spawn_file_actions_t actions;
  SpawnActions() { posix_spawn_file_actions_init(&actions); }
  ~SpawnActions() { posix_spawn_file_actions_destroy(&actions); }
};

[[noreturn]] void CannotStart(const std::string& path, int error) {
  throw Error(ErrorCategory::kRun, "cannot start '" + path + "': " + std::strerror(error));
}

}  // namespace

std::string CurrentExecutable() {
  std::error_code error;
  const auto path = std::filesystem::read_symlink("/proc/self/exe", error);
  if (error) throw Error(ErrorCategory::kRun, "cannot find the running executable (/proc/self/exe): " + error.message());
  return path.string();
}

ChildExit RunChildProcess(const std::vector<std::string>& argv,
                          const std::function<void(const std::string&)>& on_line) {
  std::vector<char*> args;
  std::vector<std::string> storage = argv;
  for (auto& a : storage) args.push_back(a.data());
  args.push_back(nullptr);

  SpawnActions spawn;
  posix_spawn_file_actions_addopen(&spawn.actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&spawn.actions, 1, "/dev/null", O_WRONLY, 0);
  Fd read_end, write_end;
  if (on_line) {
    // Both ends close on exec; dup2 onto kProgressFd gives the child an inheritable copy.
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) CannotStart(argv[0], errno);
    read_end.fd = fds[0];
    write_end.fd = fds[1];
    if (write_end.fd == kProgressFd) {
      // dup2 onto itself would keep close-on-exec set; move the write end out of the way first.
      write_end.fd = ::fcntl(fds[1], F_DUPFD_CLOEXEC, kProgressFd + 1);
      ::close(fds[1]);
      if (write_end.fd < 0) CannotStart(argv[0], errno);
    }
    posix_spawn_file_actions_adddup2(&spawn.actions, write_end.fd, kProgressFd);
  }
  pid_t pid = 0;
  if (const int rc = ::posix_spawn(&pid, args[0], &spawn.actions, nullptr, args.data(), environ); rc != 0) {
    CannotStart(argv[0], rc);
  }
  write_end.Close();  // so that the read below ends when the child exits
  if (on_line) {
    std::string pending;
    char buffer[512];
    for (;;) {
      const ssize_t n = ::read(read_end.fd, buffer, sizeof buffer);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;
      pending.append(buffer, static_cast<std::size_t>(n));
      for (auto nl = pending.find('\n'); nl != std::string::npos; nl = pending.find('\n')) {
        on_line(pending.substr(0, nl));
        pending.erase(0, nl + 1);
      }
    }
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) throw Error(ErrorCategory::kRun, "waiting for '" + argv[0] + "' failed: " + std::strerror(errno));
  }
  ChildExit exit;
  exit.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  exit.signal = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
  return exit;
}

}  // namespace ortkit::bench
