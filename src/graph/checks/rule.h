// The check engine's rule interface: one rule per file in src/graph/checks/, listed in
// all_rules.cc.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <onnx/onnx_pb.h>

#include "ortkit/findings.h"

namespace ortkit::graph {

/// What the user asked `check` for.
struct CheckOptions {
  /// Providers to load the model with for the ORT-backed rules ("cpu", "webgpu").
  std::vector<std::string> providers = {"cpu"};
  /// Deployment targets for the coverage rule ("nnapi", "coreml", "xnnpack", "cuda", "webgpu").
  std::vector<std::string> targets;
  /// Run the rules that need ONNX Runtime (load, placement). Off: static analysis only.
  bool use_ort = true;
  /// Custom-op libraries every session of the ORT rules registers (SessionConfig's field). With
  /// some given, ops of custom domains are judged by loading the model (ORTKIT010): an op the
  /// libraries provide is an info finding, one they do not is an error.
  std::vector<std::string> custom_op_libraries;
  /// Loads the model in ONNX Runtime with `provider` where a crash can't take the check down
  /// (`ortkit check`: a child process) and returns what happened when ORT crashed ("signal 6,
  /// SIGABRT: <its last stderr lines>"), nullopt when it did not (loaded or refused). When set and
  /// ORT crashed, the ORT rules are skipped and the crash is an ORTKIT010 error; unset, the ORT
  /// rules run in this process (library callers, tests).
  std::function<std::optional<std::string>(const std::string& model_path, const std::string& provider)> ort_crash_probe;
  /// Runs ONNX shape inference (InferForChecks) on the model where a crash can't take the check
  /// down and returns what happened when it crashed, nullopt when it did not. ONNX 1.12's inference
  /// functions trust the model, and a hostile one can make them dereference nothing (inference_guard.h
  /// blocks the crashes known so far; this catches the rest). When set and inference crashed, the
  /// rules see the declared types only, the ORT rules are skipped (ONNX Runtime runs the same kind
  /// of inference while loading), and the crash is an ORTKIT010 error.
  std::function<std::optional<std::string>(const std::string& model_path)> inference_crash_probe;
  /// Parse the whole model, weights included (ReadModel). Off: the rules read it without the
  /// payloads over 1 KiB, each stripped tensor carrying its size and hash (payload_strip.h), which
  /// gives the same findings (tests/graph/checks/stripped_read_test.cc compares them) in memory
  /// that follows the graph, not the weights. The engine reads the whole model anyway where only
  /// that gives the same findings: external data to check, inference wanting a large tensor's values.
  bool parse_payloads = false;
};

class GraphIndex;  // graph_index.h: producers, consumers and inferred value types

/// What every rule sees. The model is parsed once, shape inference has run on `inferred`
/// (a copy; `model` is what is on disk, less the payloads over 1 KiB unless
/// CheckOptions::parse_payloads: a rule that compares payloads uses PayloadFactsOf, never the bytes).
struct CheckContext {
  const std::string& model_path;
  const onnx::ModelProto& model;
  const onnx::ModelProto& inferred;
  const GraphIndex& index;
  const CheckOptions& options;
};

struct RuleInfo {
  std::string id;        ///< "ORTKIT001"
  std::string name;      ///< "initializer-in-inputs"
  std::string summary;   ///< one line for `ortkit check --list-rules` and SARIF rule metadata
  bool needs_ort = false;
};

class Rule {
 public:
  virtual ~Rule() = default;
  virtual const RuleInfo& info() const = 0;
  /// Appends this rule's findings. Throws only for bugs; a model the rule can't analyse is a
  /// finding (or nothing), not an exception.
  virtual void Check(const CheckContext& context, std::vector<Finding>& findings) const = 0;
};

/// Every rule, in id order (all_rules.cc).
std::vector<std::unique_ptr<Rule>> AllRules();

}  // namespace ortkit::graph
