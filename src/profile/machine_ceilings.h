// This machine's two roofline ceilings, measured with ONNX Runtime itself: attainable MatMul
// throughput and memory bandwidth, cached per machine in ortkit's cache directory.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace ortkit::profile {

/// What a measurement holds for: a cached one is reused only when all four match.
struct CeilingKey {
  std::string cpu_model;    ///< /proc/cpuinfo's "model name" ("unknown" when absent)
  int cores = 0;            ///< online CPUs
  std::string ort_version;  ///< the loaded ONNX Runtime's version
  int threads = 0;          ///< intra-op threads of the measuring session; 0: ORT's default (one per core)

  bool operator==(const CeilingKey& o) const {
    return cpu_model == o.cpu_model && cores == o.cores && ort_version == o.ort_version && threads == o.threads;
  }
  bool operator!=(const CeilingKey& o) const { return !(*this == o); }
  /// "AMD EPYC 7B13, 2 CPUs, ONNX Runtime 1.30.0, 2 intra-op threads".
  std::string Describe() const;
};

/// The two ceilings, each the median of `repeats` timed runs (after one untimed run).
struct MachineCeilings {
  CeilingKey key;
  /// MatMul float32 [n,n]x[n,n], counted as inspect --cost counts: one multiply-add = 1 FLOP.
  double gemm_gflops = 0;
  /// Add float32 of two tensors into a third, each `stream_bytes`: 3 x stream_bytes moved per run.
  double bandwidth_gbs = 0;
  int64_t gemm_n = 0;
  uint64_t stream_bytes = 0;
  int repeats = 0;
  std::string measured_at;  ///< UTC, ISO 8601
  /// Where the figures came from this time: "measured now" or "cached in <path>".
  std::string origin;

  /// peak FLOPs / bandwidth: the intensity (FLOP/byte) above which a node is compute-bound.
  double ridge() const { return bandwidth_gbs > 0 ? gemm_gflops / bandwidth_gbs : 0; }
};

/// How to measure. The defaults take about 1 s on a 2-core machine; tests shrink them.
struct CeilingSpec {
  int threads = 0;          ///< intra-op threads (0: ORT's default), as the profiled session had
  int64_t gemm_n = 1024;    ///< MatMul size: [n,n] x [n,n]
  /// Bytes of each of Add's three tensors; 0: 4 x the last-level cache (at least 32 MiB, at most
  /// 128 MiB; 64 MiB when sysfs does not say), so that the runs stream from memory, not the cache.
  uint64_t stream_bytes = 0;
  int repeats = 5;          ///< timed runs per ceiling (odd, so the median is one run)

  /// Throws Error(kConfig) naming the field for threads < 0, gemm_n < 1, repeats < 1.
  void Validate() const;
};

/// This machine's key at `threads`.
CeilingKey ThisMachine(int threads);

/// ORTKIT_CACHE_DIR, else $XDG_CACHE_HOME/ortkit, else $HOME/.cache/ortkit (as CMake and
/// scripts/bootstrap.sh pick it). Throws Error(kConfig) when none of the three is set.
std::string CacheDirectory();

/// The cache file under `cache_dir`: "<cache_dir>/roofline_ceilings.json".
std::string CeilingsCachePath(const std::string& cache_dir);

/// Times the two models with ORT on the CPU provider, as `spec` says. Throws what Model throws,
/// and Error(kRun) when a run took no measurable time.
MachineCeilings MeasureCeilings(const CeilingSpec& spec);

/// The entry for `key` in the cache file at `path`; nullopt when the file does not exist or holds
/// no entry for `key`. Throws Error(kIo) for an unreadable file and Error(kConfig) naming the field
/// for a file that is not ortkit's ceilings JSON.
std::optional<MachineCeilings> ReadCachedCeilings(const std::string& path, const CeilingKey& key);

/// Adds `ceilings` to the cache file at `path` (creating its directory), replacing the entry with
/// the same key and keeping the others; written atomically. Throws Error(kIo) when it cannot.
void WriteCachedCeilings(const std::string& path, const MachineCeilings& ceilings);

/// The cached ceilings for this machine at spec.threads, or measured (and cached) when there are
/// none or `remeasure` is set. A cache that cannot be read or written is not fatal: the
/// ceilings are measured, and `*note` says what went wrong with the cache.
MachineCeilings CeilingsForThisMachine(const CeilingSpec& spec, const std::string& cache_dir, bool remeasure,
                                       std::string* note);

}  // namespace ortkit::profile
