// Catching the signals that mean "stop" while a child runs.
#include "process/interrupt_watch.h"

namespace ortkit::process {
namespace {

volatile std::sig_atomic_t g_received = 0;

void OnSignal(int signal) { g_received = signal; }

}  // namespace

InterruptWatch::InterruptWatch() {
  g_received = 0;
  struct sigaction action {};
  action.sa_handler = OnSignal;
  sigemptyset(&action.sa_mask);
  for (std::size_t i = 0; i < kSignals.size(); ++i) ::sigaction(kSignals[i], &action, &previous_[i]);
}

InterruptWatch::~InterruptWatch() {
  for (std::size_t i = 0; i < kSignals.size(); ++i) ::sigaction(kSignals[i], &previous_[i], nullptr);
}

int InterruptWatch::received() const { return g_received; }

}  // namespace ortkit::process
