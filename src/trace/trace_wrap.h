// Shared by the files that wrap OrtApi entries (trace_wrappers.cc, trace_session_wrappers.cc):
// ORT's original entries, the helpers that record what a wrapped call made, and the macros that
// write the generic wrappers. Internal to libortkit_trace.so.
#pragma once

#include <cstdint>
#include <cstring>
#include <utility>

#include <onnxruntime_c_api.h>

#include "trace/trace_registry.h"

namespace ortkit_trace {

extern OrtApi g_real;  ///< ORT's original entries (trace_hooks.cc); the wrappers call these

template <typename T>
decltype(auto) Last(T&& last) {
  return std::forward<T>(last);
}
template <typename T, typename... Rest>
decltype(auto) Last(T&&, Rest&&... rest) {
  return Last(std::forward<Rest>(rest)...);
}

// `ra`: the wrapped call's return address into the program (RA below), which keys the stack.
inline OrtStatus* Returned(OrtStatus* status, const char* api, const void* ra) {
  if (status != nullptr) TheRegistry().Created(Kind::kStatus, status, api, SiteStack(ra));
  return status;
}

inline void Create(Kind kind, const void* p, const char* api, const void* ra, uint64_t bytes = 0) {
  if (p != nullptr) TheRegistry().Created(kind, p, api, SiteStack(ra), bytes);
}

// Strings are made a few at a time (names, metadata), often through one helper called from
// several places: each gets its whole stack, not its call site's first one (SiteStack).
inline void CreateString(const char* api, const char* s) {
  if (s != nullptr) TheRegistry().Created(Kind::kString, s, api, CaptureStack(), strlen(s) + 1);
}

/// Session options, sessions and runs (trace_session_wrappers.cc).
void PatchSessionEntries(OrtApi* api);

}  // namespace ortkit_trace

// Generic wrappers: captureless noexcept generic lambdas convert to the exact entry type. Each is
// inlined into its static invoker (always_inline), so that RA, its return address, is the
// program's call site.
// GCC takes the attribute after noexcept, clang before it.
#define RA __builtin_return_address(0)
#if defined(__clang__)
#define ORTKIT_NOEXCEPT_INLINE __attribute__((always_inline)) noexcept
#else
#define ORTKIT_NOEXCEPT_INLINE noexcept __attribute__((always_inline))
#endif
#define ORTKIT_WRAP_CREATE(fn, kind)                                     \
  api->fn = [](auto... a) ORTKIT_NOEXCEPT_INLINE -> OrtStatus* {                       \
    OrtStatus* status = g_real.fn(a...);                                 \
    if (status == nullptr) Create(kind, *Last(a...), #fn, RA);               \
    return Returned(status, #fn, RA);                                        \
  }
#define ORTKIT_WRAP_RELEASE(type, kind)                                                        \
  api->Release##type = [](Ort##type * p) ORTKIT_NOEXCEPT_INLINE {                                            \
    if (TheRegistry().Released(kind, p, "Release" #type, TheMisusePolicy(), RA)) g_real.Release##type(p); \
  }
#define ORTKIT_WRAP_STRING(fn)                                           \
  api->fn = [](auto... a) ORTKIT_NOEXCEPT_INLINE -> OrtStatus* {                       \
    OrtStatus* status = g_real.fn(a...);                                 \
    if (status == nullptr) CreateString(#fn, *Last(a...));                   \
    return Returned(status, #fn, RA);                                        \
  }
