// Where ONNX Runtime actually puts a model's nodes: which execution provider runs each one.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "ortkit/session_config.h"

namespace ortkit {

/// One node of the graph ORT runs, and the provider ORT assigned it to.
struct NodePlacement {
  std::string node;      ///< the node's name in ORT's optimised graph (fused nodes get new names)
  std::string op_type;   ///< "Conv", "FusedConv", "MemcpyToHost", ...
  std::string provider;  ///< ORT's name: "CPUExecutionProvider", "WebGpuExecutionProvider", ...

  bool operator==(const NodePlacement& o) const {
    return node == o.node && op_type == o.op_type && provider == o.provider;
  }
};

/// Creates a session for the model at `model_path` with `config` (its providers, optimisation
/// level and layout transformations all apply; its profiling and optimised-model output do not,
/// so the probe writes no files of the caller's) and returns where ORT placed every node of the
/// graph it will run, including the Memcpy nodes it inserted between providers and the nodes of
/// subgraphs. Nodes are grouped by provider in `config`'s priority order (CPU last), in ORT's
/// order within each. The session is created once, or twice when every node lands on one
/// provider (ORT then logs only a count: the second session writes its optimised graph to a
/// temporary file to name the nodes). Throws Error(kConfig) for an invalid config or a provider
/// this build lacks, and Error(kLoad) when the model can't be read or ORT refuses it, or when ORT's
/// placement log can't be read (another Ort::Env, created before ortkit's, receives the log).
std::vector<NodePlacement> ReadNodePlacement(const std::string& model_path, const SessionConfig& config);

/// How many nodes ORT placed on each provider (ORT's names), as ReadNodePlacement counts them, from
/// one session and without writing any file: the cheap call when the names are not needed (the
/// naming session writes the model's weights to the temporary directory). Throws as
/// ReadNodePlacement does.
std::map<std::string, std::size_t> CountNodePlacement(const std::string& model_path, const SessionConfig& config);

/// ORT's two accounts of one session's placement: its placement log (what ortkit reports) and
/// its assignment record (Session_GetEpGraphAssignmentInfo, with
/// session.record_ep_graph_assignment_info=1, ORT 1.24+). The record is taken after basic
/// optimisations, before fusions and Memcpy insertion, so its counts may differ; a provider one
/// account gives nodes and the other none is a disagreement.
struct PlacementRecord {
  std::map<std::string, std::size_t> logged;    ///< nodes per provider, from the placement log
  std::map<std::string, std::size_t> recorded;  ///< nodes per provider, from the assignment record
  std::string record_error;                     ///< non-empty: ORT kept no record, and why
};

/// Creates one session (as CountNodePlacement) and reads both accounts. Throws as
/// CountNodePlacement does; a missing record is record_error, not an exception.
PlacementRecord ReadPlacementRecord(const std::string& model_path, const SessionConfig& config);

/// One sentence per provider the two accounts disagree on (nodes in one, none in the other),
/// saying the log is what ortkit reports; empty when they agree or when there is no record.
std::vector<std::string> PlacementDisagreements(const PlacementRecord& record);

}  // namespace ortkit
