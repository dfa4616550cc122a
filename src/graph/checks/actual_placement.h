// Where ONNX Runtime really puts the nodes, for the providers this build runs (CPU, WebGPU), as
// findings of the provider-coverage rule, compared with the op table's prediction.
#pragma once

#include <string>
#include <vector>

#include "graph/checks/coverage_analysis.h"
#include "graph/checks/rule.h"
#include "ortkit/placement.h"

namespace ortkit::graph {

/// One node the op table and ORT disagree on.
struct PlacementDisagreement {
  std::string node;
  std::string op_type;
  bool table_takes = false;    ///< the table says the provider takes it
  std::string ort_provider;    ///< where ORT placed it
};

/// The nodes of `predicted` (by name; unnamed nodes and nodes ORT renamed or fused are not
/// comparable) whose table verdict differs from `actual`: taken, but ORT placed it elsewhere than
/// `ort_provider`, or not taken, yet ORT placed it there. In `predicted`'s order.
std::vector<PlacementDisagreement> CompareWithTable(const CoverageResult& predicted, const onnx::GraphProto& main,
                                                    const std::vector<NodePlacement>& actual,
                                                    const std::string& ort_provider);

/// Reads ORT's placement of the model on `provider` (canonical name; the caller checked that it
/// is usable here) and appends findings: where the nodes went, the ones that fell back to CPU and
/// the Memcpy nodes ORT inserted, and, for WebGPU, where ORT and the op table disagree. A model
/// ORT can't load gives no finding (the ort-load rule reports it).
void AddActualPlacementFindings(const CheckContext& context, const RuleInfo& info, const std::string& provider,
                                std::vector<Finding>& findings);

}  // namespace ortkit::graph
