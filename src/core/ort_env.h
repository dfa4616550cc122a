// The one process-wide Ort::Env, and where ORT's log lines go.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include <onnxruntime_cxx_api.h>

#include "ortkit/runtime.h"

namespace ortkit::core {

/// The process's Ort::Env, created on first use (thread-safe). Every session keeps the returned
/// pointer, so the Env is destroyed only after the last session, whatever the exit order.
std::shared_ptr<Ort::Env> ProcessEnv();

/// While alive, receives every ORT log line whose log id is `logid` (a session's log id, set by
/// BuildSessionOptions to the model label), whatever the process sink's minimum severity; those
/// lines no longer reach the sink. So a session created with its own verbose severity can be read
/// without flooding the sink. Give the session a log id no other session uses.
/// `receive` runs on the thread that logs, under the log lock: it must only record the line (no
/// logging, no SetLogSink). Lines stop arriving before the destructor returns.
/// Sends one line of ortkit's own (category "ortkit ...") to where ORT's log goes: the sink set
/// by SetLogSink, when `severity` reaches its minimum. For what a user sees only when asking
/// for ORT's log (the CLI's --verbose), such as ORT disagreeing with itself.
void LogNote(LogSeverity severity, std::string_view category, std::string_view message);

class ScopedLogTap {
 public:
  ScopedLogTap(std::string logid, std::function<void(LogSeverity, std::string_view)> receive);
  ~ScopedLogTap();
  ScopedLogTap(const ScopedLogTap&) = delete;
  ScopedLogTap& operator=(const ScopedLogTap&) = delete;

 private:
  std::uint64_t id_;
};

}  // namespace ortkit::core
