// Runs the real `ortkit` binary under an address-space and a time limit (see limited_runner.h).
#include "cli/limited_runner.h"

#include <cerrno>
#include <linux/capability.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include <chrono>
#include <thread>

#include <gtest/gtest.h>

#include "sanitizers/sanitizer_build.h"
#include "testing/temp_dir.h"
#include "testing/time_scale.h"

namespace ortkit::testing {

LimitedResult RunLimited(const std::vector<std::string>& args, const std::string& cwd, const Limits& limits) {
  TempDir capture;
  ChildSetup setup;
  setup.stdout_path = capture.File("stdout");
  setup.stderr_path = capture.File("stderr");
  setup.environment = limits.environment;
  setup.before_exec = [&limits] {
    // A sanitizer's runtime reserves terabytes of address space for its shadow memory at start-up,
    // so under one the limit would kill every child: the Release run of these tests is the one
    // that proves no huge allocation happens; the sanitizer run checks memory errors.
    if (!ORTKIT_SANITIZER_BUILD) {
      const rlimit as{limits.address_space_bytes, limits.address_space_bytes};
      if (::setrlimit(RLIMIT_AS, &as) != 0) return 126;
    }
    if (limits.obey_file_permissions && (::prctl(PR_CAPBSET_DROP, CAP_DAC_OVERRIDE, 0, 0, 0) != 0 ||
                                         ::prctl(PR_CAPBSET_DROP, CAP_DAC_READ_SEARCH, 0, 0, 0) != 0)) {
      return 125;
    }
    return 0;
  };
  const pid_t pid = StartCli(args, cwd, setup);
  if (pid < 0) return {};
  LimitedResult result;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(Scaled(limits.timeout_seconds));
  int status = 0;
  for (;;) {
    const pid_t done = ::waitpid(pid, &status, WNOHANG);
    if (done == pid) break;
    if (done < 0 && errno != EINTR) {
      ADD_FAILURE() << "waitpid failed";
      return result;
    }
    if (std::chrono::steady_clock::now() > deadline && !result.timed_out) {
      result.timed_out = true;
      ::kill(pid, SIGKILL);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  result.signal = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
  result.out = ReadFileOrEmpty(setup.stdout_path);
  result.err = ReadFileOrEmpty(setup.stderr_path);
  return result;
}

}  // namespace ortkit::testing
