// The report libortkit_trace.so writes (one per traced process), read strictly into typed structs
// by `ortkit trace`; and what the command concludes from the reports. Part of the CLI side
// (target ortkit_trace_report), never of the preloaded library.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace ortkit::trace {

struct TraceFrame {
  std::string function;
  std::string file;
  int64_t line = 0;
  std::string module;
  std::string address;
};
using TraceStack = std::vector<TraceFrame>;

struct TraceObjects {
  std::string type;  ///< "Session", "Value", "string", ...
  int64_t created = 0;
  int64_t released = 0;
  int64_t live = 0;
};

/// Unreleased objects or buffers of one type, from one creating call, at one call stack.
struct TraceLeak {
  std::string type;
  std::string api;
  int64_t count = 0;
  int64_t bytes = 0;
  TraceStack stack;
};

struct TraceMisuse {
  std::string what;  ///< "double release" or "use after release"
  std::string type;
  std::string api;   ///< the call that created the object
  std::string call;  ///< the second release, or the call on the released object
  int64_t count = 0;
  bool skipped = false;
  TraceStack created_at;
  TraceStack first_release_at;
  TraceStack second_call_at;
};

struct TraceSessionOptions {
  int64_t intra_op_threads = 0;
  int64_t inter_op_threads = 0;
  int64_t optimization_level = -1;
  int64_t cpu_arena = -1;
  int64_t mem_pattern = -1;
  std::vector<std::string> providers;
};

struct TraceShape {
  std::string inputs;
  int64_t runs = 0;
  int64_t first_run = 0;
  double first_run_us = 0;
};

struct TraceRuns {
  int64_t count = 0;
  int64_t failed = 0;
  int64_t with_binding = 0;
  double p50_us = 0;
  double p90_us = 0;
  double p99_us = 0;
  double max_us = 0;
  std::vector<TraceShape> shapes;
};

struct TraceSession {
  int64_t id = 0;
  std::string model;
  std::string source;  ///< "file" or "bytes"
  std::string bytes_hash;
  int64_t bytes = 0;
  double created_ms = 0;
  double load_ms = 0;
  int64_t rss_delta_bytes = 0;
  bool released = false;
  TraceSessionOptions options;
  TraceStack created_at;
  TraceRuns runs;
};

/// What --save-inputs wrote in this process.
struct TraceSavedInputs {
  std::string dir;  ///< "" when --save-inputs was not given
  int64_t runs = 0;
  int64_t files = 0;
  int64_t skipped = 0;
};

/// Memory read after a Run call (all sessions together).
struct TraceMemorySample {
  int64_t run = 0;  ///< Run calls done in the process when read
  double ms = 0;    ///< since the series started
  int64_t rss = 0;  ///< resident set, bytes
  int64_t anon = 0; ///< resident anonymous memory, bytes
  int64_t heap = 0; ///< C heap in use (mallinfo2 uordblks + hblkhd), bytes
  int64_t footprint = 0;  ///< what the C allocator holds from the OS, bytes
  int64_t events = 0;     ///< sessions created and new input shapes run so far
};

/// The memory series the library sampled on Run calls, and what sampling cost.
struct TraceMemory {
  double budget = 0;       ///< the share of Run time sampling was allowed
  int64_t runs = 0;        ///< successful Run calls in all
  double run_ms = 0;       ///< time spent in them (all threads together)
  double sampling_ms = 0;  ///< time spent sampling
  double overhead = 0;     ///< sampling_ms / run_ms
  double cost_us = 0;      ///< one sample's smoothed cost
  int64_t stride = 1;      ///< at least this many runs between samples (doubles at each decimation)
  int64_t decimations = 0; ///< times the full series dropped every other sample
  bool heap_available = false;  ///< glibc's counters work (another malloc reports 0)
  std::vector<TraceMemorySample> samples;
};

/// One process's report.
struct TraceDocument {
  std::string format;  ///< "ortkit-trace-1"
  int64_t pid = 0;
  std::string reason;  ///< "exit", "SIGUSR1", "every", "misuse", "fatal signal"
  bool final = false;
  bool get_api_called = false;
  std::vector<int64_t> api_versions;
  std::string ort_library;
  std::string ort_version;
  std::string second_ort_library;
  std::string untraced_reason;
  std::string on_misuse;
  std::vector<TraceObjects> objects;
  int64_t untracked_releases = 0;
  std::vector<TraceLeak> leaks;
  std::vector<TraceMisuse> misuse;
  std::vector<TraceSession> sessions;
  TraceSavedInputs saved_inputs;
  TraceMemory memory;
};

/// Parses one report; Error(kIo) naming `where` and the key path when it has another shape.
TraceDocument ParseTraceDocument(const std::string& text, const std::string& where);

/// The frame of `stack` that is the program's own call site: the first one outside ONNX Runtime,
/// its headers and this tool; nullptr when there is none.
const TraceFrame* CallSite(const TraceStack& stack);

/// "wrapper.cc:97 (OnnxAsrModel::Init)", or the function and module when there is no line.
std::string DescribeFrame(const TraceFrame* frame);

int64_t LeakCount(const TraceDocument& document);
int64_t MisuseCount(const TraceDocument& document);

}  // namespace ortkit::trace
