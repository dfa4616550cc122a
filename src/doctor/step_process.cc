// A step's child process: posix_spawn into its own process group, stdout and stderr read through
// poll() until it ends or its deadline passes.
#include "doctor/step_process.h"

#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <deque>
#include <functional>

#include <fmt/format.h>

#include "ortkit/error.h"

extern char** environ;

namespace ortkit::doctor {
namespace {

using Clock = std::chrono::steady_clock;

// Closes a descriptor when it goes out of scope, whatever path leaves the function.
struct Fd {
  int fd = -1;
  Fd() = default;
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() { Close(); }
  void Close() {
    if (fd >= 0) ::close(fd);
    fd = -1;
  }
};

struct Pipe {
  Fd read, write;
};

void OpenPipe(Pipe& p, const std::string& path) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) {
    throw Error(ErrorCategory::kRun, "cannot start '" + path + "': pipe: " + std::strerror(errno));
  }
  p.read.fd = fds[0];
  p.write.fd = fds[1];
}

struct SpawnSetup {
  posix_spawn_file_actions_t actions;
  posix_spawnattr_t attr;
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
};

// Keeps the last lines of a stream that arrives in arbitrary chunks.
class LineTail {
 public:
  void Append(const char* data, std::size_t n) {
    pending_.append(data, n);
    for (auto nl = pending_.find('\n'); nl != std::string::npos; nl = pending_.find('\n')) {
      Push(pending_.substr(0, nl));
      pending_.erase(0, nl + 1);
    }
    // A process that never prints a newline must not grow this without bound.
    if (pending_.size() > 4096) pending_.erase(0, pending_.size() - 4096);
  }
  std::vector<std::string> Finish() {
    if (!pending_.empty()) Push(pending_);
    pending_.clear();
    return {lines_.begin(), lines_.end()};
  }

 private:
  void Push(std::string line) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) return;
    lines_.push_back(std::move(line));
    if (lines_.size() > kErrTailLines) lines_.pop_front();
  }
  std::string pending_;
  std::deque<std::string> lines_;
};

// Reads what is available on `fd` without blocking; closes it at end of file.
void Drain(Fd& fd, const std::function<void(const char*, std::size_t)>& sink) {
  char buffer[8192];
  while (fd.fd >= 0) {
    const ssize_t n = ::read(fd.fd, buffer, sizeof buffer);
    if (n > 0) {
      sink(buffer, static_cast<std::size_t>(n));
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;
    fd.Close();  // end of file, or an error that leaves nothing more to read
  }
}

// True once the child has ended; it stays a zombie (not reaped), so its pid, and with it the
// process group id, cannot be reused before we kill the group.
bool HasEnded(pid_t pid) {
  siginfo_t info{};
  while (::waitid(P_PID, static_cast<id_t>(pid), &info, WEXITED | WNOHANG | WNOWAIT) != 0) {
    if (errno != EINTR) return true;  // cannot wait: treat as ended so that the caller reaps
  }
  return info.si_pid == pid;
}

// Ctrl-C reaches only the terminal's foreground process group, and each step runs in a group of
// its own: without this, an interrupted doctor would leave a bench or memcheck running on.
volatile std::sig_atomic_t g_interrupt = 0;

void OnInterrupt(int signal) { g_interrupt = signal; }

class InterruptWatch {
 public:
  InterruptWatch() {
    g_interrupt = 0;
    struct sigaction action {};
    action.sa_handler = OnInterrupt;
    sigemptyset(&action.sa_mask);
    for (std::size_t i = 0; i < kSignals.size(); ++i) ::sigaction(kSignals[i], &action, &previous_[i]);
  }
  ~InterruptWatch() {
    for (std::size_t i = 0; i < kSignals.size(); ++i) ::sigaction(kSignals[i], &previous_[i], nullptr);
  }
  InterruptWatch(const InterruptWatch&) = delete;
  InterruptWatch& operator=(const InterruptWatch&) = delete;

 private:
  static constexpr std::array<int, 3> kSignals{SIGINT, SIGTERM, SIGHUP};
  std::array<struct sigaction, 3> previous_{};
};

}  // namespace

StepProcessResult RunStepProcess(const std::vector<std::string>& argv, const StepProcessOptions& options) {
  if (argv.empty()) throw Error(ErrorCategory::kRun, "no command to run");
  std::vector<std::string> storage = argv;
  std::vector<char*> args;
  for (auto& a : storage) args.push_back(a.data());
  args.push_back(nullptr);
  std::vector<std::string> env_storage = options.environment;
  std::vector<char*> env;
  for (auto& e : env_storage) env.push_back(e.data());
  env.push_back(nullptr);

  Pipe out, err;
  OpenPipe(out, argv[0]);
  OpenPipe(err, argv[0]);
  SpawnSetup spawn;
  posix_spawn_file_actions_addopen(&spawn.actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&spawn.actions, out.write.fd, 1);
  posix_spawn_file_actions_adddup2(&spawn.actions, err.write.fd, 2);
  if (options.own_process_group) {
    posix_spawnattr_setflags(&spawn.attr, POSIX_SPAWN_SETPGROUP);
    posix_spawnattr_setpgroup(&spawn.attr, 0);  // a new group led by the child
  }

  const InterruptWatch interrupt_watch;
  const Clock::time_point start = Clock::now();
  pid_t pid = 0;
  if (const int rc = ::posix_spawn(&pid, args[0], &spawn.actions, &spawn.attr, args.data(),
                                   options.environment.empty() ? environ : env.data());
      rc != 0) {
    throw Error(ErrorCategory::kRun, "cannot start '" + argv[0] + "': " + std::strerror(rc));
  }
  out.write.Close();
  err.write.Close();
  ::fcntl(out.read.fd, F_SETFL, O_NONBLOCK);
  ::fcntl(err.read.fd, F_SETFL, O_NONBLOCK);

  const pid_t target = options.own_process_group ? -pid : pid;  // what a kill ends
  StepProcessResult result;
  LineTail tail;
  const auto to_out = [&](const char* d, std::size_t n) { result.out.append(d, n); };
  const auto to_err = [&](const char* d, std::size_t n) { tail.Append(d, n); };
  const auto deadline = start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(options.timeout_s));
  for (;;) {
    pollfd fds[2] = {{out.read.fd, POLLIN, 0}, {err.read.fd, POLLIN, 0}};
    // Short polls: a grandchild may hold the pipes open after the child itself has ended.
    ::poll(fds, 2, 50);
    Drain(out.read, to_out);
    Drain(err.read, to_err);
    if (HasEnded(pid)) break;
    if (g_interrupt != 0) {
      ::kill(target, SIGKILL);
      int ignored = 0;
      while (::waitpid(pid, &ignored, 0) < 0 && errno == EINTR) {
      }
      throw Error(ErrorCategory::kRun, fmt::format("interrupted ({}) while running '{}'; its processes were stopped",
                                                   ::strsignal(g_interrupt), argv.size() > 1 ? argv[1] : argv[0]));
    }
    if (options.timeout_s > 0 && Clock::now() >= deadline) {
      result.timed_out = true;
      break;
    }
  }
  // Ends what is left of the group (a timed-out step, or processes the child left behind); the
  // unreaped child keeps the group id from being reused until then.
  ::kill(target, SIGKILL);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  Drain(out.read, to_out);
  Drain(err.read, to_err);
  result.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  result.err_tail = tail.Finish();
  if (WIFEXITED(status)) result.exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) result.signal = WTERMSIG(status);
  return result;
}

std::string DescribeEnd(const StepProcessResult& result, double timeout_s) {
  if (result.timed_out) return fmt::format("timed out after {:.0f} s and was killed", timeout_s);
  if (result.signal != 0) {
    const char* name = ::strsignal(result.signal);
    return fmt::format("killed by signal {} ({})", result.signal, name ? name : "unknown");
  }
  return fmt::format("exit {}", result.exit_code);
}

}  // namespace ortkit::doctor
