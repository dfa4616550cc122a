// The graph ONNX Runtime hands to its providers' partitioners, for the provider-coverage rule:
// the model as ORT rebuilds it at optimisation level basic (Constant nodes made initializers,
// constant subgraphs folded, Identity and Dropout removed), or, where ORT is not used, the file's
// graph less its Constant nodes, saying why.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <onnx/onnx_pb.h>

#include "graph/checks/rule.h"
#include "graph/graph_index.h"

namespace ortkit::graph {

/// Which graph the coverage tables were counted on.
enum class CountedGraph {
  kOrtBasic,  ///< the model ORT saves at level basic with the CPU provider
  kFile,      ///< the file's main graph, Constant nodes left out
};

/// A graph to count provider coverage on, indexed, with each node's name as findings should give
/// it. Copies share one immutable graph.
class PartitionedGraph {
 public:
  /// Builds ORT's level-basic graph of the model at context.model_path when context.options.use_ort
  /// is set, and the file's graph otherwise or when ORT fails. `ort_crashed`: the check engine
  /// skipped ORT after a crash (the reason given for counting the file's graph). Never throws for
  /// the model's content.
  static PartitionedGraph Build(const CheckContext& context, bool ort_crashed = false);

  /// From the model ORT saved (`ort_model`, parsed): node names are mapped back to the file's.
  static PartitionedGraph FromOrtModel(const CheckContext& context, const onnx::ModelProto& ort_model);
  /// The file's graph without its Constant nodes; `why` says why ORT's graph was not used
  /// ("--no-ort is set").
  static PartitionedGraph FromFile(const CheckContext& context, const std::string& why);

  CountedGraph source() const;
  /// The counted graph, indexed (its main graph is the one to count).
  const GraphIndex& index() const;
  /// How findings name node `node` of index().main(): the file's location of the same node (by
  /// name, else by the tensor it writes), else ORT's name, else "(unnamed Op #k, made by ONNX Runtime)".
  const std::string& Location(int node) const;
  /// Nodes in the file's main graph / in the counted graph.
  int file_nodes() const;
  int counted_nodes() const;
  /// Why the file's graph was counted; empty for kOrtBasic.
  const std::string& why_file() const;
  /// For messages: "counted on ONNX Runtime's graph: 19 nodes in the file, 10 after its basic
  /// optimisations", or "counted on the file's graph less its 4 Constant nodes (15 of 19 nodes),
  /// as --no-ort is set".
  std::string Description() const;

 private:
  struct Impl;
  explicit PartitionedGraph(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}
  std::shared_ptr<const Impl> impl_;
};

/// Creates a one-thread CPU session for the model at `model_path` at optimisation level basic and
/// returns the model ORT saves, parsed; initializers of 1 KiB and more are left in a side file
/// that is never read, as only the graph is needed. Loading from the path lets ORT find the
/// model's external data. Throws Error(kLoad) when ORT refuses the model, Error(kIo) when the
/// saved model can't be read back. The session registers `custom_op_libraries` first.
onnx::ModelProto OrtBasicGraph(const std::string& model_path,
                               const std::vector<std::string>& custom_op_libraries = {});

}  // namespace ortkit::graph
