// Renderers of `ortkit extract`'s result: what was written, and the new graph's signature.
#pragma once

#include <ostream>
#include <string>

#include "graph/extract.h"

namespace ortkit::report {

/// "wrote head.onnx: 4 of 9 nodes, 2 initializers", then the inputs and outputs with their types.
void RenderExtractText(const graph::ExtractResult& result, const std::string& path, std::ostream& out);

/// One JSON object: {"model", "nodes", "nodes_total", "initializers", "inputs": [{"name", "type"}],
/// "outputs": [...]}; a type is "float32[batch,16,32,32]", "non-tensor", or null when undeclared.
void RenderExtractJson(const graph::ExtractResult& result, const std::string& path, std::ostream& out);

}  // namespace ortkit::report
