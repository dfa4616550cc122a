// Noticing Ctrl-C (SIGINT), SIGTERM and SIGHUP while this process waits for a child.
//
// Ctrl-C reaches only the terminal's foreground process group. A child in a group of its own (a
// doctor step, reduce's check command) would run on after ortkit died of the signal; so while such
// a child runs, these signals are caught, the child's group is killed, and the caller throws.
#pragma once

#include <array>
#include <csignal>

namespace ortkit::process {

/// Installs handlers for SIGINT, SIGTERM and SIGHUP for its lifetime and puts the previous ones
/// back when destroyed. One at a time per process (it keeps the signal in a global).
class InterruptWatch {
 public:
  InterruptWatch();
  ~InterruptWatch();
  InterruptWatch(const InterruptWatch&) = delete;
  InterruptWatch& operator=(const InterruptWatch&) = delete;

  /// The signal received since construction, or 0.
  int received() const;

 private:
  static constexpr std::array<int, 3> kSignals{SIGINT, SIGTERM, SIGHUP};
  std::array<struct sigaction, 3> previous_{};
};

}  // namespace ortkit::process
