// Node names and op types straight from a serialized ONNX model, without the ONNX library
// (core depends on ONNX Runtime alone).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace ortkit::core {

struct GraphNode {
  std::string name;
  std::string op_type;

  bool operator==(const GraphNode& o) const { return name == o.name && op_type == o.op_type; }
};

/// The main graph's nodes in file order, each followed by the nodes of its subgraphs (If, Loop,
/// Scan bodies), recursively: the nodes ORT counts in its placement log. `label` names the model
/// in errors. Throws Error(kLoad) when the bytes are not a well-formed protobuf message.
std::vector<GraphNode> ReadGraphNodes(std::string_view model_bytes, const std::string& label);

}  // namespace ortkit::core
