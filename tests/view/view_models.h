// Models the view tests draw, built the way torch.onnx writes them: name scopes in node names
// ("/layers.0/self_attn/q_proj/MatMul"), Constant nodes, symbolic dims, an If with two branches,
// a float64 stretch and a TopK near the outputs.
#pragma once

#include <string>

namespace ortkit::testing {

/// `layers` transformer-like layers of 7 nodes each under /layers.<i>/{self_attn/{q_proj,k_proj},
/// mlp/fc}, between /embed (Constant, Mul) and /head (Cast to float64, Mul, Cast back), then
/// /post/TopK (k from a Constant) and /gate/If (then: Identity, else: Neg of an outer tensor).
/// Inputs x: float32[batch,seq,8], flag: bool[]; outputs scores, ids (TopK), gated (If).
/// Opset 17. 8 + 7 * layers nodes in the main graph, 2 in the branches.
std::string ScopedModelBytes(int layers);

/// How many nodes (all graphs) ScopedModelBytes(layers) has.
int ScopedModelNodes(int layers);

}  // namespace ortkit::testing
