// The cost parts of inspect's reports (graph/node_cost.h): a text section with totals per model and
// per op type, the cost cells of --nodes' table, and the JSON objects.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "graph/node_cost.h"

namespace ortkit::report {

/// "cost" section: the sizes used and the free dimensions left without one, the FLOP convention,
/// the model's totals, one row per op type (most FLOPs first) and the first nodes of unknown cost
/// with the reason. FLOPs are shown with SI prefixes (12.3 M), bytes in binary units.
void RenderCostText(const graph::ModelCost& cost, std::ostream& out);

/// The headers of the cost columns --nodes adds to the main graph's node table, and one node's
/// cells: FLOPs, parameter bytes, activation bytes read and written, FLOP/byte, and a last column
/// with the reason a value is unknown (or the node's note). "?" marks an unknown value.
std::vector<std::string> NodeCostHeaders();
std::vector<std::string> NodeCostCells(const graph::NodeCost& cost);

/// {flop_convention, dim_sizes {key: size}, unsized_dims [key], total {...}, by_op_type [{domain,
/// op_type, ...}]}: a totals object is {nodes, flops, flops_unknown_nodes, param_bytes,
/// activation_bytes_read, activation_bytes_written, bytes, bytes_unknown_nodes, intensity (null
/// unless no node is left out)}. Sums add the nodes where a value is known.
nlohmann::ordered_json CostJson(const graph::ModelCost& cost);

/// {flops, param_bytes, activation_bytes_read, activation_bytes_written, intensity, unknown_reason,
/// note}: null where unknown (or, for the two strings, empty).
nlohmann::ordered_json NodeCostJson(const graph::NodeCost& cost);

}  // namespace ortkit::report
