// Translation of ortkit's SessionConfig into ONNX Runtime session and run options.
#include "core/ort_session_options.h"

#include <algorithm>
#include <memory>
#include <mutex>
#include <unordered_map>

#include "core/ort_env.h"
#include "core/ort_error.h"
#include "ortkit/error.h"

namespace ortkit::core {
namespace {

std::string JoinNames(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out.empty() ? "none" : out;
}

GraphOptimizationLevel ToOrt(OptimizationLevel level) {
  switch (level) {
    case OptimizationLevel::kDisabled: return ORT_DISABLE_ALL;
    case OptimizationLevel::kBasic: return ORT_ENABLE_BASIC;
    case OptimizationLevel::kExtended: return ORT_ENABLE_EXTENDED;
    case OptimizationLevel::kLayout: return ORT_ENABLE_LAYOUT;
    case OptimizationLevel::kAll: return ORT_ENABLE_ALL;
  }
  return ORT_ENABLE_ALL;
}

// ORT's CPU arena extend strategy is fixed per session unless the session uses an allocator
// registered on the Env. So sessions asking for kSameAsRequested share one Env-level arena
// with that strategy, registered once; the others keep their own default arenas.
void EnsureSameAsRequestedEnvArena() {
  static std::once_flag once;
  std::call_once(once, [] {
    auto env = ProcessEnv();
    Ort::MemoryInfo cpu = Ort::MemoryInfo::CreateCpu(OrtArenaAllocator, OrtMemTypeDefault);
    // max_mem 0: no limit; extend strategy 1: kSameAsRequested; -1: ORT's defaults.
    Ort::ArenaCfg arena(0, 1, -1, -1);
    env->CreateAndRegisterAllocator(cpu, arena);
  });
}

// CUDA and TensorRT take their options through a V2 struct that ORT validates key by key.
template <typename Options, typename Create, typename Update, typename Append, typename Release>
void AppendV2(Ort::SessionOptions& session_options, const std::unordered_map<std::string, std::string>& opts,
              Create create, Update update, Append append, Release release) {
  const OrtApi& api = Ort::GetApi();
  Options* raw = nullptr;
  Ort::ThrowOnError((api.*create)(&raw));
  std::unique_ptr<Options, void (*)(Options*)> holder(raw, api.*release);
  std::vector<const char*> keys, values;
  for (const auto& [k, v] : opts) {
    keys.push_back(k.c_str());
    values.push_back(v.c_str());
  }
  Ort::ThrowOnError((api.*update)(holder.get(), keys.data(), values.data(), keys.size()));
  Ort::ThrowOnError((api.*append)(session_options, holder.get()));
}

void AppendProvider(Ort::SessionOptions& options, const ProviderConfig& provider,
                    const std::string& canonical) {
  const std::unordered_map<std::string, std::string> opts(provider.options.begin(),
                                                          provider.options.end());
  if (canonical == "cuda") {
    AppendV2<OrtCUDAProviderOptionsV2>(options, opts, &OrtApi::CreateCUDAProviderOptions,
                                       &OrtApi::UpdateCUDAProviderOptions,
                                       &OrtApi::SessionOptionsAppendExecutionProvider_CUDA_V2,
                                       &OrtApi::ReleaseCUDAProviderOptions);
  } else if (canonical == "tensorrt") {
    AppendV2<OrtTensorRTProviderOptionsV2>(options, opts, &OrtApi::CreateTensorRTProviderOptions,
                                           &OrtApi::UpdateTensorRTProviderOptions,
                                           &OrtApi::SessionOptionsAppendExecutionProvider_TensorRT_V2,
                                           &OrtApi::ReleaseTensorRTProviderOptions);
  } else {
    // ORT's generic entry point knows these providers by its own short spellings.
    static const std::unordered_map<std::string, std::string> kGenericNames = {
        {"webgpu", "WebGPU"}, {"xnnpack", "XNNPACK"}, {"qnn", "QNN"},       {"openvino", "OpenVINO"},
        {"coreml", "CoreML"}, {"vitisai", "VitisAI"}, {"azure", "AZURE"}, {"js", "JS"}};
    auto it = kGenericNames.find(canonical);
    if (it == kGenericNames.end()) {
      throw Error(ErrorCategory::kConfig,
                  "provider '" + canonical + "' can't be configured by ortkit yet (supported: cpu, "
                  "webgpu, cuda, tensorrt, xnnpack, qnn, openvino, coreml, vitisai, azure, js)");
    }
    options.AppendExecutionProvider(it->second, opts);
  }
}

}  // namespace

std::vector<std::string> AvailableCanonicalProviders() {
  std::vector<std::string> out;
  for (const auto& ort_name : Ort::GetAvailableProviders()) {
    out.push_back(CanonicalProviderName(ort_name).value_or(ort_name));
  }
  return out;
}

BuiltSessionOptions BuildSessionOptions(const SessionConfig& config, const std::string& model_label) {
  config.Validate();
  BuiltSessionOptions built;
  Ort::SessionOptions& o = built.options;
  WithOrtContext(ErrorCategory::kConfig, "while applying the session config for '" + model_label + "'", [&] {
    o.SetLogId(model_label.c_str());
    if (config.intra_op_threads > 0) o.SetIntraOpNumThreads(config.intra_op_threads);
    if (config.inter_op_threads > 0) o.SetInterOpNumThreads(config.inter_op_threads);
    if (config.allow_spinning) {
      o.AddConfigEntry("session.intra_op.allow_spinning", *config.allow_spinning ? "1" : "0");
      o.AddConfigEntry("session.inter_op.allow_spinning", *config.allow_spinning ? "1" : "0");
    }
    o.SetGraphOptimizationLevel(ToOrt(config.optimization_level));
    o.SetExecutionMode(config.execution_mode == ExecutionMode::kParallel ? ORT_PARALLEL : ORT_SEQUENTIAL);
    if (config.memory.cpu_arena) {
      o.EnableCpuMemArena();
    } else {
      o.DisableCpuMemArena();
    }
    if (config.memory.memory_pattern) {
      o.EnableMemPattern();
    } else {
      o.DisableMemPattern();
    }
    if (config.memory.cpu_arena &&
        config.memory.arena_extend_strategy == ArenaExtendStrategy::kSameAsRequested) {
      EnsureSameAsRequestedEnvArena();
      o.AddConfigEntry("session.use_env_allocators", "1");
    }
    if (!config.profiling_prefix.empty()) o.EnableProfiling(config.profiling_prefix.c_str());
    if (!config.optimized_model_path.empty()) {
      o.SetOptimizedModelFilePath(config.optimized_model_path.c_str());
    }
    for (const auto& [key, value] : config.config_entries) o.AddConfigEntry(key.c_str(), value.c_str());
  });
  for (const std::string& library : config.custom_op_libraries) {
    // ORT's text says what went wrong (dlopen's "cannot open shared object file", "undefined
    // symbol: ...", a missing RegisterCustomOps); the context names which library it was.
    WithOrtContext(ErrorCategory::kConfig, "custom-op library '" + library + "' could not be registered", [&] {
      o.RegisterCustomOpsLibrary(library.c_str());
    });
  }

  const auto available = AvailableCanonicalProviders();
  for (std::size_t i = 0; i < config.providers.size(); ++i) {
    const ProviderConfig& provider = config.providers[i];
    const std::string canonical = CanonicalProviderName(provider.name).value_or(provider.name);
    if (std::find(available.begin(), available.end(), canonical) == available.end()) {
      throw Error(ErrorCategory::kConfig, "provider '" + canonical +
                                              "' is not in this ONNX Runtime build (it has: " +
                                              JoinNames(available) + ")");
    }
    if (canonical == "cpu") {
      if (!provider.options.empty()) {
        throw Error(ErrorCategory::kConfig,
                    "providers[" + std::to_string(i) +
                        "]: the cpu provider takes no options here; use the memory settings instead");
      }
      continue;  // CPU is always appended last by ORT itself
    }
    WithOrtContext(ErrorCategory::kConfig, "provider '" + canonical + "' could not be set up", [&] {
      AppendProvider(o, provider, canonical);
    });
    built.providers.push_back(OrtProviderName(canonical));
  }
  built.providers.push_back("CPUExecutionProvider");
  return built;
}

Ort::RunOptions BuildRunOptions(const SessionConfig& config, const std::string& profile_prefix) {
  // Most runs need no run options; a null handle spares creating one per run.
  if (!config.memory.arena_shrink_after_run && profile_prefix.empty()) return Ort::RunOptions(nullptr);
  Ort::RunOptions run_options;
  if (config.memory.arena_shrink_after_run) run_options.AddConfigEntry("memory.enable_memory_arena_shrinkage", "cpu:0");
  if (!profile_prefix.empty()) run_options.EnableProfiling(profile_prefix.c_str());
  return run_options;
}

}  // namespace ortkit::core
