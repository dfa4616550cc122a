// The roofline's ceilings: two one-node models timed with ORT, and their JSON cache.
#include "profile/machine_ceilings.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/host.h"
#include "core/scratch_dir.h"
#include "graph/model_builder.h"
#include "ortkit/error.h"
#include "ortkit/model.h"
#include "ortkit/runtime.h"
#include "ortkit/tensor.h"

namespace ortkit::profile {
namespace {

using Clock = std::chrono::steady_clock;
using Json = nlohmann::ordered_json;
constexpr const char* kCacheFormat = "ortkit.roofline_ceilings/1";

// The largest cache level sysfs lists for CPU 0, in bytes; 0 when sysfs says nothing.
uint64_t LastLevelCacheBytes() {
  uint64_t largest = 0;
  for (int index = 0; index < 8; ++index) {
    std::ifstream in(fmt::format("/sys/devices/system/cpu/cpu0/cache/index{}/size", index));
    std::string text;
    if (!(in >> text) || text.empty()) continue;
    uint64_t value = std::strtoull(text.c_str(), nullptr, 10);
    if (text.back() == 'K') value <<= 10;
    if (text.back() == 'M') value <<= 20;
    largest = std::max(largest, value);
  }
  return largest;
}

// Seconds of each of `repeats` runs after one untimed run (which pays for the arena and the
// thread pool's start), median taken by the caller.
double MedianRunSeconds(const Model& model, const NamedValues& inputs, int repeats) {
  model.run(inputs);
  std::vector<double> seconds;
  for (int i = 0; i < repeats; ++i) {
    const Clock::time_point start = Clock::now();
    model.run(inputs);
    seconds.push_back(std::chrono::duration<double>(Clock::now() - start).count());
  }
  std::sort(seconds.begin(), seconds.end());
  const std::size_t mid = seconds.size() / 2;
  const double median = seconds.size() % 2 ? seconds[mid] : (seconds[mid - 1] + seconds[mid]) / 2;
  if (!(median > 0)) {
    throw Error(ErrorCategory::kRun, "while measuring the roofline's ceilings: expected runs that take measurable "
                                     "time, found a median of " + fmt::format("{}", median) + " s");
  }
  return median;
}

Model LoadOnCpu(const graph::ModelBuilder& builder, int threads, const std::string& label) {
  SessionConfig config;
  config.intra_op_threads = threads;
  const std::string bytes = builder.Serialize();
  return Model::FromBytes(bytes.data(), bytes.size(), config, label);
}

// MatMul with its right-hand side an initializer, as a model's weights are.
double MeasureGemm(int64_t n, int threads, int repeats) {
  const auto elements = static_cast<std::size_t>(n * n);
  const Shape shape{n, n};
  graph::ModelBuilder builder("roofline_gemm");
  builder.Input("A", ElementType::kFloat32, shape)
      .Initializer("B", graph::SeededWeights(elements, 1.0f, 1), shape)
      .Node("MatMul", {"A", "B"}, {"Y"}, {}, "gemm")
      .Output("Y", ElementType::kFloat32, shape);
  const Model model = LoadOnCpu(builder, threads, "<roofline MatMul>");
  const NamedValues inputs{{"A", Tensor::FromVector(graph::SeededWeights(elements, 1.0f, 2), shape)}};
  const double flops = static_cast<double>(n) * static_cast<double>(n) * static_cast<double>(n);
  return flops / MedianRunSeconds(model, inputs, repeats) / 1e9;
}

// Y = A + B over tensors far larger than the cache: every byte comes from and goes to memory.
double MeasureBandwidth(uint64_t stream_bytes, int threads, int repeats) {
  const int64_t elements = static_cast<int64_t>(stream_bytes / sizeof(float));
  const Shape shape{elements};
  graph::ModelBuilder builder("roofline_stream");
  builder.Input("A", ElementType::kFloat32, shape)
      .Input("B", ElementType::kFloat32, shape)
      .Node("Add", {"A", "B"}, {"Y"}, {}, "stream")
      .Output("Y", ElementType::kFloat32, shape);
  const Model model = LoadOnCpu(builder, threads, "<roofline Add>");
  // Constant values: what is measured is the traffic, not the values.
  const NamedValues inputs{
      {"A", Tensor::FromVector(std::vector<float>(static_cast<std::size_t>(elements), 1.0f), shape)},
      {"B", Tensor::FromVector(std::vector<float>(static_cast<std::size_t>(elements), 2.0f), shape)}};
  const double bytes = 3.0 * static_cast<double>(elements) * sizeof(float);
  return bytes / MedianRunSeconds(model, inputs, repeats) / 1e9;
}

Json ToJson(const MachineCeilings& c) {
  return Json{{"cpu_model", c.key.cpu_model}, {"cores", c.key.cores}, {"ort_version", c.key.ort_version},
              {"threads", c.key.threads}, {"gemm_gflops", c.gemm_gflops}, {"bandwidth_gbs", c.bandwidth_gbs},
              {"gemm_n", c.gemm_n}, {"stream_bytes", c.stream_bytes}, {"repeats", c.repeats},
              {"measured_at", c.measured_at}};
}

template <typename T>
T Field(const Json& entry, const char* name, const std::string& where) {
  const auto it = entry.find(name);
  if (it == entry.end()) throw Error(ErrorCategory::kConfig, where + ": expected field \"" + name + "\", found none");
  try {
    return it->get<T>();
  } catch (const nlohmann::json::exception&) {
    throw Error(ErrorCategory::kConfig, where + "." + name + ": expected a " +
                                            (std::is_same_v<T, std::string> ? "string" : "number") + ", found " +
                                            it->dump());
  }
}

MachineCeilings FromJson(const Json& entry, const std::string& where) {
  if (!entry.is_object()) throw Error(ErrorCategory::kConfig, where + ": expected an object, found " + entry.dump());
  MachineCeilings c;
  c.key.cpu_model = Field<std::string>(entry, "cpu_model", where);
  c.key.cores = Field<int>(entry, "cores", where);
  c.key.ort_version = Field<std::string>(entry, "ort_version", where);
  c.key.threads = Field<int>(entry, "threads", where);
  c.gemm_gflops = Field<double>(entry, "gemm_gflops", where);
  c.bandwidth_gbs = Field<double>(entry, "bandwidth_gbs", where);
  c.gemm_n = Field<int64_t>(entry, "gemm_n", where);
  c.stream_bytes = Field<uint64_t>(entry, "stream_bytes", where);
  c.repeats = Field<int>(entry, "repeats", where);
  c.measured_at = Field<std::string>(entry, "measured_at", where);
  for (const auto& [name, value] : {std::pair{"gemm_gflops", c.gemm_gflops}, std::pair{"bandwidth_gbs", c.bandwidth_gbs}}) {
    if (!(value > 0) || !std::isfinite(value)) {
      throw Error(ErrorCategory::kConfig, fmt::format("{}.{}: expected a positive number, found {}", where, name, value));
    }
  }
  return c;
}

// The cache's entries; an empty array when the file does not exist.
Json ReadEntries(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return Json::array();
  const std::string text = core::ReadWholeFile(path);
  Json doc;
  try {
    doc = Json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    throw Error(ErrorCategory::kConfig, "'" + path + "': expected ortkit's roofline ceilings JSON, found text JSON "
                                        "cannot parse (" + e.what() + ")");
  }
  const std::string format = doc.is_object() && doc.contains("format") && doc["format"].is_string()
                                 ? doc["format"].get<std::string>() : std::string();
  if (format != kCacheFormat) {
    throw Error(ErrorCategory::kConfig, "'" + path + "': expected \"format\": \"" + kCacheFormat + "\", found " +
                                            (doc.is_object() && doc.contains("format") ? doc["format"].dump() : "none"));
  }
  if (!doc.contains("entries") || !doc["entries"].is_array()) {
    throw Error(ErrorCategory::kConfig, "'" + path + "': expected an \"entries\" array");
  }
  return doc["entries"];
}

}  // namespace

std::string CeilingKey::Describe() const {
  return fmt::format("{}, {} CPUs, ONNX Runtime {}, {}", cpu_model, cores, ort_version,
                     threads == 0 ? std::string("ORT's default intra-op threads (one per core)")
                                  : fmt::format("{} intra-op thread{}", threads, threads == 1 ? "" : "s"));
}

void CeilingSpec::Validate() const {
  if (threads < 0) throw Error(ErrorCategory::kConfig, fmt::format("ceilings: threads: expected 0 or more, got {}", threads));
  if (gemm_n < 1) throw Error(ErrorCategory::kConfig, fmt::format("ceilings: gemm_n: expected at least 1, got {}", gemm_n));
  if (repeats < 1) throw Error(ErrorCategory::kConfig, fmt::format("ceilings: repeats: expected at least 1, got {}", repeats));
}

CeilingKey ThisMachine(int threads) {
  const long online = sysconf(_SC_NPROCESSORS_ONLN);
  return CeilingKey{core::CpuModelName(), static_cast<int>(std::max(1L, online)), OrtLibraryVersion(), threads};
}

std::string CacheDirectory() {
  if (const char* dir = std::getenv("ORTKIT_CACHE_DIR"); dir != nullptr && *dir != '\0') return dir;
  if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg != nullptr && *xdg != '\0') return std::string(xdg) + "/ortkit";
  if (const char* home = std::getenv("HOME"); home != nullptr && *home != '\0') return std::string(home) + "/.cache/ortkit";
  throw Error(ErrorCategory::kConfig,
              "the roofline's ceilings cache: expected ORTKIT_CACHE_DIR, XDG_CACHE_HOME or HOME set, found none");
}

std::string CeilingsCachePath(const std::string& cache_dir) { return cache_dir + "/roofline_ceilings.json"; }

MachineCeilings MeasureCeilings(const CeilingSpec& spec) {
  spec.Validate();
  MachineCeilings c;
  c.key = ThisMachine(spec.threads);
  c.gemm_n = spec.gemm_n;
  c.stream_bytes = spec.stream_bytes;
  if (c.stream_bytes == 0) {
    // Without sysfs's word on the cache (VMs and containers often hide it): 64 MiB, twice the
    // 32 MiB L3 of a server CPU's core complex, 192 MiB in all per run.
    const uint64_t llc = LastLevelCacheBytes();
    c.stream_bytes = llc == 0 ? uint64_t{64} << 20
                              : std::clamp<uint64_t>(4 * llc, uint64_t{32} << 20, uint64_t{128} << 20);
  }
  c.stream_bytes = std::max<uint64_t>(c.stream_bytes / sizeof(float), 1) * sizeof(float);
  c.repeats = spec.repeats;
  c.gemm_gflops = MeasureGemm(spec.gemm_n, spec.threads, spec.repeats);
  c.bandwidth_gbs = MeasureBandwidth(c.stream_bytes, spec.threads, spec.repeats);
  c.measured_at = core::UtcTimestamp();
  c.origin = "measured now";
  return c;
}

std::optional<MachineCeilings> ReadCachedCeilings(const std::string& path, const CeilingKey& key) {
  const Json entries = ReadEntries(path);
  for (std::size_t i = 0; i < entries.size(); ++i) {
    MachineCeilings c = FromJson(entries[i], fmt::format("'{}': entries[{}]", path, i));
    if (c.key != key) continue;
    c.origin = "cached in " + path;
    return c;
  }
  return std::nullopt;
}

void WriteCachedCeilings(const std::string& path, const MachineCeilings& ceilings) {
  Json kept = Json::array();
  // A cache this version cannot read is replaced, not merged: it holds nothing usable.
  try {
    for (const Json& entry : ReadEntries(path)) {
      if (FromJson(entry, path).key != ceilings.key) kept.push_back(entry);
    }
  } catch (const Error&) {
    kept = Json::array();
  }
  kept.push_back(ToJson(ceilings));
  const std::filesystem::path dir = std::filesystem::path(path).parent_path();
  std::error_code ec;
  if (!dir.empty()) std::filesystem::create_directories(dir, ec);
  if (ec) throw Error(ErrorCategory::kIo, "while writing '" + path + "': cannot create its directory: " + ec.message());
  core::WriteWholeFile(path, Json{{"format", kCacheFormat}, {"entries", kept}}.dump(2) + "\n");
}

MachineCeilings CeilingsForThisMachine(const CeilingSpec& spec, const std::string& cache_dir, bool remeasure,
                                       std::string* note) {
  spec.Validate();
  const std::string path = CeilingsCachePath(cache_dir);
  if (!remeasure) {
    try {
      if (auto cached = ReadCachedCeilings(path, ThisMachine(spec.threads))) return *cached;
    } catch (const Error& e) {
      if (note != nullptr) *note = std::string("ceilings cache not used: ") + e.what();
    }
  }
  MachineCeilings measured = MeasureCeilings(spec);
  try {
    WriteCachedCeilings(path, measured);
  } catch (const Error& e) {
    if (note != nullptr) *note = std::string("ceilings not cached: ") + e.what();
  }
  return measured;
}

}  // namespace ortkit::profile
