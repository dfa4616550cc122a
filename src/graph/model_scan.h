// ScanModel: the wire-format walk behind SummarizeModel (ModelProto -> GraphProto -> nodes,
// tensors, types), skipping every tensor payload.
#pragma once

#include <string>
#include <string_view>

#include "graph/model_summary.h"

namespace ortkit::graph {

/// Fills `summary` from the serialized ModelProto `bytes` (all but path, file_size and inferred
/// types). External-data files are looked up in `model_dir` (stat only). `label` names the file in
/// errors and must outlive the call. Throws Error(kLoad) on malformed input or a model with no graph.
void ScanModel(std::string_view bytes, std::string_view label, const std::string& model_dir, ModelSummary* summary);

}  // namespace ortkit::graph
