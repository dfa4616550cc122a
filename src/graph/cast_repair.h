// A reference for fixes of models ONNX Runtime refuses to load: a copy of the original where every
// node that binds one type parameter to two types computes in the wider one, with Casts around it.
#pragma once

#include <string>
#include <vector>

#include <onnx/onnx_pb.h>

namespace ortkit::graph {

struct CastRepair {
  onnx::ModelProto model;            ///< the repaired copy (the input unchanged where nothing conflicts)
  std::vector<std::string> repaired;  ///< "Div_337: float32 -> float64 (input 'b')", one per node
};

/// Copies `model` and, for each main-graph node whose inputs bind one type parameter of its schema
/// to different tensor types, casts the narrower inputs to the widest of them (float64 over float32
/// over float16 over the integers over bool), so the node's own arithmetic keeps the precision of
/// its widest input: a Div of a float32 tensor by a float64 std computes in float64. Where shape
/// inference had typed an output of that node (the type the rest of the graph was exported to
/// consume), a Cast back to that type follows, so the nodes after it see what they expect. The
/// copy's value_info is dropped (types inside changed). Subgraph bodies are left as they are.
/// Never throws for what it finds; the caller tells from loading the copy whether it worked.
CastRepair RepairTypeConflictsWithCasts(const onnx::ModelProto& model);

}  // namespace ortkit::graph
