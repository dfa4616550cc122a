// How a session is created: providers, threads, optimisation, memory. Its JSON form is the
// "deployment profile" that ortkit's tools write and Model::Load reads.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace ortkit {

/// One execution provider and its options, in the order ORT should try them.
struct ProviderConfig {
  /// "cpu", "webgpu", "cuda", "tensorrt", "openvino", "dnnl", "xnnpack", "coreml", "nnapi", "qnn"...
  /// Matching is case-insensitive; ORT's own names ("CUDAExecutionProvider") are accepted too.
  std::string name = "cpu";
  std::map<std::string, std::string> options;

  bool operator==(const ProviderConfig& o) const { return name == o.name && options == o.options; }
};

/// ORT's graph optimisation levels, lowest first. kLayout (ORT 1.22+) is kExtended plus layout
/// transformations (NCHWc); kAll is everything the library has.
enum class OptimizationLevel { kDisabled, kBasic, kExtended, kLayout, kAll };
enum class ExecutionMode { kSequential, kParallel };
/// How the CPU arena grows: ORT's default doubles (next power of two); kSameAsRequested grows by
/// exactly what was asked for, trading speed for a lower high-water mark.
enum class ArenaExtendStrategy { kNextPowerOfTwo, kSameAsRequested };

struct MemoryConfig {
  bool cpu_arena = true;       ///< ORT's CPU memory arena (enable_cpu_mem_arena)
  bool memory_pattern = true;  ///< pre-planned allocations per input shape (enable_mem_pattern)
  ArenaExtendStrategy arena_extend_strategy = ArenaExtendStrategy::kNextPowerOfTwo;
  /// Give free arena chunks back after every run (run option memory.enable_memory_arena_shrinkage).
  bool arena_shrink_after_run = false;

  bool operator==(const MemoryConfig& o) const;
};

struct SessionConfig {
  std::vector<ProviderConfig> providers;  ///< empty: CPU only
  int intra_op_threads = 0;               ///< 0: ORT decides (one per physical core)
  int inter_op_threads = 0;               ///< 0: ORT decides; only used in kParallel mode
  std::optional<bool> allow_spinning;     ///< intra-op thread spinning; unset: ORT's default (on)
  OptimizationLevel optimization_level = OptimizationLevel::kAll;
  ExecutionMode execution_mode = ExecutionMode::kSequential;
  MemoryConfig memory;
  std::string profiling_prefix;        ///< non-empty: ORT profiling on, files start with this
  std::string optimized_model_path;    ///< non-empty: ORT saves the optimised model here
  std::map<std::string, std::string> config_entries;  ///< free-form AddConfigEntry keys
  /// Shared libraries of custom operators (each exporting RegisterCustomOps), registered in this
  /// order when the session is created, before the model is read. Paths as given: a relative
  /// path is relative to the working directory of the process that creates the session.
  std::vector<std::string> custom_op_libraries;

  /// Appends `path` to custom_op_libraries unless it is listed already (ORT refuses a second
  /// registration of the same operator domain).
  void AddCustomOpLibrary(const std::string& path);

  /// Throws Error(kConfig) naming the field, the value and what is allowed.
  /// Providers are checked against ortkit's known names here; against this ORT build at load.
  /// Each custom-op library must name an existing regular file (what it exports is checked when
  /// ORT loads it).
  void Validate() const;

  /// Lossless JSON: FromJson(ToJson()) == *this. Unset fields keep their defaults on read.
  std::string ToJson(int indent = 2) const;
  /// Throws Error(kConfig) for malformed JSON, unknown keys, and wrong types or values.
  static SessionConfig FromJson(const std::string& json);
  /// Throws Error(kIo) when the file can't be read, Error(kConfig) when its content is invalid.
  static SessionConfig FromFile(const std::string& path);
  /// Writes ToJson() to `path` atomically (an interrupted write leaves the old file or the new
  /// one). With `overwrite` false an existing file is refused. Throws Error(kIo) naming the path.
  void SaveToFile(const std::string& path, bool overwrite = true) const;

  bool operator==(const SessionConfig& o) const;
  bool operator!=(const SessionConfig& o) const { return !(*this == o); }
};

const char* ToString(OptimizationLevel level) noexcept;        ///< "disabled"|"basic"|"extended"|"layout"|"all"
/// Every level, lowest first.
const std::vector<OptimizationLevel>& OptimizationLevels();
/// The level ToString spells `text`, or nullopt.
std::optional<OptimizationLevel> ParseOptimizationLevel(const std::string& text);
const char* ToString(ExecutionMode mode) noexcept;             ///< "sequential"|"parallel"
const char* ToString(ArenaExtendStrategy strategy) noexcept;   ///< "next_power_of_two"|"same_as_requested"

/// Canonical short provider name ("cpu", "webgpu", ...) for any accepted spelling; nullopt if unknown.
std::optional<std::string> CanonicalProviderName(const std::string& name);
/// ORT's name for a canonical provider ("webgpu" -> "WebGpuExecutionProvider").
std::string OrtProviderName(const std::string& canonical_name);
/// Every canonical provider name ortkit knows, in a stable order.
const std::vector<std::string>& KnownProviderNames();

}  // namespace ortkit
