// The wrapped OrtApi entries for session options, sessions and runs: what each session was made
// from and with, how long it took, and its runs' count, latency and input shapes.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <memory>
#include <mutex>
#include <new>
#include <random>
#include <string>
#include <vector>

#include <onnxruntime_c_api.h>

#include "trace/trace_memory.h"
#include "trace/trace_registry.h"
#include "trace/trace_save_inputs.h"
#include "trace/trace_wrap.h"

namespace ortkit_trace {
namespace {

using Clock = std::chrono::steady_clock;
const Clock::time_point g_start = Clock::now();

double MsSinceStart() { return std::chrono::duration<double, std::milli>(Clock::now() - g_start).count(); }

int64_t ResidentBytes() {
  FILE* f = fopen("/proc/self/statm", "r");
  if (f == nullptr) return 0;
  long pages = 0, resident = 0;
  const int n = fscanf(f, "%ld %ld", &pages, &resident);
  fclose(f);
  return n == 2 ? static_cast<int64_t>(resident) * sysconf(_SC_PAGESIZE) : 0;
}

// --- sessions and runs ----------------------------------------------------------------------------

std::string HashBytes(const void* data, size_t n) {
  uint64_t h = 1469598103934665603ull;
  const auto* bytes = static_cast<const unsigned char*>(data);
  for (size_t i = 0; i < n; ++i) h = (h ^ bytes[i]) * 1099511628211ull;
  char text[32];
  snprintf(text, sizeof text, "fnv1a64:%016llx", static_cast<unsigned long long>(h));
  return text;
}

void SessionCreated(OrtSession* session, const OrtSessionOptions* options, std::string model, std::string source,
                    std::string hash, uint64_t bytes, double started_ms, int64_t rss_before) {
  const double load_ms = MsSinceStart() - started_ms;
  const int64_t rss_delta = ResidentBytes() - rss_before;
  const StackId stack = CaptureStack();
  MemoryNoteEvent();  // a session's load grows memory on purpose
  Registry& r = TheRegistry();
  TheRegistry().Created(Kind::kSession, session, source == "file" ? "CreateSession" : "CreateSessionFromArray", stack);
  std::lock_guard<std::mutex> lock(r.mu);
  SessionInfo info;
  info.id = static_cast<int>(r.sessions.size()) + 1;
  info.model = std::move(model);
  info.source = std::move(source);
  info.bytes_hash = std::move(hash);
  info.bytes = bytes;
  info.created_ms = started_ms;
  info.load_ms = load_ms;
  info.rss_delta = rss_delta;
  auto o = r.options.find(options);
  if (o != r.options.end()) info.options = o->second;
  info.stack = stack;
  r.live_sessions[session] = static_cast<int>(r.sessions.size());
  r.sessions.push_back(std::move(info));
}

const char* TypeName(ONNXTensorElementDataType type) {
  switch (type) {
    case ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT: return "float32";
    case ONNX_TENSOR_ELEMENT_DATA_TYPE_DOUBLE: return "float64";
    case ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT16: return "float16";
    case ONNX_TENSOR_ELEMENT_DATA_TYPE_BFLOAT16: return "bfloat16";
    case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT8: return "int8";
    case ONNX_TENSOR_ELEMENT_DATA_TYPE_UINT8: return "uint8";
    case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT16: return "int16";
    case ONNX_TENSOR_ELEMENT_DATA_TYPE_UINT16: return "uint16";
    case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT32: return "int32";
    case ONNX_TENSOR_ELEMENT_DATA_TYPE_UINT32: return "uint32";
    case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT64: return "int64";
    case ONNX_TENSOR_ELEMENT_DATA_TYPE_UINT64: return "uint64";
    case ONNX_TENSOR_ELEMENT_DATA_TYPE_BOOL: return "bool";
    case ONNX_TENSOR_ELEMENT_DATA_TYPE_STRING: return "string";
    default: return "other";
  }
}

// The inputs' names, element types and dimensions, read without allocating (ORT >= 1.24).
struct InputShapes {
  const char* const* names;
  const OrtValue* const* values;
  size_t count;

  bool Read(size_t i, ONNXTensorElementDataType* type, const int64_t** dims, size_t* rank) const {
    if (values[i] == nullptr) return false;
    OrtStatus* status = g_real.GetTensorElementTypeAndShapeDataReference(values[i], type, dims, rank);
    if (status == nullptr) return true;
    g_real.ReleaseStatus(status);  // not a tensor
    return false;
  }

  uint64_t Hash() const {
    uint64_t h = 1469598103934665603ull;
    auto mix = [&h](uint64_t v) { h = (h ^ v) * 1099511628211ull; };
    for (size_t i = 0; i < count; ++i) {
      // By content: a program may pass the same names from new buffers on every run.
      for (const char* c = names != nullptr ? names[i] : nullptr; c != nullptr && *c != '\0'; ++c) mix(static_cast<unsigned char>(*c));
      mix(0x100);
      ONNXTensorElementDataType type = ONNX_TENSOR_ELEMENT_DATA_TYPE_UNDEFINED;
      const int64_t* dims = nullptr;
      size_t rank = 0;
      if (!Read(i, &type, &dims, &rank)) {
        mix(~0ull);
        continue;
      }
      mix(static_cast<uint64_t>(type));
      mix(rank);
      for (size_t d = 0; d < rank; ++d) mix(static_cast<uint64_t>(dims[d]));
    }
    return h;
  }

  // "x:float32[1,3]; y:int64[4]"
  std::string Text() const {
    std::string key;
    for (size_t i = 0; i < count; ++i) {
      if (!key.empty()) key += "; ";
      key += names != nullptr && names[i] != nullptr ? names[i] : "?";
      key += ':';
      ONNXTensorElementDataType type = ONNX_TENSOR_ELEMENT_DATA_TYPE_UNDEFINED;
      const int64_t* dims = nullptr;
      size_t rank = 0;
      if (!Read(i, &type, &dims, &rank)) {
        key += "non-tensor";
        continue;
      }
      key += TypeName(type);
      key += '[';
      for (size_t d = 0; d < rank; ++d) {
        if (d != 0) key += ',';
        key += std::to_string(dims[d]);
      }
      key += ']';
    }
    return key;
  }
};

struct RunIndex {
  int session_id = 0;  ///< 0: a session this library did not see created
  uint64_t run = 0;    ///< 1-based among the session's successful runs
};

// `inputs`: null for RunWithBinding, whose inputs are in the binding, and for RunAsync, whose
// inputs' shapes were read at the call (`shape_text`).
RunIndex RecordRun(const OrtSession* session, bool ok, double us, const InputShapes* inputs, uint64_t shape_hash,
                   const std::string* shape_text = nullptr) {
  const bool binding = inputs == nullptr && shape_text == nullptr;
  Registry& r = TheRegistry();
  std::lock_guard<std::mutex> lock(r.mu);
  auto it = r.live_sessions.find(session);
  if (it == r.live_sessions.end()) return {};
  SessionInfo& s = r.sessions[it->second];
  if (!ok) {
    ++s.failed_runs;
    return {};
  }
  const RunIndex index{s.id, s.runs + 1};
  ++s.runs;
  if (binding) ++s.binding_runs;
  if (s.latencies_us.size() < kMaxLatencies) {
    const size_t capacity = s.latencies_us.capacity();
    s.latencies_us.push_back(us);
    if (s.latencies_us.capacity() != capacity) {
      MemoryOwnBytes(static_cast<int64_t>((s.latencies_us.capacity() - capacity) * sizeof(double)));
    }
  } else {
    static std::minstd_rand random;  // reservoir sampling keeps a uniform sample of all runs
    const uint64_t j = random() % s.runs;
    if (j < kMaxLatencies) s.latencies_us[j] = us;
  }
  if (binding) return index;
  for (ShapeInfo& known : s.shapes) {
    if (known.hash == shape_hash) {
      ++known.runs;
      return index;
    }
  }
  if (s.shapes.size() < 256) {
    s.shapes.push_back(ShapeInfo{shape_hash, shape_text != nullptr ? *shape_text : inputs->Text(), 1, s.runs, us});
  }
  MemoryNoteEvent();  // a new shape may grow the arena and add a memory-pattern plan
  return index;
}

void MaybeSaveInputs(const RunIndex& index, const char* const* names, const OrtValue* const* values, size_t count) {
  if (index.session_id == 0 || !ShouldSaveRun(index.run)) return;
  std::string model;
  {
    Registry& r = TheRegistry();
    std::lock_guard<std::mutex> lock(r.mu);
    model = r.sessions[static_cast<size_t>(index.session_id - 1)].model;
  }
  SaveRunInputs(index.session_id, model, index.run, names, values, count);
}

OrtStatus* SkippedStatus(const char* call) {
  std::string message = std::string("ortkit trace: ") + call + " on a released session was skipped (--on-misuse skip)";
  return g_real.CreateStatus(ORT_INVALID_ARGUMENT, message.c_str());
}

// A RunAsync in flight: what its completion needs to record the run and the outputs ORT made.
// Inputs are not saved for RunAsync (--save-inputs): the program's input array need not outlive
// the call, and the values are only valid until the callback.
struct AsyncRun {
  RunAsyncCallbackFn callback;
  void* user_data;
  const OrtSession* session;
  uint64_t shape_hash;
  std::string shape_text;
  std::vector<bool> was_null;
  StackId stack;
  Clock::time_point started;
};

// Runs on one of ORT's threads when the run is over, then hands everything to the program's
// callback, which owns the outputs and the status from then on.
void AsyncRunDone(void* user_data, OrtValue** outputs, size_t count, OrtStatusPtr status) {
  std::unique_ptr<AsyncRun> run(static_cast<AsyncRun*>(user_data));
  const double us = std::chrono::duration<double, std::micro>(Clock::now() - run->started).count();
  RecordRun(run->session, status == nullptr, us, nullptr, run->shape_hash, &run->shape_text);
  if (status != nullptr) {
    TheRegistry().Created(Kind::kStatus, status, "RunAsync (callback)", run->stack);
  } else {
    MemoryOnRun(us);
    for (size_t i = 0; i < count && i < run->was_null.size(); ++i) {
      if (run->was_null[i] && outputs[i] != nullptr) TheRegistry().Created(Kind::kValue, outputs[i], "RunAsync (output)", run->stack);
    }
  }
  run->callback(run->user_data, outputs, count, status);
}

template <typename F>
void UpdateOptions(const OrtSessionOptions* options, F update) {
  Registry& r = TheRegistry();
  std::lock_guard<std::mutex> lock(r.mu);
  update(r.options[options]);
}

}  // namespace

void PatchSessionEntries(OrtApi* api) {
  using K = Kind;
  ORTKIT_WRAP_CREATE(CreateSessionOptions, K::kSessionOptions);
  api->CloneSessionOptions = [](const OrtSessionOptions* in, OrtSessionOptions** out) ORTKIT_NOEXCEPT_INLINE -> OrtStatus* {
    OrtStatus* status = g_real.CloneSessionOptions(in, out);
    if (status == nullptr) {
      Create(K::kSessionOptions, *out, "CloneSessionOptions", RA);
      Registry& r = TheRegistry();
      std::lock_guard<std::mutex> lock(r.mu);
      auto it = r.options.find(in);
      if (it != r.options.end()) r.options[*out] = it->second;
    }
    return Returned(status, "CloneSessionOptions", RA);
  };
  api->ReleaseSessionOptions = [](OrtSessionOptions* p) ORTKIT_NOEXCEPT_INLINE {
    if (!TheRegistry().Released(K::kSessionOptions, p, "ReleaseSessionOptions", TheMisusePolicy(), RA)) return;
    {
      Registry& r = TheRegistry();
      std::lock_guard<std::mutex> lock(r.mu);
      r.options.erase(p);
    }
    g_real.ReleaseSessionOptions(p);
  };
  api->SetIntraOpNumThreads = [](OrtSessionOptions* o, int n) ORTKIT_NOEXCEPT_INLINE -> OrtStatus* {
    UpdateOptions(o, [n](OptionsInfo& i) { i.intra_threads = n; });
    return Returned(g_real.SetIntraOpNumThreads(o, n), "SetIntraOpNumThreads", RA);
  };
  api->SetInterOpNumThreads = [](OrtSessionOptions* o, int n) ORTKIT_NOEXCEPT_INLINE -> OrtStatus* {
    UpdateOptions(o, [n](OptionsInfo& i) { i.inter_threads = n; });
    return Returned(g_real.SetInterOpNumThreads(o, n), "SetInterOpNumThreads", RA);
  };
  api->SetSessionGraphOptimizationLevel = [](OrtSessionOptions* o, GraphOptimizationLevel l) ORTKIT_NOEXCEPT_INLINE -> OrtStatus* {
    UpdateOptions(o, [l](OptionsInfo& i) { i.optimization_level = static_cast<int>(l); });
    return Returned(g_real.SetSessionGraphOptimizationLevel(o, l), "SetSessionGraphOptimizationLevel", RA);
  };
  api->EnableCpuMemArena = [](OrtSessionOptions* o) ORTKIT_NOEXCEPT_INLINE -> OrtStatus* {
    UpdateOptions(o, [](OptionsInfo& i) { i.cpu_arena = 1; });
    return Returned(g_real.EnableCpuMemArena(o), "EnableCpuMemArena", RA);
  };
  api->DisableCpuMemArena = [](OrtSessionOptions* o) ORTKIT_NOEXCEPT_INLINE -> OrtStatus* {
    UpdateOptions(o, [](OptionsInfo& i) { i.cpu_arena = 0; });
    return Returned(g_real.DisableCpuMemArena(o), "DisableCpuMemArena", RA);
  };
  api->EnableMemPattern = [](OrtSessionOptions* o) ORTKIT_NOEXCEPT_INLINE -> OrtStatus* {
    UpdateOptions(o, [](OptionsInfo& i) { i.mem_pattern = 1; });
    return Returned(g_real.EnableMemPattern(o), "EnableMemPattern", RA);
  };
  api->DisableMemPattern = [](OrtSessionOptions* o) ORTKIT_NOEXCEPT_INLINE -> OrtStatus* {
    UpdateOptions(o, [](OptionsInfo& i) { i.mem_pattern = 0; });
    return Returned(g_real.DisableMemPattern(o), "DisableMemPattern", RA);
  };
  api->SessionOptionsAppendExecutionProvider = [](OrtSessionOptions* o, const char* name, const char* const* keys,
                                                  const char* const* values, size_t n) ORTKIT_NOEXCEPT_INLINE -> OrtStatus* {
    OrtStatus* status = g_real.SessionOptionsAppendExecutionProvider(o, name, keys, values, n);
    if (status == nullptr) UpdateOptions(o, [name](OptionsInfo& i) { i.providers.emplace_back(name); });
    return Returned(status, "SessionOptionsAppendExecutionProvider", RA);
  };
  api->SessionOptionsAppendExecutionProvider_CUDA_V2 = [](OrtSessionOptions* o, const OrtCUDAProviderOptionsV2* p) ORTKIT_NOEXCEPT_INLINE -> OrtStatus* {
    OrtStatus* status = g_real.SessionOptionsAppendExecutionProvider_CUDA_V2(o, p);
    if (status == nullptr) UpdateOptions(o, [](OptionsInfo& i) { i.providers.emplace_back("CUDA"); });
    return Returned(status, "SessionOptionsAppendExecutionProvider_CUDA_V2", RA);
  };

  api->CreateSession = [](const OrtEnv* env, const ORTCHAR_T* path, const OrtSessionOptions* options,
                          OrtSession** out) ORTKIT_NOEXCEPT_INLINE -> OrtStatus* {
    const double started = MsSinceStart();
    const int64_t rss = ResidentBytes();
    OrtStatus* status = g_real.CreateSession(env, path, options, out);
    if (status == nullptr) SessionCreated(*out, options, path, "file", "", 0, started, rss);
    return Returned(status, "CreateSession", RA);
  };
  api->CreateSessionFromArray = [](const OrtEnv* env, const void* data, size_t n, const OrtSessionOptions* options,
                                   OrtSession** out) ORTKIT_NOEXCEPT_INLINE -> OrtStatus* {
    const double started = MsSinceStart();
    const int64_t rss = ResidentBytes();
    OrtStatus* status = g_real.CreateSessionFromArray(env, data, n, options, out);
    if (status == nullptr) SessionCreated(*out, options, "<bytes>", "bytes", HashBytes(data, n), n, started, rss);
    return Returned(status, "CreateSessionFromArray", RA);
  };
  api->CreateSessionWithPrepackedWeightsContainer = [](const OrtEnv* env, const ORTCHAR_T* path,
                                                       const OrtSessionOptions* options,
                                                       OrtPrepackedWeightsContainer* c, OrtSession** out) ORTKIT_NOEXCEPT_INLINE -> OrtStatus* {
    const double started = MsSinceStart();
    const int64_t rss = ResidentBytes();
    OrtStatus* status = g_real.CreateSessionWithPrepackedWeightsContainer(env, path, options, c, out);
    if (status == nullptr) SessionCreated(*out, options, path, "file", "", 0, started, rss);
    return Returned(status, "CreateSessionWithPrepackedWeightsContainer", RA);
  };
  api->ReleaseSession = [](OrtSession* p) ORTKIT_NOEXCEPT_INLINE {
    if (TheRegistry().Released(K::kSession, p, "ReleaseSession", TheMisusePolicy(), RA)) g_real.ReleaseSession(p);
  };

  api->Run = [](OrtSession* session, const OrtRunOptions* run_options, const char* const* input_names,
                const OrtValue* const* inputs, size_t input_count, const char* const* output_names,
                size_t output_count, OrtValue** outputs) ORTKIT_NOEXCEPT_INLINE -> OrtStatus* {
    if (!TheRegistry().CheckUse(session, "Run", TheMisusePolicy(), RA)) return SkippedStatus("Run");
    const InputShapes shapes{input_names, inputs, input_count};
    const uint64_t shape_hash = shapes.Hash();
    bool was_null[64] = {};
    for (size_t i = 0; i < output_count && i < 64; ++i) was_null[i] = outputs[i] == nullptr;
    const auto t0 = Clock::now();
    OrtStatus* status = g_real.Run(session, run_options, input_names, inputs, input_count, output_names,
                                   output_count, outputs);
    const double us = std::chrono::duration<double, std::micro>(Clock::now() - t0).count();
    const RunIndex index = RecordRun(session, status == nullptr, us, &shapes, shape_hash);
    if (status == nullptr) MemoryOnRun(us);
    MaybeSaveInputs(index, input_names, inputs, input_count);
    if (status == nullptr) {
      StackId stack = 0;
      for (size_t i = 0; i < output_count && i < 64; ++i) {
        if (!was_null[i] || outputs[i] == nullptr) continue;
        if (stack == 0) stack = SiteStack(RA);
        TheRegistry().Created(K::kValue, outputs[i], "Run (output)", stack);
      }
    }
    return Returned(status, "Run", RA);
  };
  api->RunAsync = [](OrtSession* session, const OrtRunOptions* run_options, const char* const* input_names,
                     const OrtValue* const* inputs, size_t input_count, const char* const* output_names,
                     size_t output_count, OrtValue** outputs, RunAsyncCallbackFn callback,
                     void* user_data) ORTKIT_NOEXCEPT_INLINE -> OrtStatus* {
    if (!TheRegistry().CheckUse(session, "RunAsync", TheMisusePolicy(), RA)) return SkippedStatus("RunAsync");
    const InputShapes shapes{input_names, inputs, input_count};
    auto* run = new (std::nothrow) AsyncRun{callback, user_data, session, shapes.Hash(), shapes.Text(), {}, SiteStack(RA), {}};
    if (run == nullptr || callback == nullptr) {  // nothing to wrap it in: pass the call on untouched
      delete run;
      return Returned(g_real.RunAsync(session, run_options, input_names, inputs, input_count, output_names,
                                      output_count, outputs, callback, user_data),
                      "RunAsync", RA);
    }
    for (size_t i = 0; i < output_count; ++i) run->was_null.push_back(outputs[i] == nullptr);
    run->started = Clock::now();
    OrtStatus* status = g_real.RunAsync(session, run_options, input_names, inputs, input_count, output_names,
                                        output_count, outputs, AsyncRunDone, run);
    if (status != nullptr) delete run;  // refused at once: the callback will never come
    return Returned(status, "RunAsync", RA);
  };
  api->RunWithBinding = [](OrtSession* session, const OrtRunOptions* run_options,
                           const OrtIoBinding* binding) ORTKIT_NOEXCEPT_INLINE -> OrtStatus* {
    if (!TheRegistry().CheckUse(session, "RunWithBinding", TheMisusePolicy(), RA)) return SkippedStatus("RunWithBinding");
    const auto t0 = Clock::now();
    OrtStatus* status = g_real.RunWithBinding(session, run_options, binding);
    const double us = std::chrono::duration<double, std::micro>(Clock::now() - t0).count();
    RecordRun(session, status == nullptr, us, nullptr, 0);
    if (status == nullptr) MemoryOnRun(us);
    return Returned(status, "RunWithBinding", RA);
  };
}

}  // namespace ortkit_trace
