// libortkit_trace.so's record of one process's ORT use: objects and buffers alive and released,
// their creation stacks, misuse, sessions and runs. One mutex guards it all; a stack is captured
// with backtrace() (bounded depth) and kept as raw addresses until the report symbolises it.
#pragma once

#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace ortkit_trace {

/// What a tracked pointer is. kString and kBuffer are memory ORT hands out through an allocator.
enum class Kind : uint8_t {
  kEnv,
  kSessionOptions,
  kSession,
  kValue,
  kMemoryInfo,
  kAllocator,
  kIoBinding,
  kRunOptions,
  kModelMetadata,
  kTypeInfo,
  kTensorTypeAndShapeInfo,
  kStatus,
  kKeyValuePairs,
  kThreadingOptions,
  kString,
  kBuffer,
  kCount
};

const char* KindName(Kind kind);

/// What happens when the program releases a pointer twice or uses a released session.
enum class OnMisuse : uint8_t { kReport, kSkip, kAbort };

inline constexpr int kMaxFrames = 14;
using StackId = uint32_t;  ///< index into Registry's stack table; 0 = none

/// Session options as far as the wrapped setters saw them.
struct OptionsInfo {
  int intra_threads = 0;  ///< 0: ORT's default
  int inter_threads = 0;
  int optimization_level = -1;  ///< -1: default (all)
  int cpu_arena = -1;           ///< -1 default (on), 0 off, 1 on
  int mem_pattern = -1;
  std::vector<std::string> providers;
};

/// Run statistics of one session.
struct ShapeInfo {
  uint64_t hash = 0;  ///< of the input names, element types and dimensions
  std::string shape;
  uint64_t runs = 0;
  uint64_t first_run = 0;  ///< 1-based run index of the first run with this shape
  double first_run_us = 0;
};

struct SessionInfo {
  int id = 0;
  std::string model;   ///< the path, or "<bytes>" for sessions made from memory
  std::string source;  ///< "file" or "bytes"
  std::string bytes_hash;
  uint64_t bytes = 0;
  double created_ms = 0;  ///< since the trace started
  double load_ms = 0;
  int64_t rss_delta = 0;  ///< resident memory grown by CreateSession, bytes
  OptionsInfo options;
  bool released = false;
  StackId stack = 0;
  uint64_t runs = 0;
  uint64_t failed_runs = 0;
  uint64_t binding_runs = 0;
  std::vector<double> latencies_us;  ///< reservoir of at most kMaxLatencies
  std::vector<ShapeInfo> shapes;
};

inline constexpr std::size_t kMaxLatencies = 65536;

struct LiveRecord {
  Kind kind;
  const char* api;  ///< the function that created it (a string literal)
  StackId stack;
  uint32_t refs;  ///< Env: ORT returns one Env for every CreateEnv
  uint64_t bytes;
};

struct ReleasedRecord {
  Kind kind;
  const char* api;
  StackId create_stack;
  StackId release_stack;
};

struct MisuseRecord {
  std::string what;  ///< "double release" or "use after release"
  Kind kind;
  const char* create_api;
  const char* call;  ///< the second release, or the call on a released object
  StackId create_stack;
  StackId release_stack;
  StackId second_stack;
  uint64_t count;
  bool skipped;
};

/// Captures the caller's stack (frames inside this library dropped) into the table. Costs a few
/// microseconds (the unwinder), so wrapped calls use SiteStack instead.
StackId CaptureStack();

/// The stack of a call whose return address into the program is `ra`: captured in full the first
/// time that call site is seen, then reused (one hash lookup). Calls from one site through
/// different callers share the first caller's stack; the call site itself is always right. For
/// the calls that may run per request (values, statuses, type infos); strings, which a program
/// makes a few of, each get CaptureStack.
StackId SiteStack(const void* ra);

class Registry {
 public:
  std::mutex mu;

  // Everything below is guarded by mu.
  std::vector<std::vector<void*>> stacks{1};  ///< [0]: empty
  std::unordered_map<uint64_t, StackId> stack_ids;
  std::unordered_map<const void*, LiveRecord> live;
  std::unordered_map<const void*, ReleasedRecord> released;
  std::vector<MisuseRecord> misuse;
  uint64_t created[static_cast<int>(Kind::kCount)] = {};
  uint64_t releases[static_cast<int>(Kind::kCount)] = {};
  uint64_t untracked_releases = 0;
  std::unordered_map<const void*, StackId> site_stacks;  ///< return address -> its first stack
  std::unordered_map<const void*, OptionsInfo> options;
  std::unordered_map<const void*, int> live_sessions;  ///< session -> index into sessions
  std::vector<SessionInfo> sessions;
  std::vector<int> api_versions;

  // The methods below take mu themselves.
  StackId InternStack(void* const* frames, int n);
  /// Records a new object or buffer.
  void Created(Kind kind, const void* p, const char* api, StackId stack, uint64_t bytes = 0);
  /// Records a release from return address `ra`; returns false when the call must not reach ORT
  /// (skip on misuse).
  bool Released(Kind kind, const void* p, const char* call, OnMisuse on_misuse, const void* ra);
  /// Records a call on `p` when it was released; returns false when it must be skipped.
  bool CheckUse(const void* p, const char* call, OnMisuse on_misuse, const void* ra);
  void ForgetReleased(const void* p) { released.erase(p); }
};

Registry& TheRegistry();
OnMisuse TheMisusePolicy();

}  // namespace ortkit_trace
