// Walking an ONNX graph together with its subgraphs (If/Loop/Scan bodies), and renaming values
// across them: the helpers the fix passes share.
#pragma once

#include <functional>
#include <set>
#include <string>
#include <vector>

#include <onnx/onnx_pb.h>

namespace ortkit::graph::fixes {

/// Calls `fn(graph, where)` on `graph` and then on every subgraph, depth first. `where` is "" for
/// `graph` itself and names the owner of a subgraph otherwise: "node 'loop' (Loop) attribute 'body'".
void ForEachGraph(onnx::GraphProto& graph,
                  const std::function<void(onnx::GraphProto&, const std::string& where)>& fn);

/// The subgraphs one node holds (attributes g and graphs).
std::vector<onnx::GraphProto*> Subgraphs(onnx::NodeProto& node);

/// "node 'name' (Op)", or "node #index (Op)" for an unnamed node.
std::string NodeLabel(const onnx::NodeProto& node, int index);

/// Adds every value name that the nodes of `graph` read, including what their subgraphs read
/// (outer-scope references) and the subgraphs' outputs, which may name outer values too.
void CollectReads(const onnx::GraphProto& graph, std::set<std::string>& names);

/// Adds what one node reads: its inputs and what its subgraphs read (as CollectReads).
void CollectNodeReads(const onnx::NodeProto& node, std::set<std::string>& names);

/// Adds every value name defined or mentioned anywhere in `graph` and its subgraphs: inputs,
/// outputs, initializers, node outputs, value_info.
void CollectNames(const onnx::GraphProto& graph, std::set<std::string>& names);

/// `base` when it is not in `taken`, else base_1, base_2, ...; the result is added to `taken`.
std::string UniqueName(const std::string& base, std::set<std::string>& taken);

/// Replaces every read of value `from` by `to`: node inputs in `graph` and its subgraphs, and the
/// subgraphs' outputs. Graph inputs, node outputs and `graph`'s own outputs are left alone.
/// Returns how many references changed.
int RenameReads(onnx::GraphProto& graph, const std::string& from, const std::string& to);

/// Renames the value `from` everywhere it is defined or described in `graph` (node outputs,
/// initializers, value_info) and every read of it (RenameReads); `graph`'s inputs and outputs
/// are left alone.
void RenameValue(onnx::GraphProto& graph, const std::string& from, const std::string& to);

/// Removes the initializers and single-output Constant nodes named in `weights` that nothing in
/// `graph` (its subgraphs included) reads any more and that are not graph outputs: the originals
/// of weights a pass replaced by rewritten copies.
void RemoveUnreadWeights(onnx::GraphProto& graph, const std::set<std::string>& weights);

/// Puts `node` before all other nodes of `graph` (a Cast of a graph input, say).
void PrependNode(onnx::GraphProto& graph, onnx::NodeProto node);

/// A Cast node named `name` that writes `output` as `input` converted to element type `to` (the
/// int form of the attribute, opset 6 and later).
onnx::NodeProto CastNode(const std::string& name, const std::string& input, const std::string& output, int64_t to);

/// True for the default ONNX domain ("" or "ai.onnx").
bool IsOnnxDomain(const std::string& domain);

/// The version of the default ONNX domain the model imports; 0 when it imports none.
int64_t OnnxOpset(const onnx::ModelProto& model);

}  // namespace ortkit::graph::fixes
