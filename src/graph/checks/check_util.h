// Helpers shared by the check rules: op schemas at the model's opset, type strings, input-to-
// formal-parameter binding, and the wording of lists in messages.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include <onnx/defs/schema.h>

#include "graph/checks/rule.h"
#include "graph/graph_index.h"
#include "ortkit/findings.h"

namespace ortkit::graph {

/// A finding of `info`'s rule with its id and name filled in.
Finding NewFinding(const RuleInfo& info, Severity severity, const std::string& location_kind,
                   const std::string& location);

/// Whether a finding with this rule id and location already exists.
bool HasFinding(const std::vector<Finding>& findings, const std::string& rule_id, const std::string& location);

/// The domains whose schemas ONNX itself defines: "" (ai.onnx), ai.onnx.ml, ai.onnx.training,
/// ai.onnx.preview.training.
bool IsOnnxSchemaDomain(const std::string& domain);
/// ONNX Runtime's own operator domains (com.microsoft and its internal variants): ORT has kernels
/// there that ONNX has no schemas for.
bool IsOrtDomain(const std::string& domain);
/// The newest opset of `domain` that ortkit's ONNX library (1.12) has schemas for; 0 if none.
int LibraryMaxOpset(const std::string& domain);

/// The schema ONNX defines for the node at the opset the model imports for its domain; nullptr
/// when the domain is not imported or ONNX has no such op at that version.
const onnx::OpSchema* FindSchema(const GraphIndex& index, const onnx::NodeProto& node);

/// ONNX's spelling of a type: "tensor(float)", "seq(tensor(int64))"; "" when unknown or partial.
std::string TypeString(const onnx::TypeProto* type);

/// One present input of a node, matched to the schema's formal parameter.
struct InputBinding {
  int input = 0;            ///< position in node.input()
  std::string name;         ///< the tensor
  std::string type;         ///< TypeString of its type; "" when unknown
  std::string type_param;   ///< "T" for a type parameter, else the formal's own type ("tensor(int64)")
  bool is_type_param = false;
  /// Whether this input must share its type parameter's binding: false for the elements of a
  /// heterogeneous variadic parameter, which bind one by one.
  bool homogeneous = true;
  std::vector<std::string> allowed;  ///< the types the schema accepts here
};

/// The node's present inputs bound to `schema`'s formal parameters (a trailing variadic takes the
/// rest); inputs beyond the formals are left out (the checker reports arity, not these rules).
std::vector<InputBinding> BindInputs(const onnx::OpSchema& schema, const onnx::NodeProto& node,
                                     const GraphIndex& index, int graph);

/// "a, b, c": all of `names` when they are at most `max_shown`, else the first ones and
/// "and N more".
std::string ListNames(const std::vector<std::string>& names, std::size_t max_shown = 8);
/// "1 tensor", "3 tensors".
std::string CountOf(std::size_t n, const std::string& noun);
/// "'name'".
std::string Quoted(const std::string& name);

/// The command that applies fix `passes` to the model at `model_path`, writing fixed.onnx in the
/// current directory: "ortkit fix MODEL -o fixed.onnx --pass P1 --pass P2 FLAGS...", shell-quoted.
std::string FixCommandLine(const std::string& model_path, const std::vector<std::string>& passes,
                           const std::vector<std::string>& flags = {});

/// Fills in the command of every finding with a fix pass (see Finding::command): on a model with
/// errors (what ORT refuses), each command also applies the errors' passes, and when some error
/// has no pass, no fix command is given.
/// Every command gets --custom-op-library for each of `custom_op_libraries`, so that its
/// verification loads the original as check did.
void AddFixCommands(const std::string& model_path, std::vector<Finding>& findings,
                    const std::vector<std::string>& custom_op_libraries = {});

}  // namespace ortkit::graph
