// Writing libortkit_trace.so's JSON report (at exit, on SIGUSR1, every N seconds, before a misuse
// abort) and symbolising its stacks.
#pragma once

namespace ortkit_trace {

/// Writes the report to $ORTKIT_TRACE_DIR/trace-<pid>.json (final) or snapshot-<pid>-<n>.json,
/// atomically (temporary file, then rename), when this process called GetApi. `reason`: "exit", "SIGUSR1", "every", "misuse", "fatal signal".
/// Takes the registry's lock; never call it while holding that lock.
void WriteReport(const char* reason, bool final);

/// Starts the thread that writes snapshots on SIGUSR1 and every $ORTKIT_TRACE_EVERY_MS.
void StartSnapshotThread();

/// True once the first GetApi call happened (the report says so when it never did).
bool GetApiSeen();

/// Describes the ORT the library traced (for the report).
struct OrtFound {
  const char* path;
  const char* version;
  const char* second_copy;  ///< another libonnxruntime seen, or nullptr
  const char* untraced_reason;  ///< why the table was not patched, or nullptr
};
OrtFound TheOrtFound();

}  // namespace ortkit_trace
