// The `ortkit check` engine: read the model, run ONNX shape inference, index the graphs, run the
// rules, and return the sorted findings.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <onnx/onnx_pb.h>

#include "graph/checks/rule.h"
#include "ortkit/findings.h"

namespace ortkit::graph {

/// Runs every rule of AllRules() on the model at `path`. Rules that need ONNX Runtime are skipped
/// when options.use_ort is false. Shape inference errors never stop the check: they become
/// ORTKIT008 findings, and the rules see the types inference could still derive. A rule that
/// fails on this model (a bug) becomes a warning under its id naming the failure, so the other
/// rules' findings still come back.
/// Throws Error(kLoad) naming the file when it cannot be read as a model (ReadModel), and
/// Error(kConfig) for a provider name ortkit or this ORT build does not know.
CheckReport RunChecks(const std::string& path, const CheckOptions& options = {});

/// The same with the given rules only (tests run one rule, or none).
CheckReport RunChecks(const std::string& path, const CheckOptions& options,
                      const std::vector<std::unique_ptr<Rule>>& rules);

/// The model as RunChecks reads it.
struct ModelForChecks {
  onnx::ModelProto model;
  /// Whether payloads over 1 KiB were left out (StripTensorPayloads), each such tensor carrying
  /// its PayloadFacts; false when the model was parsed whole (ReadModel).
  bool stripped = false;
};

/// Unless options.parse_payloads, the model at `path` without its payloads over 1 KiB, their
/// facts recorded, read through a mapping whose pages are given back once hashed: memory follows
/// the graph, not the weights. ReadModel's whole parse where only it gives the same answer: a file
/// the stripper or the parse refuses (its errors are ReadModel's), one over 2 GiB (refused), one
/// with external data to check (its files must exist and be long enough). Throws as ReadModel.
ModelForChecks ReadModelForChecks(const std::string& path, const CheckOptions& options);

/// The outcome of ONNX shape inference on a copy of a model.
struct InferenceResult {
  onnx::ModelProto model;           ///< the copy with inferred value_info (as far as inference got)
  std::vector<std::string> errors;  ///< one entry per error; empty when inference succeeded
};

/// Strict shape inference (type checks on, node errors reported) to learn every error, then, if
/// that failed, lenient inference for the types it can still derive. Never throws for the model's
/// content: when even lenient inference fails, `model` is the unmodified copy.
InferenceResult InferForChecks(const onnx::ModelProto& model);

/// Sorts findings as CheckReport promises: errors first, then by rule id, then by location;
/// findings that tie keep the order the rules made them in.
void SortFindings(std::vector<Finding>& findings);

}  // namespace ortkit::graph
