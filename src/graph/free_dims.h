// The free dimensions of a model's inputs, and sizing them (--dim) before ONNX shape inference,
// so that `inspect` shows shapes and costs at the sizes a caller will run.
#pragma once

#include <string>
#include <vector>

#include <onnx/onnx_pb.h>

#include "graph/model_summary.h"

namespace ortkit::graph {

/// The keys of the free dimensions of `main`'s inputs (initializers listed as inputs left out):
/// the symbol ("batch"), or "INPUT:AXIS" for an unnamed one; in input order, each once.
std::vector<std::string> FreeDimKeys(const GraphSummary& main);

/// Throws Error(kInput) for a size no free dimension of `main`'s inputs takes, worded as the
/// other subcommands word it: "--dim seq=8: the model has no free dimension 'seq' (its free
/// dimensions: batch)", "--dim x:0=2: that dimension is named 'batch'; use --dim batch=2", ...
void CheckDimSizes(const GraphSummary& main, const FreeDimSizes& sizes);

/// Writes the sizes into the main graph of `model`: every free dim of its inputs, value_info and
/// outputs whose symbol is a key becomes that fixed size, and unnamed free dims of its inputs
/// keyed "INPUT:AXIS" too. Keys matching nothing are ignored (CheckDimSizes reports them).
void ApplyDimSizes(const FreeDimSizes& sizes, onnx::ModelProto* model);

}  // namespace ortkit::graph
