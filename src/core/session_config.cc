// SessionConfig's rules (Validate), equality, enum names and the provider name table.
#include "ortkit/session_config.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <filesystem>
#include <string_view>
#include <system_error>
#include <vector>

#include "core/provider_options.h"
#include "ortkit/error.h"

namespace ortkit {
namespace {

struct ProviderName {
  std::string_view canonical;
  std::string_view ort;
};

// The order here is the order KnownProviderNames() and error messages list them in.
constexpr std::array<ProviderName, 19> kProviders{{
    {"cpu", "CPUExecutionProvider"},
    {"webgpu", "WebGpuExecutionProvider"},
    {"cuda", "CUDAExecutionProvider"},
    {"tensorrt", "TensorrtExecutionProvider"},
    {"rocm", "ROCMExecutionProvider"},
    {"migraphx", "MIGraphXExecutionProvider"},
    {"openvino", "OpenVINOExecutionProvider"},
    {"dnnl", "DnnlExecutionProvider"},
    {"xnnpack", "XnnpackExecutionProvider"},
    {"coreml", "CoreMLExecutionProvider"},
    {"nnapi", "NnapiExecutionProvider"},
    {"qnn", "QNNExecutionProvider"},
    {"dml", "DmlExecutionProvider"},
    {"acl", "ACLExecutionProvider"},
    {"armnn", "ArmNNExecutionProvider"},
    {"vitisai", "VitisAIExecutionProvider"},
    {"cann", "CANNExecutionProvider"},
    {"azure", "AzureExecutionProvider"},
    {"js", "JsExecutionProvider"},
}};

constexpr int kMaxThreads = 1024;

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const auto ca = static_cast<unsigned char>(a[i]);
    const auto cb = static_cast<unsigned char>(b[i]);
    if (std::tolower(ca) != std::tolower(cb)) return false;
  }
  return true;
}

std::string Quoted(const std::string& s) { return "'" + s + "'"; }

[[noreturn]] void Fail(const std::string& field, const std::string& expected,
                       const std::string& got) {
  throw Error(ErrorCategory::kConfig,
              "session config: " + field + ": expected " + expected + ", got " + got);
}

std::string KnownProviderList() {
  std::string out;
  for (const auto& p : kProviders) {
    if (!out.empty()) out += ", ";
    out += p.canonical;
  }
  return out;
}

void ValidateThreads(const char* field, int value) {
  if (value < 0 || value > kMaxThreads) {
    Fail(field, "an integer from 0 to " + std::to_string(kMaxThreads), std::to_string(value));
  }
}

void ValidateProviders(const std::vector<ProviderConfig>& providers) {
  std::vector<std::string> seen;  // canonical names, by index
  for (std::size_t i = 0; i < providers.size(); ++i) {
    const std::string field = "providers[" + std::to_string(i) + "]";
    const ProviderConfig& p = providers[i];
    const auto canonical = CanonicalProviderName(p.name);
    if (!canonical) Fail(field + ".name", "one of " + KnownProviderList(), Quoted(p.name));
    for (std::size_t j = 0; j < seen.size(); ++j) {
      // "cuda" and "CUDAExecutionProvider" are the same provider, so compare canonical names.
      if (seen[j] == *canonical) {
        Fail(field + ".name", "each provider at most once",
             Quoted(p.name) + " again (already providers[" + std::to_string(j) + "])");
      }
    }
    seen.push_back(*canonical);
    if (p.options.count("")) Fail(field + ".options", "non-empty option names", "''");
    // Checked here, not only when a session is built, so that options for a provider this build
    // lacks are still checked rather than silently dropped.
    core::ValidateProviderOptions(field + ".options", *canonical, p.options);
  }
}

void ValidateMemory(const MemoryConfig& m) {
  if (m.cpu_arena) return;
  if (m.arena_shrink_after_run) {
    Fail("memory.arena_shrink_after_run",
         "false when memory.cpu_arena is false (shrinking needs the CPU arena)", "true");
  }
  if (m.arena_extend_strategy != ArenaExtendStrategy::kNextPowerOfTwo) {
    Fail("memory.arena_extend_strategy",
         std::string(ToString(ArenaExtendStrategy::kNextPowerOfTwo)) +
             " when memory.cpu_arena is false (the strategy only applies to the CPU arena)",
         Quoted(ToString(m.arena_extend_strategy)));
  }
}

// A missing library would otherwise surface as ORT's dlopen text at session creation, after the
// model was read; naming the field and the path up front says which setting is wrong.
void ValidateCustomOpLibraries(const std::vector<std::string>& libraries) {
  for (std::size_t i = 0; i < libraries.size(); ++i) {
    const std::string field = "custom_op_libraries[" + std::to_string(i) + "]";
    const std::string& path = libraries[i];
    if (path.empty()) Fail(field, "the path of a shared library", "''");
    std::error_code ec;
    const auto status = std::filesystem::status(path, ec);
    if (ec || !std::filesystem::exists(status)) {
      Fail(field, "an existing file", Quoted(path) + " (no such file)");
    }
    if (!std::filesystem::is_regular_file(status)) {
      Fail(field, "a regular file (a shared library)", Quoted(path) + " (not a regular file)");
    }
  }
}

// Enums can be cast from any integer; catch that here rather than handing ORT a bad value.
template <typename Enum>
void ValidateEnum(const char* field, Enum value, Enum last, const std::string& allowed) {
  const int v = static_cast<int>(value);
  if (v < 0 || v > static_cast<int>(last)) Fail(field, "one of " + allowed, std::to_string(v));
}

}  // namespace

void SessionConfig::Validate() const {
  ValidateProviders(providers);
  ValidateThreads("intra_op_threads", intra_op_threads);
  // inter_op_threads > 0 in sequential mode is pointless but harmless: ORT ignores it.
  ValidateThreads("inter_op_threads", inter_op_threads);
  ValidateEnum("optimization_level", optimization_level, OptimizationLevel::kAll,
               "disabled, basic, extended, layout, all");
  ValidateEnum("execution_mode", execution_mode, ExecutionMode::kParallel, "sequential, parallel");
  ValidateEnum("memory.arena_extend_strategy", memory.arena_extend_strategy,
               ArenaExtendStrategy::kSameAsRequested, "next_power_of_two, same_as_requested");
  ValidateMemory(memory);
  if (config_entries.count("")) Fail("config_entries", "non-empty keys", "''");
  ValidateCustomOpLibraries(custom_op_libraries);
}

void SessionConfig::AddCustomOpLibrary(const std::string& path) {
  if (std::find(custom_op_libraries.begin(), custom_op_libraries.end(), path) == custom_op_libraries.end()) {
    custom_op_libraries.push_back(path);
  }
}

bool MemoryConfig::operator==(const MemoryConfig& o) const {
  return cpu_arena == o.cpu_arena && memory_pattern == o.memory_pattern &&
         arena_extend_strategy == o.arena_extend_strategy &&
         arena_shrink_after_run == o.arena_shrink_after_run;
}

bool SessionConfig::operator==(const SessionConfig& o) const {
  return providers == o.providers && intra_op_threads == o.intra_op_threads &&
         inter_op_threads == o.inter_op_threads && allow_spinning == o.allow_spinning &&
         optimization_level == o.optimization_level && execution_mode == o.execution_mode &&
         memory == o.memory && profiling_prefix == o.profiling_prefix &&
         optimized_model_path == o.optimized_model_path && config_entries == o.config_entries &&
         custom_op_libraries == o.custom_op_libraries;
}

const char* ToString(OptimizationLevel level) noexcept {
  switch (level) {
    case OptimizationLevel::kDisabled: return "disabled";
    case OptimizationLevel::kBasic: return "basic";
    case OptimizationLevel::kExtended: return "extended";
    case OptimizationLevel::kLayout: return "layout";
    case OptimizationLevel::kAll: return "all";
  }
  return "unknown";
}

const std::vector<OptimizationLevel>& OptimizationLevels() {
  static const std::vector<OptimizationLevel> levels = {OptimizationLevel::kDisabled, OptimizationLevel::kBasic,
                                                        OptimizationLevel::kExtended, OptimizationLevel::kLayout,
                                                        OptimizationLevel::kAll};
  return levels;
}

std::optional<OptimizationLevel> ParseOptimizationLevel(const std::string& text) {
  for (OptimizationLevel level : OptimizationLevels()) {
    if (text == ToString(level)) return level;
  }
  return std::nullopt;
}

const char* ToString(ExecutionMode mode) noexcept {
  switch (mode) {
    case ExecutionMode::kSequential: return "sequential";
    case ExecutionMode::kParallel: return "parallel";
  }
  return "unknown";
}

const char* ToString(ArenaExtendStrategy strategy) noexcept {
  switch (strategy) {
    case ArenaExtendStrategy::kNextPowerOfTwo: return "next_power_of_two";
    case ArenaExtendStrategy::kSameAsRequested: return "same_as_requested";
  }
  return "unknown";
}

std::optional<std::string> CanonicalProviderName(const std::string& name) {
  for (const auto& p : kProviders) {
    if (EqualsIgnoreCase(name, p.canonical) || EqualsIgnoreCase(name, p.ort)) {
      return std::string(p.canonical);
    }
  }
  return std::nullopt;
}

std::string OrtProviderName(const std::string& canonical_name) {
  // Any accepted spelling works; an unknown name is a config error, not an empty string that
  // would surface later as a puzzling ORT failure.
  const auto canonical = CanonicalProviderName(canonical_name);
  if (!canonical) Fail("provider", "one of " + KnownProviderList(), Quoted(canonical_name));
  for (const auto& p : kProviders) {
    if (p.canonical == *canonical) return std::string(p.ort);
  }
  return {};  // unreachable: CanonicalProviderName only returns names from kProviders
}

const std::vector<std::string>& KnownProviderNames() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    for (const auto& p : kProviders) out.emplace_back(p.canonical);
    return out;
  }();
  return names;
}

}  // namespace ortkit
