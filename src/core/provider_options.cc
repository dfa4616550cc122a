// The table of provider option keys and the checks made with it.
#include "core/provider_options.h"

#include "ortkit/error.h"

namespace ortkit::core {
namespace {

const std::vector<std::string> kZeroOne = {"0", "1"};
// ORT parses CUDA's flags as bool (ParseStringWithClassicLocale), which also takes the words.
const std::vector<std::string> kBool = {"0", "1", "false", "true", "False", "True"};

ProviderOptionKey Flag(std::string key, std::vector<std::string> tune = {}) {
  return {std::move(key), "0 or 1", kZeroOne, false, std::move(tune)};
}
ProviderOptionKey Bool(std::string key, std::vector<std::string> tune = {}) {
  return {std::move(key), "0 or 1 (or false, true)", kBool, false, std::move(tune)};
}
ProviderOptionKey Count(std::string key, std::string what) { return {std::move(key), std::move(what), {}, true, {}}; }
ProviderOptionKey Text(std::string key, std::string what) { return {std::move(key), std::move(what), {}, false, {}}; }
ProviderOptionKey OneOf(std::string key, std::vector<std::string> choices, std::vector<std::string> tune = {}) {
  std::string words;
  for (std::size_t i = 0; i < choices.size(); ++i) {
    words += (i == 0 ? "" : i + 1 == choices.size() ? " or " : ", ") + choices[i];
  }
  return {std::move(key), words, std::move(choices), false, std::move(tune)};
}

// The CUDA provider's keys, as parsed by CUDAExecutionProviderInfo::FromProviderOptions in ORT's
// onnxruntime/core/providers/cuda/cuda_execution_provider_info.cc (provider_option_names).
const std::vector<ProviderOptionKey>& CudaOptions() {
  static const std::vector<ProviderOptionKey> keys = {
      Count("device_id", "a CUDA device index"),
      Bool("has_user_compute_stream"),
      Count("user_compute_stream", "a cudaStream_t address"),
      Count("gpu_mem_limit", "a byte count"),
      OneOf("arena_extend_strategy", {"kNextPowerOfTwo", "kSameAsRequested"}),
      OneOf("cudnn_conv_algo_search", {"EXHAUSTIVE", "HEURISTIC", "DEFAULT"}, {"EXHAUSTIVE", "HEURISTIC", "DEFAULT"}),
      Bool("do_copy_in_default_stream"),
      Count("gpu_external_alloc", "a function address"),
      Count("gpu_external_free", "a function address"),
      Count("gpu_external_empty_cache", "a function address"),
      Bool("cudnn_conv_use_max_workspace", {"0", "1"}),
      Bool("enable_cuda_graph"),
      Bool("cudnn_conv1d_pad_to_nc1d", {"0", "1"}),
      Bool("tunable_op_enable"),
      Bool("tunable_op_tuning_enable"),
      Count("tunable_op_max_tuning_duration_ms", "milliseconds"),
      Bool("enable_skip_layer_norm_strict_mode"),
      Bool("prefer_nhwc", {"0", "1"}),
      Bool("use_ep_level_unified_stream"),
      Bool("use_tf32"),
  };
  return keys;
}

// The WebGPU provider's keys: ORT's onnxruntime/core/providers/webgpu/webgpu_provider_options.h,
// given without their "ep.webgpuexecutionprovider." prefix, which ORT adds itself (checked on
// ORT 1.30: "preferredLayout"="XYZ" is refused, the prefixed spelling silently ignored).
const std::vector<ProviderOptionKey>& WebGpuOptions() {
  static const std::vector<std::string> kCacheModes = {"disabled", "lazyRelease", "simple", "bucket"};
  static const std::vector<ProviderOptionKey> keys = {
      OneOf("preferredLayout", {"NCHW", "NHWC"}, {"NCHW", "NHWC"}),
      Flag("enableGraphCapture"),
      Count("sessionBufferPoolGenerations", "a count of buffer generations"),
      Flag("enableInt64"),
      Text("multiRotaryCacheConcatOffset", "an offset"),
      OneOf("kvCacheQuantizationBits", {"0", "4"}),
      Count("dawnProcTable", "a DawnProcTable address"),
      OneOf("dawnBackendType", {"D3D12", "Vulkan"}),
      OneOf("powerPreference", {"high-performance", "low-power"}),
      Count("deviceId", "a device index"),
      Count("webgpuInstance", "a WGPUInstance address"),
      Count("webgpuDevice", "a WGPUDevice address"),
      OneOf("storageBufferCacheMode", kCacheModes),
      OneOf("uniformBufferCacheMode", kCacheModes),
      OneOf("queryResolveBufferCacheMode", kCacheModes),
      OneOf("defaultBufferCacheMode", kCacheModes),
      OneOf("validationMode", {"disabled", "wgpuOnly", "basic", "full"}),
      Text("forceCpuNodeNames", "node names, one per line"),
      Flag("enablePIXCapture"),
      Flag("preserveDevice"),
      Count("maxStorageBufferBindingSize", "a byte count"),
      Count("maxNumPendingDispatches", "1..4096"),
  };
  return keys;
}

bool IsUnsigned(const std::string& v) {
  if (v.empty() || v.size() > 20) return false;
  for (char c : v) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

}  // namespace

const std::vector<ProviderOptionKey>* KnownProviderOptions(const std::string& canonical_provider) {
  if (canonical_provider == "cuda") return &CudaOptions();
  if (canonical_provider == "webgpu") return &WebGpuOptions();
  return nullptr;
}

std::string CheckProviderOption(const std::string& canonical_provider, const std::string& key,
                                const std::string& value) {
  const auto* keys = KnownProviderOptions(canonical_provider);
  if (!keys) return {};
  for (const auto& known : *keys) {
    if (known.key != key) continue;
    bool ok = true;
    if (!known.choices.empty()) {
      ok = false;
      for (const auto& choice : known.choices) ok = ok || choice == value;
    } else if (known.unsigned_integer) {
      ok = IsUnsigned(value);
    }
    if (ok) return {};
    return "provider '" + canonical_provider + "' option '" + key + "' takes " + known.values + ", got '" + value + "'";
  }
  std::string accepted;
  for (const auto& known : *keys) accepted += (accepted.empty() ? "" : ", ") + known.key;
  return "provider '" + canonical_provider + "' has no option '" + key + "' (it accepts: " + accepted + ")";
}

void ValidateProviderOptions(const std::string& field, const std::string& canonical_provider,
                             const std::map<std::string, std::string>& options) {
  for (const auto& [key, value] : options) {
    if (const std::string why = CheckProviderOption(canonical_provider, key, value); !why.empty()) {
      throw Error(ErrorCategory::kConfig, "session config: " + field + ": " + why);
    }
  }
}

}  // namespace ortkit::core
