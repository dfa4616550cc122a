// ONNX's operator schemas, with a check in front of the inference functions of ONNX 1.12 that
// trust the shapes inference hands them. ConvTranspose's, for one, reads the weight's second dim
// and one kernel dim per spatial axis without looking at the weight's rank: a hostile model (or a
// broken export) makes it read out of bounds, a SIGSEGV that no try/catch can turn into an error.
// InferenceBlocker (inference_guard.h) judges what is in the model itself; these checks judge
// what inference derived, node by node, which only the inference function's own context sees.
#pragma once

#include <onnx/defs/schema.h>

namespace ortkit::graph {

/// The registry to hand onnx::shape_inference::InferShapes instead of OpSchemaRegistry::Instance():
/// the same schemas, except that a guarded op whose inputs would crash ONNX's inference function
/// fails that node's inference with an onnx::InferenceError that names what it found ("ConvTranspose:
/// the weight has rank 2, the input rank 4: ..."). ONNX then skips the node (lenient) or reports the
/// error (strict), as for any other inference error. Thread-safe; lives as long as the process.
const onnx::ISchemaRegistry* GuardedSchemas();

}  // namespace ortkit::graph
