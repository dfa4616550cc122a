// What ONNX shape inference (ONNX 1.12, Debian's) can be run on without crashing: its inference
// functions trust nodes to match their schemas, and its data propagation trusts Shape's input to
// have a type. A hostile or broken model breaks both with a SIGSEGV, not an exception. These
// checks judge the model as written; guarded_schemas.h judges what inference derives.
#pragma once

#include <string>

#include <onnx/onnx_pb.h>

namespace ortkit::graph {

/// Why ONNX shape inference must not run on `model`, or "" when it may: the first node (main
/// graph or subgraph) whose ONNX schema it breaks in a way inference functions don't check:
/// fewer or more inputs or outputs than the schema allows, or a required attribute missing or of
/// another type ("node 'scan' (Scan): required attribute 'num_scan_inputs' is missing"), or
/// strides, dilations or kernel_shape values that are not positive (inference divides by them).
/// Nodes without a schema (custom ops) are not judged. Never throws for the model's content.
std::string InferenceBlocker(const onnx::ModelProto& model);

/// True when every Shape node's input (main graph and subgraphs) has a type once lenient
/// inference without data propagation has run on a copy: then data propagation is safe. A Shape
/// reading an undeclared name or a custom op's output has none, and ONNX 1.12's propagation for
/// Shape dereferences it unchecked. Callers infer without data propagation when false. Call it
/// only on a model InferenceBlocker accepts.
bool DataPropagationIsSafe(const onnx::ModelProto& model);

}  // namespace ortkit::graph
