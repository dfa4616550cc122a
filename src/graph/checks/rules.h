// The built-in check rules: one factory per rule (one rule per file in this directory), and the
// ids and names other rules refer to.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "graph/checks/rule.h"

namespace ortkit::graph {

// Ids are stable: never renumbered, never reused. Rule ORTKIT010 files ORT's load errors under
// the id of the static rule that describes the same problem, hence these constants.
inline constexpr const char* kInitializerInInputsId = "ORTKIT001";
inline constexpr const char* kTypeConflictId = "ORTKIT002";
inline constexpr const char* kUnsupportedTypeId = "ORTKIT003";
inline constexpr const char* kUnknownOpId = "ORTKIT004";
inline constexpr const char* kOpsetId = "ORTKIT005";
inline constexpr const char* kFloat64Id = "ORTKIT006";
inline constexpr const char* kPostProcessingId = "ORTKIT007";
inline constexpr const char* kDynamicDimsId = "ORTKIT008";
inline constexpr const char* kOrtLoadId = "ORTKIT010";
inline constexpr const char* kHygieneId = "ORTKIT011";

/// ORTKIT001 initializer-in-inputs: initializers also listed as graph inputs (any graph).
std::unique_ptr<Rule> MakeInitializerInInputsRule();
/// ORTKIT002 type-conflict: one type parameter bound to two types in a node (ORT refuses it).
std::unique_ptr<Rule> MakeTypeConflictRule();
/// ORTKIT003 unsupported-type: an input type outside what the op's schema allows.
std::unique_ptr<Rule> MakeUnsupportedTypeRule();
/// ORTKIT004 unknown-op: ops no registry knows, custom domains without a kernel.
std::unique_ptr<Rule> MakeUnknownOpRule();
/// ORTKIT005 opset: opsets this ORT does not support, ops newer (or removed) than the opset.
std::unique_ptr<Rule> MakeOpsetRule();
/// ORTKIT006 float64: float64 tensors and the nodes computing on them, one finding per graph.
std::unique_ptr<Rule> MakeFloat64Rule();
/// ORTKIT007 post-processing: NonZero, NMS, TopK, ... near the outputs, with where to cut.
std::unique_ptr<Rule> MakePostProcessingRule();
/// ORTKIT008 dynamic-dims: free input dims, unresolved output shapes, shape inference errors.
std::unique_ptr<Rule> MakeDynamicDimsRule();
/// The ops of custom domains (neither ONNX's nor ONNX Runtime's, nor model-local functions) that
/// the model uses, in first-use order, each with the locations of the nodes using it.
struct CustomOpUse {
  std::string domain;
  std::string op;
  std::vector<std::string> nodes;
};
std::vector<CustomOpUse> CustomDomainOps(const CheckContext& context);

/// ORTKIT010 ort-load: creates a session (ort_load.h); needs ORT.
std::unique_ptr<Rule> MakeOrtLoadRule();
/// ORTKIT011 hygiene: unused/duplicate initializers, Identity chains, dead nodes, names.
std::unique_ptr<Rule> MakeHygieneRule();

}  // namespace ortkit::graph
