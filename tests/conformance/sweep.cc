// The worker process and its supervisor: fork, a line protocol over a pipe, crash and hang recovery.
#include "conformance/sweep.h"

#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <stdexcept>
#include <string_view>

#include "conformance/case_runner.h"
#include "conformance/raw_ort_runner.h"
#include "ortkit/runtime.h"

namespace ortkit::conformance {
namespace {

// A unit is one case on one runner: unit 2*i runs case i with ortkit, unit 2*i+1 with raw ORT.
constexpr std::size_t kRunners = 2;

void WriteAll(int fd, const std::string& text) {
  std::size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) ::_exit(3);  // the supervisor is gone: nobody is left to report to
    done += static_cast<std::size_t>(n);
  }
}

// Only ORT's errors reach stderr: its warnings (unused initializers, ...) would bury the report.
void QuietOrtLog() {
  SetLogSink(
      [](LogSeverity, std::string_view category, std::string_view message) {
        std::fprintf(stderr, "[ORT E %.*s] %.*s\n", static_cast<int>(category.size()), category.data(),
                     static_cast<int>(message.size()), message.data());
      },
      LogSeverity::kError);
}

// The worker: "B <unit>" before a run, "R <unit> <status> <message>" after it. Never returns.
[[noreturn]] void Work(std::size_t case_count, const std::function<UnitRunner()>& start_worker,
                       std::size_t first_unit, int fd) {
  try {
    const UnitRunner run = start_worker();
    for (std::size_t unit = first_unit; unit < case_count * kRunners; ++unit) {
      WriteAll(fd, "B " + std::to_string(unit) + "\n");
      const Outcome outcome = run(unit / kRunners, unit % kRunners == 0);
      WriteAll(fd, "R " + std::to_string(unit) + " " + ToString(outcome.status) + " " +
                       EscapeLine(outcome.message) + "\n");
    }
  } catch (const std::exception& e) {
    // Outside any one run (the Env, the log sink): report it as the worker's death.
    std::fprintf(stderr, "conformance worker: %s\n", e.what());
    ::_exit(2);
  }
  // _exit: the worker is a copy of the test process; it must not run gtest's or static teardown.
  ::_exit(0);
}

Status ParseStatus(std::string_view text) {
  if (text == "pass") return Status::kPass;
  if (text == "skip") return Status::kSkip;
  return Status::kFail;
}

std::string DescribeExit(int wait_status) {
  if (WIFSIGNALED(wait_status)) {
    const int sig = WTERMSIG(wait_status);
    return "signal " + std::to_string(sig) + " (" + strsignal(sig) + ")";
  }
  return "exit status " + std::to_string(WEXITSTATUS(wait_status));
}

Outcome& UnitOutcome(std::vector<CaseResult>& results, std::size_t unit) {
  CaseResult& r = results[unit / kRunners];
  return unit % kRunners == 0 ? r.ortkit : r.raw;
}

// Runs one worker from `first_unit` and records what it reports. Returns the next unit to run:
// the end when the worker finished, else the unit after the one it died or hung in.
std::size_t Supervise(std::size_t case_count, const std::function<UnitRunner()>& start_worker,
                      std::size_t first_unit, std::vector<CaseResult>& results, const SweepOptions& options) {
  int fds[2];
  if (::pipe(fds) != 0) throw std::runtime_error(std::string("pipe: ") + std::strerror(errno));
  std::fflush(nullptr);  // the child must not inherit (and later repeat) buffered output
  const pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error(std::string("fork: ") + std::strerror(errno));
  if (pid == 0) {
    ::close(fds[0]);
    Work(case_count, start_worker, first_unit, fds[1]);
  }
  ::close(fds[1]);

  // The unit begun and not yet reported (a plain sentinel: std::optional trips -Wmaybe-uninitialized).
  constexpr std::size_t kIdle = SIZE_MAX;
  std::size_t running = kIdle;
  std::size_t next = first_unit;
  std::string buffer;
  std::string death;
  char chunk[65536];
  for (;;) {
    pollfd p{fds[0], POLLIN, 0};
    const int ready = ::poll(&p, 1, options.unit_timeout_s * 1000);
    if (ready < 0 && errno == EINTR) continue;
    if (ready == 0) {
      ::kill(pid, SIGKILL);
      death = "timed out: no result after " + std::to_string(options.unit_timeout_s) + " s";
      break;
    }
    const ssize_t n = ::read(fds[0], chunk, sizeof chunk);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;  // the worker is done or dead
    buffer.append(chunk, static_cast<std::size_t>(n));
    for (std::size_t eol; (eol = buffer.find('\n')) != std::string::npos; buffer.erase(0, eol + 1)) {
      const std::string line = buffer.substr(0, eol);
      const std::size_t unit = std::stoul(line.substr(2));
      if (line[0] == 'B') {
        running = unit;
        continue;
      }
      // "R <unit> <status> <message>"
      const std::size_t status_at = line.find(' ', 2) + 1;
      const std::size_t message_at = line.find(' ', status_at);
      UnitOutcome(results, unit) = Outcome{ParseStatus(line.substr(status_at, message_at - status_at)),
                                           UnescapeLine(line.substr(message_at + 1))};
      running = kIdle;
      next = unit + 1;
    }
  }
  ::close(fds[0]);
  int wait_status = 0;
  while (::waitpid(pid, &wait_status, 0) < 0 && errno == EINTR) {
  }
  const std::size_t end = case_count * kRunners;
  const bool clean_exit = WIFEXITED(wait_status) && WEXITSTATUS(wait_status) == 0;
  if (death.empty() && clean_exit && next == end) return next;
  if (death.empty()) death = "crashed: the process died with " + DescribeExit(wait_status);
  // A death between runs is charged to the next unit, so that the sweep always moves on.
  const std::size_t victim = running != kIdle ? running : next;
  if (victim < end) UnitOutcome(results, victim) = Outcome{Status::kFail, death};
  return victim + 1;
}

}  // namespace

std::string EscapeLine(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

std::string UnescapeLine(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\\' && i + 1 < text.size()) {
      out += text[++i] == 'n' ? '\n' : text[i];
    } else {
      out += text[i];
    }
  }
  return out;
}

std::vector<CaseResult> RunInWorkers(std::size_t case_count, const std::function<UnitRunner()>& start_worker,
                                     const SweepOptions& options) {
  std::vector<CaseResult> results(case_count, CaseResult{{Status::kFail, "not run"}, {Status::kFail, "not run"}});
  std::size_t unit = 0;
  while (unit < case_count * kRunners) unit = Supervise(case_count, start_worker, unit, results, options);
  return results;
}

std::vector<CaseResult> RunSweep(const std::vector<ConformanceCase>& cases, const SweepOptions& options) {
  return RunInWorkers(
      cases.size(),
      [&]() -> UnitRunner {
        QuietOrtLog();  // creates ortkit's Env first, so the raw runner's Env joins it
        auto raw = std::make_shared<RawOrtRunner>();
        return [&cases, raw](std::size_t i, bool ortkit) {
          return ortkit ? RunWithOrtkit(cases[i]) : raw->Run(cases[i]);
        };
      },
      options);
}

}  // namespace ortkit::conformance
