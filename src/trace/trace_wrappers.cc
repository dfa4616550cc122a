// The wrapped OrtApi entries for objects and for the strings and buffers ORT hands out through an
// allocator, and the allocators' own Free. Each wrapper calls ORT's original entry (g_real) and
// records what came back. Sessions and runs: trace_session_wrappers.cc.
#include <cstring>
#include <mutex>

#include <onnxruntime_c_api.h>

#include "trace/trace_registry.h"
#include "trace/trace_wrap.h"

namespace ortkit_trace {
namespace {

// --- allocators: their Free is wrapped so that frees that bypass AllocatorFree are seen -------

using FreeFn = void(ORT_API_CALL*)(OrtAllocator*, void*);
using AllocFn = void*(ORT_API_CALL*)(OrtAllocator*, size_t);
struct WrappedAllocator {
  OrtAllocator* allocator;
  FreeFn free;
  AllocFn alloc;
};
std::mutex g_alloc_mu;
WrappedAllocator g_allocators[64];
int g_allocator_count = 0;

WrappedAllocator* FindAllocator(const OrtAllocator* a) {
  for (int i = 0; i < g_allocator_count; ++i) {
    if (g_allocators[i].allocator == a) return &g_allocators[i];
  }
  return nullptr;
}

void ORT_API_CALL TracedFree(OrtAllocator* a, void* p) {
  FreeFn original = nullptr;
  {
    std::lock_guard<std::mutex> lock(g_alloc_mu);
    if (WrappedAllocator* w = FindAllocator(a)) original = w->free;
  }
  if (original == nullptr) return;  // cannot happen: only wrapped allocators point here
  if (TheRegistry().Released(Kind::kBuffer, p, "OrtAllocator::Free", TheMisusePolicy(), __builtin_return_address(0))) {
    original(a, p);
  }
}

void* ORT_API_CALL TracedAlloc(OrtAllocator* a, size_t size) {
  AllocFn original = nullptr;
  {
    std::lock_guard<std::mutex> lock(g_alloc_mu);
    if (WrappedAllocator* w = FindAllocator(a)) original = w->alloc;
  }
  void* p = original != nullptr ? original(a, size) : nullptr;
  if (p != nullptr) {
    Registry& r = TheRegistry();
    std::lock_guard<std::mutex> lock(r.mu);
    r.ForgetReleased(p);  // a new buffer at a freed address is not a double free later
  }
  return p;
}

// Allocators ORT made (default, per session) live in writable memory ORT owns; the program's own
// allocators are left alone, and their frees are seen through AllocatorFree only.
void WrapAllocator(OrtAllocator* a) {
  if (a == nullptr) return;
  std::lock_guard<std::mutex> lock(g_alloc_mu);
  if (FindAllocator(a) != nullptr || g_allocator_count == 64) return;
  g_allocators[g_allocator_count++] = WrappedAllocator{a, a->Free, a->Alloc};
  a->Free = &TracedFree;
  a->Alloc = &TracedAlloc;
}

bool IsWrapped(const OrtAllocator* a) {
  std::lock_guard<std::mutex> lock(g_alloc_mu);
  return FindAllocator(a) != nullptr;
}

}  // namespace

void PatchTable(OrtApi* api) {
  using K = Kind;
  PatchSessionEntries(api);
  using K = Kind;
  ORTKIT_WRAP_CREATE(CreateEnv, K::kEnv);
  ORTKIT_WRAP_CREATE(CreateEnvWithCustomLogger, K::kEnv);
  ORTKIT_WRAP_CREATE(CreateEnvWithGlobalThreadPools, K::kEnv);
  ORTKIT_WRAP_CREATE(CreateEnvWithCustomLoggerAndGlobalThreadPools, K::kEnv);
  ORTKIT_WRAP_CREATE(CreateEnvWithOptions, K::kEnv);
  ORTKIT_WRAP_RELEASE(Env, K::kEnv);
  ORTKIT_WRAP_CREATE(CreateTensorAsOrtValue, K::kValue);
  ORTKIT_WRAP_CREATE(CreateTensorWithDataAsOrtValue, K::kValue);
  ORTKIT_WRAP_CREATE(CreateTensorWithDataAndDeleterAsOrtValue, K::kValue);
  ORTKIT_WRAP_CREATE(CreateValue, K::kValue);
  ORTKIT_WRAP_CREATE(GetValue, K::kValue);
  ORTKIT_WRAP_CREATE(CreateOpaqueValue, K::kValue);
  ORTKIT_WRAP_CREATE(CreateSparseTensorAsOrtValue, K::kValue);
  ORTKIT_WRAP_CREATE(CreateSparseTensorWithValuesAsOrtValue, K::kValue);
  ORTKIT_WRAP_RELEASE(Value, K::kValue);
  ORTKIT_WRAP_CREATE(CreateCpuMemoryInfo, K::kMemoryInfo);
  ORTKIT_WRAP_CREATE(CreateMemoryInfo, K::kMemoryInfo);
  ORTKIT_WRAP_CREATE(CreateMemoryInfo_V2, K::kMemoryInfo);
  ORTKIT_WRAP_RELEASE(MemoryInfo, K::kMemoryInfo);
  api->CreateAllocator = [](const OrtSession* s, const OrtMemoryInfo* info, OrtAllocator** out) ORTKIT_NOEXCEPT_INLINE -> OrtStatus* {
    OrtStatus* status = g_real.CreateAllocator(s, info, out);
    if (status == nullptr) {
      Create(K::kAllocator, *out, "CreateAllocator", RA);
      WrapAllocator(*out);
    }
    return Returned(status, "CreateAllocator", RA);
  };
  ORTKIT_WRAP_RELEASE(Allocator, K::kAllocator);
  api->GetAllocatorWithDefaultOptions = [](OrtAllocator** out) ORTKIT_NOEXCEPT_INLINE -> OrtStatus* {
    OrtStatus* status = g_real.GetAllocatorWithDefaultOptions(out);
    if (status == nullptr) WrapAllocator(*out);
    return Returned(status, "GetAllocatorWithDefaultOptions", RA);
  };
  api->AllocatorAlloc = [](OrtAllocator* a, size_t size, void** out) ORTKIT_NOEXCEPT_INLINE -> OrtStatus* {
    OrtStatus* status = g_real.AllocatorAlloc(a, size, out);
    if (status == nullptr) Create(K::kBuffer, *out, "AllocatorAlloc", RA, size);
    return Returned(status, "AllocatorAlloc", RA);
  };
  api->AllocatorFree = [](OrtAllocator* a, void* p) ORTKIT_NOEXCEPT_INLINE -> OrtStatus* {
    // A wrapped allocator's Free records the release itself.
    if (!IsWrapped(a) && !TheRegistry().Released(K::kBuffer, p, "AllocatorFree", TheMisusePolicy(), RA)) return nullptr;
    return Returned(g_real.AllocatorFree(a, p), "AllocatorFree", RA);
  };
  ORTKIT_WRAP_CREATE(CreateIoBinding, K::kIoBinding);
  ORTKIT_WRAP_RELEASE(IoBinding, K::kIoBinding);
  api->GetBoundOutputNames = [](const OrtIoBinding* b, OrtAllocator* a, char** buffer, size_t** lengths,
                                size_t* count) ORTKIT_NOEXCEPT_INLINE -> OrtStatus* {
    OrtStatus* status = g_real.GetBoundOutputNames(b, a, buffer, lengths, count);
    if (status == nullptr && *count > 0) {
      Create(K::kBuffer, *buffer, "GetBoundOutputNames (names)", RA);
      Create(K::kBuffer, *lengths, "GetBoundOutputNames (lengths)", RA);
    }
    return Returned(status, "GetBoundOutputNames", RA);
  };
  api->GetBoundOutputValues = [](const OrtIoBinding* b, OrtAllocator* a, OrtValue*** values,
                                 size_t* count) ORTKIT_NOEXCEPT_INLINE -> OrtStatus* {
    OrtStatus* status = g_real.GetBoundOutputValues(b, a, values, count);
    if (status == nullptr && *count > 0) {
      Create(K::kBuffer, *values, "GetBoundOutputValues (array)", RA);
      const StackId stack = SiteStack(RA);
      for (size_t i = 0; i < *count; ++i) TheRegistry().Created(K::kValue, (*values)[i], "GetBoundOutputValues", stack);
    }
    return Returned(status, "GetBoundOutputValues", RA);
  };
  ORTKIT_WRAP_CREATE(CreateRunOptions, K::kRunOptions);
  ORTKIT_WRAP_RELEASE(RunOptions, K::kRunOptions);
  ORTKIT_WRAP_CREATE(SessionGetModelMetadata, K::kModelMetadata);
  ORTKIT_WRAP_RELEASE(ModelMetadata, K::kModelMetadata);
  ORTKIT_WRAP_CREATE(SessionGetInputTypeInfo, K::kTypeInfo);
  ORTKIT_WRAP_CREATE(SessionGetOutputTypeInfo, K::kTypeInfo);
  ORTKIT_WRAP_CREATE(SessionGetOverridableInitializerTypeInfo, K::kTypeInfo);
  ORTKIT_WRAP_CREATE(GetTypeInfo, K::kTypeInfo);
  ORTKIT_WRAP_RELEASE(TypeInfo, K::kTypeInfo);
  ORTKIT_WRAP_CREATE(CreateTensorTypeAndShapeInfo, K::kTensorTypeAndShapeInfo);
  ORTKIT_WRAP_CREATE(GetTensorTypeAndShape, K::kTensorTypeAndShapeInfo);
  ORTKIT_WRAP_RELEASE(TensorTypeAndShapeInfo, K::kTensorTypeAndShapeInfo);
  ORTKIT_WRAP_CREATE(CreateThreadingOptions, K::kThreadingOptions);
  ORTKIT_WRAP_RELEASE(ThreadingOptions, K::kThreadingOptions);
  api->CreateKeyValuePairs = [](OrtKeyValuePairs** out) ORTKIT_NOEXCEPT_INLINE {
    g_real.CreateKeyValuePairs(out);
    Create(K::kKeyValuePairs, *out, "CreateKeyValuePairs", RA);
  };
  ORTKIT_WRAP_RELEASE(KeyValuePairs, K::kKeyValuePairs);
  api->CreateStatus = [](OrtErrorCode code, const char* message) ORTKIT_NOEXCEPT_INLINE -> OrtStatus* {
    return Returned(g_real.CreateStatus(code, message), "CreateStatus", RA);
  };
  ORTKIT_WRAP_RELEASE(Status, K::kStatus);

  ORTKIT_WRAP_STRING(SessionGetInputName);
  ORTKIT_WRAP_STRING(SessionGetOutputName);
  ORTKIT_WRAP_STRING(SessionGetOverridableInitializerName);
  ORTKIT_WRAP_STRING(SessionEndProfiling);
  ORTKIT_WRAP_STRING(ModelMetadataGetProducerName);
  ORTKIT_WRAP_STRING(ModelMetadataGetGraphName);
  ORTKIT_WRAP_STRING(ModelMetadataGetDomain);
  ORTKIT_WRAP_STRING(ModelMetadataGetDescription);
  ORTKIT_WRAP_STRING(ModelMetadataGetGraphDescription);
  ORTKIT_WRAP_STRING(ModelMetadataLookupCustomMetadataMap);
  api->ModelMetadataGetCustomMetadataMapKeys = [](const OrtModelMetadata* m, OrtAllocator* a, char*** keys,
                                                  int64_t* n) ORTKIT_NOEXCEPT_INLINE -> OrtStatus* {
    OrtStatus* status = g_real.ModelMetadataGetCustomMetadataMapKeys(m, a, keys, n);
    if (status == nullptr && *keys != nullptr) {
      Create(K::kBuffer, *keys, "ModelMetadataGetCustomMetadataMapKeys (array)", RA);
      for (int64_t i = 0; i < *n; ++i) CreateString("ModelMetadataGetCustomMetadataMapKeys", (*keys)[i]);
    }
    return Returned(status, "ModelMetadataGetCustomMetadataMapKeys", RA);
  };
}

}  // namespace ortkit_trace
