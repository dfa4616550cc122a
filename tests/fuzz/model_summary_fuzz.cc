// Fuzz target: `ortkit inspect`'s path. The wire-format scan (WireReader, ScanModel,
// SummarizeModelBytes), then, on what it accepts, ONNX shape inference on the payload-stripped
// model and both renderers. Every refusal must be an ortkit::Error; anything else escaping, a
// sanitizer report, or a huge allocation is a bug.
#include <sstream>

#include "fuzz/fuzz_target.h"
#include "graph/model_summary.h"
#include "ortkit/error.h"
#include "report/inspect_render.h"

namespace {

// A directory that never exists: external-data lookups (stat only) find nothing, whatever
// locations the input names.
const std::string kLabel = "/nonexistent-ortkit-fuzz/model.onnx";

void Render(const ortkit::graph::ModelSummary& summary, bool nodes) {
  std::ostringstream text;
  std::ostringstream json;
  ortkit::report::RenderInspectText(summary, text, {nodes});
  ortkit::report::RenderInspectJson(summary, json, {nodes});
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  try {
    const ortkit::graph::ModelSummary summary = ortkit::graph::SummarizeModelBytes(bytes, kLabel);
    Render(summary, false);
  } catch (const ortkit::Error&) {
    return 0;  // refused with a message: what a malformed model should get
  }
  try {
    ortkit::graph::SummaryOptions options;
    options.infer_shapes = true;
    const ortkit::graph::ModelSummary inferred = ortkit::graph::SummarizeModelBytes(bytes, kLabel, options);
    Render(inferred, true);
  } catch (const ortkit::Error&) {
  }
  return 0;
}
