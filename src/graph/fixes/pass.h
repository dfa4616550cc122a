// The fix engine's pass interface: one pass per file in src/graph/fixes/, listed in
// all_passes.cc in the order they run.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <onnx/onnx_pb.h>

#include "graph/fixes/fix_changes.h"
#include "graph/fixes/fix_options.h"

namespace ortkit::graph {

struct FixPassInfo {
  std::string name;     ///< "remove-unused": what --pass takes
  std::string summary;  ///< one line for `ortkit fix --help` and the report
  bool default_on = false;  ///< runs when no --pass is given
  /// Changes numerics on purpose (quantization, float16): verified by the accuracy gate
  /// (compare/accuracy_gate.h) instead of the element-wise tolerance.
  bool lossy = false;
};

class FixPass {
 public:
  virtual ~FixPass() = default;
  virtual const FixPassInfo& info() const = 0;
  /// Rewrites `model` in place and says what changed. The model holds its weights inline (read
  /// with load_external_data). A model that needs nothing from the pass is left unchanged, with
  /// zero counts. Throws Error(kConfig) for options that don't fit the model (an unknown --dim
  /// symbol), Error(kLoad) for a model the pass cannot rewrite, naming the node or tensor.
  virtual FixChanges Apply(onnx::ModelProto& model, const FixOptions& options) const = 0;
};

/// Every pass, in the order they run (all_passes.cc).
std::vector<std::unique_ptr<FixPass>> AllPasses();

/// The pass named `name`; throws Error(kConfig) listing the pass names when there is none.
std::unique_ptr<FixPass> FindPass(const std::string& name);

/// The names of the passes that run when none are asked for, in order.
std::vector<std::string> DefaultPassNames();

// One factory per pass file.
std::unique_ptr<FixPass> MakeRemoveInitializersFromInputsPass();
std::unique_ptr<FixPass> MakeDecomposeDeformableConvPass();
std::unique_ptr<FixPass> MakeFloat64ToFloat32Pass();
std::unique_ptr<FixPass> MakeFixDimsPass();
std::unique_ptr<FixPass> MakeRemoveUnusedPass();
std::unique_ptr<FixPass> MakeOrtOptimizePass();
std::unique_ptr<FixPass> MakeQuantizeDynamicPass();
std::unique_ptr<FixPass> MakeQuantizeStaticPass();
std::unique_ptr<FixPass> MakeFloat16Pass();

}  // namespace ortkit::graph
