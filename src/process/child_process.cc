// A child process: posix_spawn, its pipes read through poll() until it ends (a pidfd says when),
// its deadline, and the process group that a timeout or an interrupt ends.
#include "process/child_process.h"

#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <initializer_list>
#include <optional>
#include <system_error>

#include <fmt/format.h>

#include "ortkit/error.h"
#include "process/interrupt_watch.h"
#include "process/line_buffer.h"

extern char** environ;

namespace ortkit::process {
namespace {

using Clock = std::chrono::steady_clock;

// Descriptors the child gets are first moved at or above this, so that placing them on 1, 2 and
// kProgressFd (in any order) never overwrites one another.
constexpr int kFirstHighFd = 10;

// Closes a descriptor when it goes out of scope, whatever path leaves the function.
class Fd {
 public:
  Fd() = default;
  explicit Fd(int fd) : fd_(fd) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() { Close(); }
  int get() const { return fd_; }
  bool open() const { return fd_ >= 0; }
  void Reset(int fd) {
    Close();
    fd_ = fd;
  }
  void Close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

 private:
  int fd_ = -1;
};

class SpawnSetup {
 public:
  SpawnSetup() {
    posix_spawn_file_actions_init(&actions);
    posix_spawnattr_init(&attr);
  }
  ~SpawnSetup() {
    posix_spawnattr_destroy(&attr);
    posix_spawn_file_actions_destroy(&actions);
  }
  SpawnSetup(const SpawnSetup&) = delete;
  SpawnSetup& operator=(const SpawnSetup&) = delete;
  posix_spawn_file_actions_t actions;
  posix_spawnattr_t attr;
};

[[noreturn]] void CannotStart(const std::string& path, const std::string& what, int error) {
  throw Error(ErrorCategory::kRun, fmt::format("cannot start '{}': {}{}", path, what, std::strerror(error)));
}

// A pipe from the child (its write end placed on `child_fd`) to us (read end, non-blocking).
struct ChildPipe {
  Fd read;
  Fd write;
};

void OpenChildPipe(ChildPipe& pipe, SpawnSetup& spawn, int child_fd, const std::string& path) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) CannotStart(path, "pipe: ", errno);
  pipe.read.Reset(fds[0]);
  Fd low(fds[1]);
  pipe.write.Reset(::fcntl(low.get(), F_DUPFD_CLOEXEC, kFirstHighFd));
  if (!pipe.write.open()) CannotStart(path, "pipe: ", errno);
  ::fcntl(pipe.read.get(), F_SETFL, O_NONBLOCK);
  // dup2 clears close-on-exec on the copy, so only `child_fd` survives the exec.
  posix_spawn_file_actions_adddup2(&spawn.actions, pipe.write.get(), child_fd);
}

// Reads what is available without blocking; closes the descriptor at end of file.
template <typename Sink>
void Drain(Fd& fd, Sink&& sink) {
  char buffer[8192];
  while (fd.open()) {
    const ssize_t n = ::read(fd.get(), buffer, sizeof buffer);
    if (n > 0) {
      sink(buffer, static_cast<std::size_t>(n));
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;
    fd.Close();  // end of file, or an error that leaves nothing more to read
  }
}

// True once the child has ended. It stays a zombie (WNOWAIT), so its pid, and with it its process
// group id, cannot be reused before we kill the group.
bool HasEnded(pid_t pid) {
  siginfo_t info{};
  while (::waitid(P_PID, static_cast<id_t>(pid), &info, WEXITED | WNOHANG | WNOWAIT) != 0) {
    if (errno != EINTR) return true;  // cannot wait: treat as ended so that the caller reaps it
  }
  return info.si_pid == pid;
}

// A descriptor that becomes readable when the child ends (Linux 5.3+); without one, the wait
// loop falls back to checking every few milliseconds.
Fd OpenPidFd(pid_t pid) {
#ifdef SYS_pidfd_open
  return Fd(static_cast<int>(::syscall(SYS_pidfd_open, pid, 0)));
#else
  (void)pid;
  return Fd();
#endif
}

int Reap(pid_t pid) {
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return status;
}

std::string NameOf(const ChildOptions& options) {
  if (!options.name.empty()) return options.name;
  return options.argv.size() > 1 ? options.argv[0] + " " + options.argv[1] : options.argv[0];
}

std::vector<char*> Pointers(std::vector<std::string>& strings) {
  std::vector<char*> pointers;
  pointers.reserve(strings.size() + 1);
  for (auto& s : strings) pointers.push_back(s.data());
  pointers.push_back(nullptr);
  return pointers;
}

}  // namespace

ChildResult RunChild(const ChildOptions& options) {
  if (options.argv.empty() || options.argv[0].empty()) throw Error(ErrorCategory::kRun, "no command to run");
  const std::string& path = options.argv[0];
  std::vector<std::string> argv_storage = options.argv;
  std::vector<std::string> env_storage = options.environment;
  const std::vector<char*> argv = Pointers(argv_storage);
  const std::vector<char*> env = Pointers(env_storage);

  SpawnSetup spawn;
  posix_spawn_file_actions_addopen(&spawn.actions, 0, "/dev/null", O_RDONLY, 0);
  ChildPipe out, err, progress;
  if (options.stdout_mode == Stdout::kCapture) OpenChildPipe(out, spawn, 1, path);
  if (options.stdout_mode == Stdout::kDiscard) posix_spawn_file_actions_addopen(&spawn.actions, 1, "/dev/null", O_WRONLY, 0);
  if (options.stderr_mode == Stderr::kCaptureTail) OpenChildPipe(err, spawn, 2, path);
  if (options.stderr_mode == Stderr::kDiscard) posix_spawn_file_actions_addopen(&spawn.actions, 2, "/dev/null", O_WRONLY, 0);
  if (options.on_progress_line) OpenChildPipe(progress, spawn, kProgressFd, path);
  if (options.own_process_group) {
    posix_spawnattr_setflags(&spawn.attr, POSIX_SPAWN_SETPGROUP);
    posix_spawnattr_setpgroup(&spawn.attr, 0);  // a new group led by the child
  }

  std::optional<InterruptWatch> interrupts;
  if (options.catch_interrupts) interrupts.emplace();
  const Clock::time_point start = Clock::now();
  pid_t pid = 0;
  if (const int rc = ::posix_spawn(&pid, path.c_str(), &spawn.actions, &spawn.attr, argv.data(),
                                   options.environment.empty() ? environ : env.data());
      rc != 0) {
    CannotStart(path, "", rc);
  }
  out.write.Close();  // so that our reads see end of file once the child's side is gone
  err.write.Close();
  progress.write.Close();

  const pid_t target = options.own_process_group ? -pid : pid;  // what a kill ends
  const Fd pidfd = OpenPidFd(pid);
  ChildResult result;
  result.timeout_s = options.timeout_s;
  LineTail tail(kErrTailLines);
  LineSplitter progress_lines([&](std::string line) { options.on_progress_line(line); });
  const auto to_out = [&](const char* d, std::size_t n) { result.out.append(d, n); };
  const auto to_err = [&](const char* d, std::size_t n) { tail.Append(d, n); };
  const auto to_progress = [&](const char* d, std::size_t n) { progress_lines.Append(d, n); };
  const auto drain_all = [&] {
    Drain(out.read, to_out);
    Drain(err.read, to_err);
    Drain(progress.read, to_progress);
  };
  const auto deadline = start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(options.timeout_s));
  for (;;) {
    pollfd fds[4];
    nfds_t count = 0;
    for (const Fd* fd : std::initializer_list<const Fd*>{&out.read, &err.read, &progress.read, &pidfd}) {
      if (fd->open()) fds[count++] = pollfd{fd->get(), POLLIN, 0};
    }
    // With a pidfd the wait ends as the child does; without, and while a grandchild keeps the
    // pipes open after the child has ended, HasEnded is checked every 20 ms.
    int wait_ms = pidfd.open() ? 1000 : 20;
    if (options.timeout_s > 0) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
      wait_ms = static_cast<int>(std::max<long long>(0, std::min<long long>(wait_ms, left + 1)));
    }
    ::poll(fds, count, wait_ms);  // EINTR (a caught signal) just goes round again
    drain_all();
    if (HasEnded(pid)) break;
    if (interrupts && interrupts->received() != 0) {
      ::kill(target, SIGKILL);
      Reap(pid);
      const int signal = interrupts->received();
      throw Error(ErrorCategory::kRun, fmt::format("interrupted ({}) while running '{}'; its processes were stopped",
                                                   ::strsignal(signal), NameOf(options)));
    }
    if (options.timeout_s > 0 && Clock::now() >= deadline) {
      result.timed_out = true;
      break;
    }
  }
  // Ends what is left: a timed-out child, or what a child in its own group left behind. The
  // unreaped child keeps its pid and group id from being reused until then.
  ::kill(target, SIGKILL);
  const int status = Reap(pid);
  drain_all();
  progress_lines.Finish();
  result.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  result.err_tail = tail.Finish();
  if (WIFEXITED(status)) result.exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) result.signal = WTERMSIG(status);
  return result;
}

std::string DescribeEnd(const ChildResult& result) {
  if (result.timed_out) {
    // Whole seconds for a step's share of a budget; a short limit keeps its digits ("0.5 s").
    const std::string limit = result.timeout_s >= 10 ? fmt::format("{:.0f}", result.timeout_s) : fmt::format("{:.2g}", result.timeout_s);
    return "timed out after " + limit + " s and was killed";
  }
  if (result.signal != 0) {
    const char* name = ::strsignal(result.signal);
    return fmt::format("killed by signal {} ({})", result.signal, name ? name : "unknown");
  }
  return fmt::format("exit {}", result.exit_code);
}

std::string CurrentExecutable() {
  std::error_code error;
  const auto path = std::filesystem::read_symlink("/proc/self/exe", error);
  if (error) throw Error(ErrorCategory::kRun, "cannot find the running executable (/proc/self/exe): " + error.message());
  return path.string();
}

}  // namespace ortkit::process
