// Inputs that make sense by default: what ortkit reads from the graph about an input's values,
// so that a workload without --input or --value still describes something a user runs.
//
//   - A lengths input (integer, rank 1, its one dimension another input's batch dimension, and a
//     name that says length: len, lens, length, lengths, seq_len) holds that input's varying free
//     dimension: speech_lengths = T.
//   - An integer input that Gather uses as indices (an embedding) is drawn from [0, rows), rows
//     being the size of the gathered axis, so token ids stay below the vocabulary size.
//   - A boolean input (a mask) is all true.
#pragma once

#include <string>
#include <vector>

#include <onnx/onnx_pb.h>

#include "ortkit/value_spec.h"
#include "workload/inputs.h"
#include "workload/value_rule.h"

namespace ortkit::workload {

/// The guesses for `inputs` (the model's inputs as ORT or the graph declares them) from `graph`,
/// in `inputs` order, each with ValueRule::guess saying why.
std::vector<ValueRule> GuessValueRules(const onnx::GraphProto& graph, const std::vector<ValueSpec>& inputs);

/// GuessValueRules on the model at `path`, read without its weights' payloads (only the shapes
/// of initializers matter). Throws Error(kLoad) as graph::ReadModel does.
std::vector<ValueRule> GuessValueRulesForFile(const std::string& path, const std::vector<ValueSpec>& inputs);

/// Appends to request->values the guesses for `model_path` (GuessValueRulesForFile) whose inputs
/// neither a rule nor a file of the request gives.
void AddGuesses(const std::string& model_path, const std::vector<ValueSpec>& specs, InputRequest* request);

/// Each guess of `values` in words ("speech_lengths = T (a lengths input; override with --value)").
std::vector<std::string> DescribeGuesses(const std::vector<ValueRule>& values);

/// Whether `name` says it holds lengths ("speech_lengths", "x_lens", "seq_len", "input_length").
bool NameSaysLength(const std::string& name);

}  // namespace ortkit::workload
