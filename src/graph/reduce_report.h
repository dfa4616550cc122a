// What `ortkit reduce` did, as plain data (no ONNX types) for the report/ renderers.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace ortkit::graph {

/// What a check said about one candidate.
struct CheckResult {
  bool fails = false;  ///< the problem is still there: the candidate is kept
  std::string detail;  ///< "exit 1", "exit 0", "timed out after 60 s", "signal 11", ...
};

/// One candidate tried.
struct ReduceStep {
  std::string phase;      ///< "full", "outputs", "inputs", "branches"
  std::string candidate;  ///< what changed, e.g. "outputs 'relu_3'" or "inputs 'a', 'b'"
  std::size_t nodes = 0;  ///< the candidate's node count
  bool checked = false;   ///< false when the candidate could not be built (then `detail` says why)
  bool fails = false;     ///< the check still fails on it
  std::string detail;
};

struct ReduceSummary {
  std::string model;               ///< the label or path of the input model
  std::string check;               ///< the check, as the user wrote it (filled by the caller)
  std::size_t original_nodes = 0;  ///< nodes of the input model's main graph
  std::vector<ReduceStep> steps;
  bool step_limit_reached = false;
  /// The result: its nodes as "OpType 'name'" (or "OpType" when unnamed), inputs and outputs.
  std::vector<std::string> nodes, inputs, outputs;
  std::string written;  ///< where the result was written; empty when it was not (filled by the caller)
};

}  // namespace ortkit::graph
