// Loading a model in ONNX Runtime in a child process; a signal that ends it is described.
#include "cli/ort_crash_probe.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <vector>

#include "cli/cli_common.h"
#include "ortkit/error.h"

extern char** environ;

namespace ortkit::cli {
namespace {

constexpr std::size_t kKeptStderrBytes = 8192;  // a crash's last words; earlier lines are ORT's log
constexpr std::size_t kReportedLines = 3;

struct SpawnActions {
  posix_spawn_file_actions_t actions;
  SpawnActions() { posix_spawn_file_actions_init(&actions); }
  ~SpawnActions() { posix_spawn_file_actions_destroy(&actions); }
  SpawnActions(const SpawnActions&) = delete;
  SpawnActions& operator=(const SpawnActions&) = delete;
};

struct Pipe {
  int read_end = -1;
  int write_end = -1;
  ~Pipe() {
    if (read_end >= 0) ::close(read_end);
    if (write_end >= 0) ::close(write_end);
  }
};

[[noreturn]] void CannotStart(int error) {
  throw Error(ErrorCategory::kRun, std::string("check: cannot start a process to examine the model in: ") +
                                       std::strerror(error));
}

// The last non-blank lines of `text`, joined into one line.
std::string LastLines(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    const std::string line = OneLine(text.substr(start, end - start));
    if (!line.empty()) lines.push_back(line);
    start = end + 1;
  }
  std::string out;
  for (std::size_t i = lines.size() > kReportedLines ? lines.size() - kReportedLines : 0; i < lines.size(); ++i) {
    out += (out.empty() ? "" : " | ") + lines[i];
  }
  return Shorten(out, 400);
}

std::string SignalName(int signal) {
  const char* abbrev = ::sigabbrev_np(signal);
  return abbrev != nullptr ? std::string("SIG") + abbrev : "an unknown signal";
}

// Runs this executable with `args` (after its path) and waits; what the signal that ended it was,
// with its last stderr lines, or nullopt when it exited.
std::optional<std::string> RunAndDescribeCrash(const std::vector<std::string>& args) {
  std::error_code error;
  const std::string self = std::filesystem::read_symlink("/proc/self/exe", error).string();
  if (error) CannotStart(error.value());
  std::vector<std::string> storage{self};
  storage.insert(storage.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : storage) argv.push_back(a.data());
  argv.push_back(nullptr);

  Pipe err;
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) CannotStart(errno);
  err.read_end = fds[0];
  err.write_end = fds[1];
  SpawnActions spawn;
  posix_spawn_file_actions_addopen(&spawn.actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&spawn.actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_adddup2(&spawn.actions, err.write_end, 2);
  // This environment, except that a sanitizer's signal handlers stand aside: under
  // AddressSanitizer a SIGSEGV would otherwise end the child with exit status 1 after its report,
  // and the crash would pass for a normal exit. (Only sanitizer builds read ASAN_OPTIONS.)
  std::vector<std::string> env_storage;
  std::string asan_options = "handle_segv=0:handle_sigbus=0:handle_sigfpe=0:handle_abort=0";
  for (char** e = environ; *e != nullptr; ++e) {
    const std::string entry = *e;
    if (entry.rfind("ASAN_OPTIONS=", 0) == 0) {
      asan_options = entry.substr(13) + ":" + asan_options;
    } else {
      env_storage.push_back(entry);
    }
  }
  env_storage.push_back("ASAN_OPTIONS=" + asan_options);
  std::vector<char*> env;
  for (auto& e : env_storage) env.push_back(e.data());
  env.push_back(nullptr);
  pid_t pid = 0;
  if (const int rc = ::posix_spawn(&pid, argv[0], &spawn.actions, nullptr, argv.data(), env.data()); rc != 0) {
    CannotStart(rc);
  }
  ::close(err.write_end);
  err.write_end = -1;  // the read below ends when the child exits

  std::string tail;
  char buffer[4096];
  for (;;) {
    const ssize_t n = ::read(err.read_end, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    tail.append(buffer, static_cast<std::size_t>(n));
    if (tail.size() > 2 * kKeptStderrBytes) tail.erase(0, tail.size() - kKeptStderrBytes);
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) throw Error(ErrorCategory::kRun, std::string("check: waiting for the load process failed: ") + std::strerror(errno));
  }
  if (!WIFSIGNALED(status)) return std::nullopt;
  const int signal = WTERMSIG(status);
  const std::string last = LastLines(tail);
  return "signal " + std::to_string(signal) + ", " + SignalName(signal) + (last.empty() ? "" : ": " + last);
}

}  // namespace

std::optional<std::string> ProbeOrtLoadInChild(const std::string& model_path, const std::string& provider) {
  return RunAndDescribeCrash({kCheckLoadCommand, model_path, "--provider", provider});
}

std::optional<std::string> ProbeInferenceInChild(const std::string& model_path) {
  return RunAndDescribeCrash({kCheckLoadCommand, model_path, "--infer-only"});
}

}  // namespace ortkit::cli
