// `ortkit compare`'s work: run two models, or one model under two session configs, on the same
// inputs and compare their outputs. Returns data; report/compare_render prints it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "compare/compare.h"
#include "workload/inputs.h"
#include "ortkit/session_config.h"
#include "ortkit/value.h"

namespace ortkit::compare {

/// How one side's session is made.
struct SideRequest {
  std::string model_path;
  std::string config_path;  ///< a SessionConfig JSON file; empty: defaults
  std::string provider;     ///< replaces the config's providers; empty: keep them
  std::optional<OptimizationLevel> optimization;  ///< replaces the config's level; unset: keep it
  std::vector<std::string> custom_op_libraries;   ///< added to the config's
};

struct CompareRequest {
  SideRequest a, b;
  workload::InputRequest inputs;  ///< built from A's input specs, fed unchanged to both sides
  Tolerance tolerance;
};

/// What one side ran with.
struct SideReport {
  std::string model;                   ///< the path given
  std::vector<std::string> providers;  ///< the session's, in ORT's names
  OptimizationLevel optimization = OptimizationLevel::kAll;
  double load_ms = 0;
  double run_ms = 0;
};

/// One input as fed to both sides.
struct InputInfo {
  std::string name;
  std::string type;     ///< "float32", "sequence<float32>", "none"
  Shape shape;          ///< tensors only
  std::string source;   ///< "file:<path>", "random(<seed>)", "none (optional)"
};

struct CompareReport {
  SideReport a, b;
  uint64_t seed = 0;
  Tolerance tolerance;
  std::vector<InputInfo> inputs;
  std::vector<std::string> notes;  ///< what was guessed about the inputs and probed about sizes
  Comparison comparison;  ///< A's outputs against B's (B is the reference of rtol)
  /// The values themselves, for --save-inputs and --save-outputs.
  NamedValues input_values, outputs_a, outputs_b;
  /// Files written by whoever saved those values (the CLI's --save-inputs/--save-outputs).
  std::vector<std::string> saved_files;
};

/// The session config of one side: the file (or defaults), then provider and optimisation.
/// Throws Error(kIo)/Error(kConfig) as SessionConfig::FromFile does.
SessionConfig MakeSideConfig(const SideRequest& side);

/// Loads both sides, checks that they have the same input and output names (and input types),
/// refuses two identical sides (same model, same session config: nothing to compare),
/// builds the inputs from A's specs (with A's graph's guesses, and sizes probed on A when some are
/// left out and A fails at 1), runs each side once and compares. Throws Error(kConfig) for an
/// invalid tolerance or identical sides, Error(kInput) naming the names only one side has ("inputs differ: only in A:
/// y; only in B: z") or an input whose type differs, and the library's errors from loading and
/// running, prefixed with the side ("A: ...").
CompareReport RunComparison(const CompareRequest& request);

}  // namespace ortkit::compare
