// The list of fix passes, in the order they run.
#include "graph/fixes/pass.h"
#include "ortkit/error.h"

namespace ortkit::graph {

// The order matters: initializers leave the inputs first (so float64 weights count as weights,
// not as interface, and a deformable convolution's weight is a constant), custom ops are rewritten
// before anything that needs ORT to load the model, dims are fixed before dead code is removed,
// and ORT optimises last, on the cleaned graph (its constant folding needs the weights out of the
// inputs).
std::vector<std::unique_ptr<FixPass>> AllPasses() {
  std::vector<std::unique_ptr<FixPass>> passes;
  passes.push_back(MakeRemoveInitializersFromInputsPass());
  passes.push_back(MakeDecomposeDeformableConvPass());
  passes.push_back(MakeFloat64ToFloat32Pass());
  passes.push_back(MakeFixDimsPass());
  passes.push_back(MakeRemoveUnusedPass());
  // Compression after the clean-up (no dead weights quantized), before ORT optimises: ORT's
  // fusions are what make quantized MatMuls fast, and float16 must see quantize-dynamic's result.
  passes.push_back(MakeQuantizeDynamicPass());
  passes.push_back(MakeQuantizeStaticPass());
  passes.push_back(MakeFloat16Pass());
  passes.push_back(MakeOrtOptimizePass());
  return passes;
}

std::unique_ptr<FixPass> FindPass(const std::string& name) {
  std::string known;
  for (auto& pass : AllPasses()) {
    if (pass->info().name == name) return std::move(pass);
    known += (known.empty() ? "" : ", ") + pass->info().name;
  }
  throw Error(ErrorCategory::kConfig, "unknown pass '" + name + "'; the passes are: " + known);
}

std::vector<std::string> DefaultPassNames() {
  std::vector<std::string> names;
  for (const auto& pass : AllPasses()) {
    if (pass->info().default_on) names.push_back(pass->info().name);
  }
  return names;
}

}  // namespace ortkit::graph
