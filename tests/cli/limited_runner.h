// Runs the real `ortkit` binary the way a hostile input meets it in production: under an address
// space limit and a time limit, optionally as an unprivileged user.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "cli/cli_runner.h"

namespace ortkit::testing {

struct Limits {
  /// RLIMIT_AS for the child. On the development VM (prlimit --as), run, check and bench of the
  /// demo model need 90 MiB of address space (at 80 MiB ORT can't start its threads, at 60 MiB
  /// libonnxruntime doesn't map); bench --threads 16 runs at 512 MiB. 512 MiB leaves room for
  /// thread stacks and arenas while any gigabyte allocation fails.
  uint64_t address_space_bytes = uint64_t{512} << 20;
  int timeout_seconds = 60;  ///< killed (SIGKILL) after this × TestTimeScale(); LimitedResult::timed_out says so
  /// Drop CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH from the child's capability bounding set
  /// before exec, so that even root meets file permissions (tests run as root here, and root
  /// reads a mode-000 file). The child exits with 125 when the drop is not allowed.
  bool obey_file_permissions = false;
  /// NAME=VALUE entries added to the child's environment.
  std::vector<std::string> environment;
};

struct LimitedResult : CliResult {
  bool timed_out = false;
  int signal = 0;  ///< the signal that ended the child, 0 when it exited
};

/// Runs ORTKIT_CLI_PATH with `args` in `cwd` under `limits`; stdout and stderr captured.
LimitedResult RunLimited(const std::vector<std::string>& args, const std::string& cwd, const Limits& limits = {});

}  // namespace ortkit::testing
