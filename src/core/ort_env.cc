// One Ort::Env per process, with ORT's log routed through a sink ortkit controls.
#include "core/ort_env.h"

#include <atomic>
#include <cstdio>
#include <map>
#include <mutex>

#include "ortkit/runtime.h"

namespace ortkit::core {
namespace {

// A ScopedLogTap's registration.
struct LogTap {
  std::string logid;
  std::function<void(LogSeverity, std::string_view)> receive;
};

// Where log lines go. Function-local statics: constructed before the Env that logs into them,
// so destroyed after it.
struct LogState {
  std::mutex mutex;
  LogSink sink;
  LogSeverity min_severity = LogSeverity::kWarning;
  std::map<std::uint64_t, LogTap> taps;  // by registration id; usually empty
  std::uint64_t next_tap_id = 1;
};

std::atomic<bool> g_log_state_alive{false};

LogState& State() {
  static LogState state;
  struct Alive {
    Alive() { g_log_state_alive = true; }
    ~Alive() { g_log_state_alive = false; }
  };
  static Alive alive;
  return state;
}

void DefaultSink(LogSeverity severity, std::string_view category, std::string_view message) {
  static const char* const kLetters = "VIWEF";
  std::fprintf(stderr, "[ORT %c %.*s] %.*s\n", kLetters[static_cast<int>(severity)],
               static_cast<int>(category.size()), category.data(), static_cast<int>(message.size()),
               message.data());
}

void ORT_API_CALL LogCallback(void* /*param*/, OrtLoggingLevel level, const char* category,
                              const char* logid, const char* /*code_location*/, const char* message) {
  const auto severity = static_cast<LogSeverity>(level);
  // A session that outlives static destruction (held by a detached thread) still logs safely.
  if (!g_log_state_alive) {
    if (severity >= LogSeverity::kWarning) DefaultSink(severity, logid ? logid : "", message ? message : "");
    return;
  }
  LogState& state = State();
  std::lock_guard<std::mutex> lock(state.mutex);
  // A tapped session's lines go to its tap alone, whatever their severity: the tapper owns that
  // session's log (a probe session's warnings would only be noise in the sink).
  if (!state.taps.empty() && logid) {
    bool tapped = false;
    for (const auto& [id, tap] : state.taps) {
      if (tap.logid == logid) {
        tap.receive(severity, message ? message : "");
        tapped = true;
      }
    }
    if (tapped) return;
  }
  if (severity < state.min_severity) return;
  std::string_view where = (logid && *logid) ? logid : (category ? category : "");
  if (state.sink) {
    state.sink(severity, where, message ? message : "");
  } else {
    DefaultSink(severity, where, message ? message : "");
  }
}

}  // namespace

std::shared_ptr<Ort::Env> ProcessEnv() {
  State();  // the log state must exist before (and so outlive) the Env
  // Warnings and worse by default; SetLogSink() moves the Env's level with the sink's minimum.
  static std::shared_ptr<Ort::Env> env = [] {
    auto created = std::make_shared<Ort::Env>(ORT_LOGGING_LEVEL_WARNING, "ortkit", LogCallback, nullptr);
    // ORT queues a telemetry event per session and frees the queue on a timer: a heap sawtooth
    // of ~7 KB per session that looks like growth to every memory measurement ortkit makes.
    created->DisableTelemetryEvents();
    return created;
  }();
  return env;
}

void LogNote(LogSeverity severity, std::string_view category, std::string_view message) {
  ProcessEnv();
  LogState& state = State();
  std::lock_guard<std::mutex> lock(state.mutex);
  if (severity < state.min_severity) return;
  if (state.sink) {
    state.sink(severity, category, message);
  } else {
    DefaultSink(severity, category, message);
  }
}

ScopedLogTap::ScopedLogTap(std::string logid, std::function<void(LogSeverity, std::string_view)> receive) {
  ProcessEnv();  // the log state outlives this tap's use
  LogState& state = State();
  std::lock_guard<std::mutex> lock(state.mutex);
  id_ = state.next_tap_id++;
  state.taps.emplace(id_, LogTap{std::move(logid), std::move(receive)});
}

ScopedLogTap::~ScopedLogTap() {
  LogState& state = State();
  std::lock_guard<std::mutex> lock(state.mutex);
  state.taps.erase(id_);
}

}  // namespace ortkit::core

namespace ortkit {

void SetLogSink(LogSink sink, LogSeverity min_severity) {
  auto env = core::ProcessEnv();
  {
    auto& state = core::State();
    std::lock_guard<std::mutex> lock(state.mutex);
    state.sink = std::move(sink);
    state.min_severity = min_severity;
  }
  env->UpdateEnvWithCustomLogLevel(static_cast<OrtLoggingLevel>(min_severity));
}

}  // namespace ortkit
