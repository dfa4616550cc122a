// What `ortkit check` reports: findings with a stable rule id, where, what, why and the fix.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ortkit {

enum class Severity { kInfo, kWarning, kError };

/// "info", "warning", "error".
const char* ToString(Severity severity) noexcept;
/// The severity for those names; nullopt otherwise.
std::optional<Severity> ParseSeverity(std::string_view name) noexcept;

/// One problem found in a model.
struct Finding {
  std::string rule_id;        ///< stable id, e.g. "ORTKIT001"; never reused for another rule
  std::string rule;           ///< short kebab-case name, e.g. "initializer-in-inputs"
  Severity severity = Severity::kWarning;
  std::string location_kind;  ///< "model", "graph", "node", "tensor", "input", "output", "initializer"
  /// The node or tensor name; nested graphs are prefixed with their path ("loop_1/body/Add_3").
  std::string location;
  std::string op_type;        ///< the node's op type, for node findings
  std::string message;        ///< what is wrong, naming the values found and expected
  std::string why;            ///< why it matters when deploying
  std::string fix;            ///< what to do about it
  std::string fix_pass;       ///< the `ortkit fix --pass` that applies the fix; empty if none
  /// What fix_pass needs besides its name ({"--dim", "batch=1"}).
  std::vector<std::string> fix_flags;
  /// The ortkit command that applies the fix, exactly as printed and to be run as it is
  /// ("ortkit fix model.onnx -o fixed.onnx --pass float64-to-float32"); empty when no command
  /// does. On a model ORT refuses, a fix command also applies the passes that make it load, and
  /// none is printed when nothing ortkit does makes it load.
  std::string command;

  bool operator==(const Finding& o) const;
};

/// The result of checking one model.
struct CheckReport {
  std::string model;                   ///< the path checked
  std::vector<Finding> findings;       ///< sorted: errors first, then by rule id and location
  std::vector<std::string> rules_run;  ///< ids of the rules that ran
  /// Whether ONNX Runtime created a session for the model (nullopt: not tried).
  std::optional<bool> loads_in_ort;

  std::size_t Count(Severity severity) const;
  /// True when a finding at `level` or worse exists (the CLI's --fail-on).
  bool Reaches(Severity level) const;
};

}  // namespace ortkit
