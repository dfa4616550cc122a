// The typed results of doctor's steps: what `ortkit check|inspect|memcheck|profile|fix|run|version
// --format json` print, read strictly (core/json_fields.h) into the fields doctor uses and the
// ones that identify the document. bench's result is a bench::BenchResult holding the parts
// doctor reads, read with bench's own readers (bench/bench_json.h).
// The writers are report/{check_render,inspect_json,memcheck_render_json,profile_render,
// fix_render}.cc and cli/{run_report,version_info}.cc; tests/doctor/step_results_test.cc
// reads their output back, so a renamed key fails a test.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "bench/bench_result.h"
#include "core/json_fields.h"

namespace ortkit::doctor {

using core::Json;

/// One finding of `ortkit check --format json` ("findings"[]).
struct CheckFinding {
  std::string rule_id, rule, severity, location_kind, location, op_type, message, why, fix, fix_pass, command;
};
struct CheckSummary {
  double errors = 0, warnings = 0, info = 0;
};
/// `ortkit check --format json`.
struct CheckResult {
  std::string model;
  std::optional<bool> loads_in_ort;  ///< null when ORT was not asked
  CheckSummary summary;
  std::vector<CheckFinding> findings;
};

/// `ortkit inspect --format json` (the model summary): the facts doctor shows.
struct InspectTotals {
  double nodes = 0, parameters = 0;
};
struct InspectOpset {
  std::string domain;  ///< "" for ai.onnx
  double version = 0;
};
/// A dimension of a shape: a size, a symbol, or neither (unknown).
struct InspectDim {
  std::optional<int64_t> size;
  std::optional<std::string> symbol;
};
struct InspectValue {
  std::string name;
  std::optional<std::string> type;                ///< null when not a tensor type ORT names
  std::optional<std::vector<InspectDim>> shape;   ///< null when the rank is unknown
};
struct InspectOp {
  std::string domain, op_type;
  double count = 0;
};
struct InspectWeights {
  double parameters = 0, bytes = 0;
};
struct InspectGraph {
  std::string name;
  std::vector<InspectValue> inputs, outputs;
  double node_count = 0;
  std::vector<InspectOp> ops;
  InspectWeights initializers;
  std::vector<std::string> initializers_as_inputs;
};
struct InspectResult {
  std::string model;
  double file_size = 0, ir_version = 0;
  std::vector<InspectOpset> opset_imports;
  std::string producer_name, producer_version, doc_string;
  InspectGraph graph;
  InspectTotals totals;
};

/// `ortkit memcheck --format json`.
struct MemcheckStep {
  double iteration = 0, sampled_after = 0, bytes = 0;
  std::string shape, cause;
};
struct MemcheckAnalysis {
  std::string verdict, summary;
  std::vector<MemcheckStep> steps;
};
struct MemcheckSchedule {
  double iterations = 0, distinct_shapes = 0;
};
struct MemcheckRecommendation {
  std::string variant, headline, trade_off;
  double steady_saving = 0, peak_saving = 0, latency_change = 0;
};
/// One point of memory per iteration ("series"); heap is null where glibc's counters are hidden.
struct MemcheckSample {
  double iteration = 0, rss = 0, anon = 0;
  std::optional<double> heap;
  /// The session's CPU arena (AllocatorGetStats), where memcheck read it: bytes in use and
  /// reserved (total allocated).
  std::optional<double> arena_in_use, arena_total_allocated;
};
/// One row of the variant table (each variant in a fresh process).
struct MemcheckVariant {
  std::string name, verdict;
  std::optional<std::string> change;  ///< what the variant changes, when memcheck named it
  double steady_anon = 0, peak_rss = 0, p50_ms = 0;
};
struct MemcheckResult {
  std::string model;
  MemcheckAnalysis analysis;
  MemcheckSchedule schedule;
  std::vector<MemcheckSample> series;
  std::optional<std::vector<MemcheckVariant>> variants;  ///< absent without --variants
  std::optional<MemcheckRecommendation> recommendation;  ///< absent without the variant table
};

/// `ortkit profile --format json` ("format": "ortkit.profile/1").
struct ProfileRow {
  std::string name, op_type, provider;
  double count = 0, total_us = 0, share = 0;
};
/// One node's memory as ORT recorded it ("node_memory"[]).
struct ProfileNodeMemory {
  std::string name, op_type;
  double output_bytes = 0, temp_bytes = 0;
};
/// `--roofline`'s "roofline" object: the ceilings (absent with --no-ceilings) and each op type's
/// and node's point (absent when its cost is unknown).
struct ProfileRooflinePoint {
  double intensity = 0, gflops = 0, time_share = 0;
  std::optional<double> of_roof;
  std::string bound;
};
struct ProfileRooflineRow {
  std::string name, op_type;  ///< name: nodes only
  std::optional<ProfileRooflinePoint> point;
};
struct ProfileCeilings {
  double gemm_gflops = 0, bandwidth_gbs = 0;
  int64_t threads = 0;
};
struct ProfileRoofline {
  std::optional<ProfileCeilings> ceilings;
  std::vector<ProfileRooflineRow> ops, nodes;
};
struct ProfileResult {
  std::string format;
  double steady_runs = 0;
  double load_us = 0, first_run_us = 0, steady_run_us = 0;  ///< load: timed by ortkit, not traced
  std::vector<ProfileRow> ops, by_provider, cpu_fallback_nodes, memcpy_nodes;
  std::vector<ProfileNodeMemory> node_memory;  ///< most allocated first; empty with --no-node-memory
  std::vector<std::string> notes;
  std::optional<ProfileRoofline> roofline;  ///< absent unless profile ran with --roofline
};

/// `ortkit fix --format json`.
struct FixPass {
  std::string name, summary;
  bool changed = false;
  std::map<std::string, double> counts;
  std::vector<std::string> changes;  ///< one line per change
};
struct FixOutputCheck {
  std::string name;
  double max_abs = 0;
};
struct FixVerification {
  bool ran = false, passed = false;
  std::string failure;
  std::string reference;  ///< "original", "cast-repaired copy" or "none" (graph::Reference)
  std::string note;       ///< "outputs not compared: no reference" when there was none
  std::vector<FixOutputCheck> outputs;
};
struct FixLatency {
  double before_ms = 0, after_ms = 0, speedup = 0;
  double noise = 0;  ///< the relative noise of the medians (graph::LatencyComparison::noise)
};
struct FixResult {
  std::string model;
  std::vector<FixPass> passes;
  FixVerification verification;
  std::optional<FixLatency> latency;  ///< null without --bench
};

/// `ortkit compress --format json` (doctor's compress section).
struct CompressLatency {
  int64_t intra_op_threads = 0;  ///< 0: ONNX Runtime's default
  double p50_ms = 0, p99_ms = 0;
  std::optional<double> p50_ratio, p50_ratio_noise;  ///< to the original's, paired; null when not finite
};
struct CompressVariant {
  std::string name;
  bool measured = false;
  std::string skipped;  ///< why not, when not measured; the fields below are read only when measured
  double file_bytes = 0, size_ratio = 0;
  std::vector<CompressLatency> latency;  ///< 1 thread, then the default
  double peak_rss_mib = 0, cold_start_ms = 0;
  bool passes_gate = false, pareto = false;
  std::string gate_failure;
  std::optional<double> min_cosine, worst_top1_disagreement;  ///< null for the original
  /// The latency at `threads` intra-op threads (1, or 0 for the default); nullptr when absent.
  const CompressLatency* At(int64_t threads) const;
};
struct CompressResult {
  std::string model, objective;
  std::vector<CompressVariant> variants;  ///< the original first
  std::optional<std::string> best;        ///< null when no compressed variant passes the gate
  std::vector<std::string> notes;
  /// The row called `name`; nullptr when there is none.
  const CompressVariant* Find(const std::string& name) const;
};

/// `ortkit run --format json`: the sizes that ran and what was guessed (doctor's workload).
struct RunResult {
  std::string model;
  std::map<std::string, int64_t> sizes;
  std::vector<std::string> probed, notes;
};

/// `ortkit version --format json`.
struct VersionProvider {
  std::string name;
  bool usable = false;
  std::optional<std::string> reason;  ///< why it cannot run here, when it cannot
};
/// A device ONNX Runtime found for a provider (GetEpDevices).
struct VersionDevice {
  std::string ep_name, device_type, hardware_vendor;
};
/// The CPUs this process may use (ortkit/cpu_budget.h).
struct VersionCpus {
  int64_t online = 0, usable = 0;
  std::string limited_by;  ///< "affinity", "quota" or ""
};
struct VersionResult {
  std::string ortkit, onnxruntime;
  VersionCpus cpus;
  std::vector<VersionProvider> providers;
  std::vector<VersionDevice> ep_devices;
};

/// Each reads what its writer printed; Error(kConfig) naming `where` and the key path when a field
/// doctor uses is missing or has another type. Unknown keys are ignored.
void ReadJson(const Json& json, const std::string& where, CheckFinding& out);
void ReadJson(const Json& json, const std::string& where, CheckSummary& out);
void ReadJson(const Json& json, const std::string& where, CheckResult& out);
void ReadJson(const Json& json, const std::string& where, InspectTotals& out);
void ReadJson(const Json& json, const std::string& where, InspectOpset& out);
void ReadJson(const Json& json, const std::string& where, InspectDim& out);
void ReadJson(const Json& json, const std::string& where, InspectValue& out);
void ReadJson(const Json& json, const std::string& where, InspectOp& out);
void ReadJson(const Json& json, const std::string& where, InspectWeights& out);
void ReadJson(const Json& json, const std::string& where, InspectGraph& out);
void ReadJson(const Json& json, const std::string& where, InspectResult& out);
void ReadJson(const Json& json, const std::string& where, MemcheckStep& out);
void ReadJson(const Json& json, const std::string& where, MemcheckAnalysis& out);
void ReadJson(const Json& json, const std::string& where, MemcheckSchedule& out);
void ReadJson(const Json& json, const std::string& where, MemcheckRecommendation& out);
void ReadJson(const Json& json, const std::string& where, MemcheckSample& out);
void ReadJson(const Json& json, const std::string& where, MemcheckVariant& out);
void ReadJson(const Json& json, const std::string& where, MemcheckResult& out);
void ReadJson(const Json& json, const std::string& where, ProfileRow& out);
void ReadJson(const Json& json, const std::string& where, ProfileResult& out);
void ReadJson(const Json& json, const std::string& where, FixPass& out);
void ReadJson(const Json& json, const std::string& where, FixOutputCheck& out);
void ReadJson(const Json& json, const std::string& where, FixVerification& out);
void ReadJson(const Json& json, const std::string& where, FixLatency& out);
void ReadJson(const Json& json, const std::string& where, FixResult& out);
void ReadJson(const Json& json, const std::string& where, CompressLatency& out);
void ReadJson(const Json& json, const std::string& where, CompressVariant& out);
void ReadJson(const Json& json, const std::string& where, CompressResult& out);
void ReadJson(const Json& json, const std::string& where, RunResult& out);
void ReadJson(const Json& json, const std::string& where, VersionProvider& out);
void ReadJson(const Json& json, const std::string& where, VersionCpus& out);
void ReadJson(const Json& json, const std::string& where, VersionDevice& out);
void ReadJson(const Json& json, const std::string& where, VersionResult& out);

/// `ortkit bench --format json` ("format": "ortkit.bench/1"): the format, cold_start,
/// steady_state (each phase with its path, "steady_state[1]"), peak_rss_mib and warnings; the
/// spec, versions, providers and notes are left default.
bench::BenchResult BenchResultFromJson(const Json& json, const std::string& where);

/// A whole result: T read from `json`, the document at `where` ("doctor step 'check': result").
template <typename T>
T FromJson(const Json& json, const std::string& where) {
  T out{};
  ReadJson(json, where, out);
  return out;
}

}  // namespace ortkit::doctor
