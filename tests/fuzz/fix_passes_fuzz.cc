// Fuzz target: the graph-rewriting fix passes (src/graph/fixes/) on a parsed model, as
// `ortkit fix` applies them, minus what needs ONNX Runtime (ort-optimize, verification). Every
// free dimension of the graph inputs is fixed to 1, so fix-dims has work. A pass may refuse a
// model with an ortkit::Error; as in the fix engine, a result that fails onnx::checker when the
// original passed means a pass went wrong, and aborts.
#include "fuzz/fuzz_target.h"
#include "graph/fix_engine.h"
#include "graph/fixes/pass.h"
#include "graph/model_builder.h"
#include "graph/model_file.h"
#include "ortkit/error.h"

namespace {

ortkit::graph::FixOptions OptionsFor(const onnx::ModelProto& model, std::size_t size) {
  ortkit::graph::FixOptions options;
  options.convert_io = size % 2 == 1;  // both float64 boundary policies, chosen by the input
  for (const auto& input : model.graph().input()) {
    if (!input.type().has_tensor_type()) continue;
    for (const auto& dim : input.type().tensor_type().shape().dim()) {
      if (dim.has_dim_param() && !dim.dim_param().empty()) options.dims[dim.dim_param()] = 1;
    }
  }
  return options;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  onnx::ModelProto model;
  try {
    model = ortkit::graph::ParseModel(ortkit::fuzz::Bytes(data, size), "fuzz.onnx");
  } catch (const ortkit::Error&) {
    return 0;
  }
  // The fix engine loads external data before any pass runs; the fuzzer has no data files.
  if (ortkit::graph::HasExternalData(model)) return 0;

  const ortkit::graph::FixOptions options = OptionsFor(model, size);
  const bool checker_passed = ortkit::graph::CheckerError(model).empty();
  for (const auto& pass : ortkit::graph::AllPasses()) {
    if (pass->info().name == "ort-optimize") continue;  // an ORT session
    if (pass->info().name == "fix-dims" && options.dims.empty()) continue;
    try {
      pass->Apply(model, options);
    } catch (const ortkit::Error&) {
      return 0;
    }
  }
  if (checker_passed) {
    const std::string error = ortkit::graph::CheckerError(model);
    if (!error.empty()) ortkit::fuzz::Violation("the fixed model fails onnx::checker, the original passed: " + error);
  }
  (void)ortkit::graph::SerializeModel(model);
  return 0;
}
