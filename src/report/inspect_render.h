// Renderers of a ModelSummary (`ortkit inspect`): aligned text sections, and one JSON object.
#pragma once

#include <ostream>

#include "graph/model_summary.h"

namespace ortkit::report {

struct InspectRenderOptions {
  bool nodes = false;  ///< list every node (with inferred output types when the summary has them)
  bool cost = false;   ///< the summary's cost (ModelSummary::cost): totals, and per node with `nodes`
};

/// Sections, each omitted when empty: a header (file, size, IR version, opsets, producer, ...),
/// metadata, inputs, outputs, ops (the main graph's histogram by domain), initializers (totals by
/// element type), initializers also listed as graph inputs, tensors in node attributes, external
/// data files, subgraphs (one row each), local functions, with `cost` a cost section (totals per
/// model and op type, report/inspect_cost.h), and with `nodes` one table of nodes per graph (the
/// main graph's with cost columns when `cost`). Sizes are human (KiB, MiB, ...), counts
/// digit-grouped.
void RenderInspectText(const graph::ModelSummary& summary, std::ostream& out, const InspectRenderOptions& options = {});

/// One JSON object; keys are stable and always present (arrays may be empty):
///   model, file_size, ir_version, opset_imports [{domain, version}], producer_name,
///   producer_version, domain, model_version, doc_string, metadata_props [{key, value}],
///   graph, subgraphs [graph with path and op first], external_data [{location, size (null when
///   the file is missing), tensors, bytes}], functions [{domain, name, nodes}],
///   totals {graphs, nodes, initializers, parameters, initializer_bytes} over all graphs;
///   with `nodes` or `cost` also shape_inference {ran, error (null unless it stopped early)};
///   with `cost` also cost (report::CostJson), and with both, each main-graph node has a cost
///   object (report::NodeCostJson).
/// A graph: name, inputs/outputs [value], value_info (count), node_count, ops [{domain, op_type,
///   count}], initializers {count, parameters, bytes, sparse, by_type [{type, count, parameters,
///   bytes}]}, initializers_as_inputs [name], attribute_tensors {count, bytes}; with `nodes` also
///   nodes [{name, op_type, domain, inputs [name], outputs [value], subgraphs [path]}].
/// A value: {name, type, shape}: type null when undeclared; shape an array of numbers (fixed),
///   strings (named) and nulls (unnamed free dims), or null when the rank is unknown or the value
///   is not a tensor. Domains are as written ("" is the default ONNX domain); sizes in bytes.
void RenderInspectJson(const graph::ModelSummary& summary, std::ostream& out, const InspectRenderOptions& options = {});

}  // namespace ortkit::report
