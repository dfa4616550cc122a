// Verification of a fix: the original and the fixed model on the same seeded inputs.
#include "graph/fix_verify.h"

#include <optional>

#include "ortkit/error.h"
#include "ortkit/model.h"

namespace ortkit::graph {
namespace {

// Runs `step`; on an ortkit::Error records "<what>: <message>" as the failure and returns false.
template <typename Step>
bool Try(Verification& v, const std::string& what, Step step) {
  try {
    step();
    return true;
  } catch (const Error& e) {
    v.failure = what + ": " + e.what();
    return false;
  }
}

}  // namespace

Verification VerifyFix(const std::string& original_path, const FixedModelSource& fixed, const FixOptions& options) {
  Verification v;
  v.ran = true;
  v.tolerance = options.tolerance;
  v.seed = options.seed;
  std::optional<Model> fixed_model, original_model;
  PairedInputs inputs;
  NamedValues fixed_out, original_out;
  const bool compared =
      Try(v, "the fixed model does not load in ONNX Runtime",
          [&] { fixed_model = LoadFixedModel(fixed, {}); }) &&
      Try(v, "the original model does not load in ONNX Runtime, so there is nothing to compare with",
          [&] { original_model = Model::Load(original_path); }) &&
      Try(v, "cannot make seeded inputs", [&] { inputs = MakePairedInputs(*fixed_model, *original_model, options.seed, original_path); }) &&
      Try(v, "the original model fails on the seeded inputs", [&] { original_out = original_model->run(inputs.original); }) &&
      Try(v, "the fixed model fails on the seeded inputs",
          [&] { fixed_out = WidenLikeOriginal(fixed_model->run(inputs.fixed), *original_model); });
  v.inputs = inputs.described;
  if (!compared) return v;
  v.comparison = compare::CompareOutputs(fixed_out, original_out, options.tolerance);
  v.passed = v.comparison.pass;
  return v;
}

}  // namespace ortkit::graph
