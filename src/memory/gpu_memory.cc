// NVML through dlopen: the handful of entry points memcheck needs, declared here by their C ABI.
#include "memory/gpu_memory.h"

#include <dlfcn.h>

#include <vector>

namespace ortkit::memory {
namespace {

// NVML's C ABI, as documented in nvml.h (stable since CUDA 8): return codes are ints, 0 success.
using NvmlDevice = void*;
struct NvmlMemoryInfo {
  unsigned long long total;
  unsigned long long free;
  unsigned long long used;
};
using InitFn = int (*)();
using ShutdownFn = int (*)();
using CountFn = int (*)(unsigned int*);
using HandleFn = int (*)(unsigned int, NvmlDevice*);
using MemoryFn = int (*)(NvmlDevice, NvmlMemoryInfo*);

}  // namespace

struct GpuMemory::Nvml {
  void* library = nullptr;
  ShutdownFn shutdown = nullptr;
  MemoryFn memory = nullptr;
  std::vector<NvmlDevice> devices;

  ~Nvml() {
    if (shutdown) shutdown();
    if (library) ::dlclose(library);
  }
};

GpuMemory::GpuMemory() {
  auto nvml = std::make_unique<Nvml>();
  nvml->library = ::dlopen("libnvidia-ml.so.1", RTLD_NOW | RTLD_LOCAL);
  if (!nvml->library) {
    const char* reason = ::dlerror();
    why_not_ = std::string("no NVML (") + (reason ? reason : "libnvidia-ml.so.1 not found") + ")";
    return;
  }
  auto init = reinterpret_cast<InitFn>(::dlsym(nvml->library, "nvmlInit_v2"));
  auto count = reinterpret_cast<CountFn>(::dlsym(nvml->library, "nvmlDeviceGetCount_v2"));
  auto handle = reinterpret_cast<HandleFn>(::dlsym(nvml->library, "nvmlDeviceGetHandleByIndex_v2"));
  auto shutdown = reinterpret_cast<ShutdownFn>(::dlsym(nvml->library, "nvmlShutdown"));
  nvml->memory = reinterpret_cast<MemoryFn>(::dlsym(nvml->library, "nvmlDeviceGetMemoryInfo"));
  if (!init || !count || !handle || !shutdown || !nvml->memory) {
    why_not_ = "NVML lacks the functions memcheck needs";
    return;
  }
  if (init() != 0) {
    why_not_ = "NVML failed to initialise (no driver loaded?)";
    return;
  }
  nvml->shutdown = shutdown;  // only once init succeeded
  unsigned int n = 0;
  if (count(&n) != 0 || n == 0) {
    why_not_ = "NVML sees no GPU";
    return;
  }
  for (unsigned int i = 0; i < n; ++i) {
    NvmlDevice device = nullptr;
    if (handle(i, &device) == 0) nvml->devices.push_back(device);
  }
  if (nvml->devices.empty()) {
    why_not_ = "NVML could not open any GPU";
    return;
  }
  nvml_ = std::move(nvml);
}

GpuMemory::~GpuMemory() = default;

bool GpuMemory::available() const noexcept { return nvml_ != nullptr; }

std::optional<int64_t> GpuMemory::UsedBytes() const {
  if (!nvml_) return std::nullopt;
  int64_t used = 0;
  for (NvmlDevice device : nvml_->devices) {
    NvmlMemoryInfo info{};
    if (nvml_->memory(device, &info) != 0) return std::nullopt;
    used += static_cast<int64_t>(info.used);
  }
  return used;
}

}  // namespace ortkit::memory
