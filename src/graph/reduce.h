// Reducing a model to a small subgraph on which a check still fails (as Polygraphy's
// `debug reduce` does), with the check injected so that it can be a process or a test callback.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include <onnx/onnx_pb.h>

#include "graph/reduce_report.h"

namespace ortkit::graph {

/// Judges one candidate model. May throw ortkit::Error to abort the reduction.
using Checker = std::function<CheckResult(const onnx::ModelProto& candidate)>;

struct ReduceOptions {
  /// The most times the checker is called, the full model's check included; the smallest failing
  /// candidate so far is the result when they run out.
  std::size_t max_steps = 200;
  /// Called after every step (progress output); may be empty.
  std::function<void(const ReduceStep&)> on_step;
};

struct ReduceResult {
  onnx::ModelProto model;  ///< the smallest candidate on which the check fails
  ReduceSummary summary;   ///< the steps and the result's nodes, inputs and outputs
};

/// Reduces `model` in four phases, checking every candidate with `checker`:
///   1. full: the check must fail on the model itself, else Error(kInput) "the check passes on
///      the full model ...: nothing to reduce" (with the check's detail);
///   2. outputs: bisects over the nodes in topological order for the earliest node whose outputs,
///      made the only graph outputs, still fail (the candidate keeps just the nodes they need);
///   3. inputs: bisects forward for the latest point whose crossing tensors, made graph inputs
///      (typed by shape inference, see ExtractSubgraph), still fail;
///   4. branches: greedily tries dropping each graph output, and turning each remaining
///      intermediate tensor into a graph input, keeping every change that still fails with fewer
///      nodes, until none helps.
/// Candidates have no unused graph inputs. A candidate that can't be built (a tensor without a
/// type can't become an input) counts as passing without calling the checker. The same candidate
/// is never checked twice. `label` names the model in errors.
ReduceResult ReduceModel(const onnx::ModelProto& model, const Checker& checker, const ReduceOptions& options = {},
                         const std::string& label = "<model>");

}  // namespace ortkit::graph
