// libortkit_trace.so's entry point: OrtGetApiBase() finds the real ONNX Runtime, and GetApi patches
// ORT's own OrtApi table in place (one struct serves every API version) so that every caller, of
// any header version, goes through the wrappers for the entries this library knows (API 27); the
// other entries are left untouched.
#include <dlfcn.h>
#include <pthread.h>
#include <sys/mman.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <type_traits>

#include <onnxruntime_c_api.h>

#include "trace/trace_registry.h"
#include "trace/trace_report.h"

namespace ortkit_trace {

OrtApi g_real;  // ORT's original entries, copied before patching; the wrappers call these
const OrtApiBase* g_real_base = nullptr;
bool g_patched = false;

namespace {

pthread_once_t g_once = PTHREAD_ONCE_INIT;
void* g_caller = nullptr;  // a return address in the first caller of OrtGetApiBase
std::string g_ort_path;
std::string g_second_copy;
std::string g_untraced_reason;
bool g_get_api_seen = false;
OnMisuse g_on_misuse = OnMisuse::kReport;
std::mutex g_patch_mu;
const OrtApi* g_patched_tables[4] = {};

using GetApiBaseFn = const OrtApiBase* (*)();


std::string LibraryOf(const void* address) {
  Dl_info info{};
  if (address != nullptr && dladdr(address, &info) != 0 && info.dli_fname != nullptr) return info.dli_fname;
  return "";
}

// True when `fn` is in this library (by its load address: &::OrtGetApiBase itself may resolve to
// ORT's when this library was dlopen'ed with RTLD_LOCAL, as the benchmark does).
bool IsSelf(void* fn) {
  Dl_info self{}, other{};
  return dladdr(reinterpret_cast<void*>(&LibraryOf), &self) != 0 && dladdr(fn, &other) != 0 &&
         self.dli_fbase == other.dli_fbase;
}

// The ORT the caller itself would reach: first in the caller's own dependency scope (Node loads its
// binding and ORT with RTLD_LOCAL, so dlsym(RTLD_NEXT) returns NULL there, and a process may hold
// a second, global copy that the binding never sees), then in the global scope after this library,
// then by soname.
GetApiBaseFn FindRealGetApiBase(void* caller) {
  const std::string caller_path = LibraryOf(caller);
  GetApiBaseFn fn = nullptr;
  auto lookup = [&fn](const char* library) {
    void* handle = dlopen(library, RTLD_LAZY | RTLD_NOLOAD);
    if (handle == nullptr) return false;
    fn = reinterpret_cast<GetApiBaseFn>(dlsym(handle, "OrtGetApiBase"));
    dlclose(handle);
    return fn != nullptr && !IsSelf(reinterpret_cast<void*>(fn));
  };
  if (!caller_path.empty() && lookup(caller_path.c_str())) return fn;
  fn = reinterpret_cast<GetApiBaseFn>(dlsym(RTLD_NEXT, "OrtGetApiBase"));
  if (fn != nullptr && !IsSelf(reinterpret_cast<void*>(fn))) return fn;
  for (const char* soname : {"libonnxruntime.so.1", "libonnxruntime.so"}) {
    if (lookup(soname)) return fn;
  }
  return nullptr;
}

const OrtApi* ORT_API_CALL WrappedGetApi(uint32_t version) NO_EXCEPTION;
const char* ORT_API_CALL WrappedGetVersionString() NO_EXCEPTION {
  return g_real_base != nullptr ? g_real_base->GetVersionString() : "unknown";
}

const OrtApiBase g_base = {&WrappedGetApi, &WrappedGetVersionString};

void Init() {
  if (const char* policy = getenv("ORTKIT_TRACE_ON_MISUSE")) {
    if (strcmp(policy, "skip") == 0) g_on_misuse = OnMisuse::kSkip;
    if (strcmp(policy, "abort") == 0) g_on_misuse = OnMisuse::kAbort;
  }
  TheRegistry();
  GetApiBaseFn fn = FindRealGetApiBase(g_caller);
  if (fn == nullptr) {
    g_untraced_reason = "ortkit trace: the real OrtGetApiBase was not found";
    return;
  }
  g_real_base = fn();
  g_ort_path = LibraryOf(reinterpret_cast<void*>(fn));
  StartSnapshotThread();
}

int MinorVersion(const char* version) {
  const char* dot = version != nullptr ? strchr(version, '.') : nullptr;
  return dot != nullptr ? atoi(dot + 1) : 0;
}

}  // namespace

void PatchTable(OrtApi* api);  // trace_wrappers.cc

OnMisuse TheMisusePolicy() { return g_on_misuse; }
bool GetApiSeen() { return g_get_api_seen; }
OrtFound TheOrtFound() {
  return OrtFound{g_ort_path.c_str(), g_real_base != nullptr ? g_real_base->GetVersionString() : "",
                  g_second_copy.empty() ? nullptr : g_second_copy.c_str(),
                  g_untraced_reason.empty() ? nullptr : g_untraced_reason.c_str()};
}

namespace {

const OrtApi* ORT_API_CALL WrappedGetApi(uint32_t version) NO_EXCEPTION {
  const OrtApi* api = g_real_base->GetApi(version);
  std::lock_guard<std::mutex> lock(g_patch_mu);
  g_get_api_seen = true;
  {
    Registry& r = TheRegistry();
    std::lock_guard<std::mutex> rl(r.mu);
    bool seen = false;
    for (int v : r.api_versions) seen = seen || v == static_cast<int>(version);
    if (!seen) r.api_versions.push_back(static_cast<int>(version));
  }
  if (api == nullptr) return api;
  // The table is patched once; ORT serves one struct for every version it supports. A library
  // older than this header would have fewer slots than ortkit knows: leave it alone.
  if (MinorVersion(g_real_base->GetVersionString()) < ORT_API_VERSION) {
    g_untraced_reason = std::string("ONNX Runtime ") + g_real_base->GetVersionString() +
                        " is older than the API " + std::to_string(ORT_API_VERSION) + " ortkit trace knows";
    return api;
  }
  for (const OrtApi*& slot : g_patched_tables) {
    if (slot == api) return api;
    if (slot != nullptr) continue;
    if (!g_patched) std::memcpy(&g_real, api, sizeof(OrtApi));
    const long page = sysconf(_SC_PAGESIZE);
    const uintptr_t begin = reinterpret_cast<uintptr_t>(api) & ~static_cast<uintptr_t>(page - 1);
    const uintptr_t end = reinterpret_cast<uintptr_t>(api) + sizeof(OrtApi);
    const size_t length = ((end - begin) + page - 1) / page * page;
    if (mprotect(reinterpret_cast<void*>(begin), length, PROT_READ | PROT_WRITE) != 0) {
      g_untraced_reason = "ortkit trace: cannot make ORT's API table writable";
      return api;
    }
    PatchTable(const_cast<OrtApi*>(api));
    mprotect(reinterpret_cast<void*>(begin), length, PROT_READ);
    g_patched = true;
    slot = api;
    return api;
  }
  return api;
}

}  // namespace

}  // namespace ortkit_trace

extern "C" __attribute__((visibility("default"))) const OrtApiBase* OrtGetApiBase(void) NO_EXCEPTION {
  using namespace ortkit_trace;
  void* caller = __builtin_return_address(0);
  if (g_caller == nullptr) g_caller = caller;
  pthread_once(&g_once, &Init);
  if (g_real_base == nullptr) {
    // Nothing to trace through; a program that cannot find ORT fails as it would without us.
    fprintf(stderr, "ortkit trace: %s\n", g_untraced_reason.c_str());
    return nullptr;
  }
  // A second ORT copy, reached from another library: report it, and let that caller use it as is.
  GetApiBaseFn fn = FindRealGetApiBase(caller);
  if (fn != nullptr && fn() != g_real_base) {
    std::lock_guard<std::mutex> lock(g_patch_mu);
    if (g_second_copy.empty()) g_second_copy = LibraryOf(reinterpret_cast<void*>(fn));
    return fn();
  }
  return &g_base;
}
