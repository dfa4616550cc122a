// Fuzz target: `ortkit profile`'s reading of ONNX Runtime's trace JSON (ParseOrtProfile), the
// summary built from it (runs, per-op, per-node, per-provider times, Memcpy and CPU fallback),
// the difference of two summaries, and every renderer of both.
#include <sstream>

#include "fuzz/fuzz_target.h"
#include "ortkit/error.h"
#include "profile/profile_diff.h"
#include "profile/profile_summary.h"
#include "profile/profile_trace.h"
#include "report/profile_render.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  ortkit::profile::ProfileTrace trace;
  try {
    trace = ortkit::profile::ParseOrtProfile(ortkit::fuzz::Bytes(data, size), "fuzz.json");
  } catch (const ortkit::Error&) {
    return 0;
  }
  ortkit::profile::ProfileRun run;
  run.summary = ortkit::profile::Summarize(trace);
  run.providers = {"WebGpuExecutionProvider", "CPUExecutionProvider"};
  const ortkit::profile::ProfileSummary judged = ortkit::profile::Summarize(trace, {"WebGpuExecutionProvider"});
  const ortkit::profile::ProfileDiff diff = ortkit::profile::DiffProfiles(run.summary, judged);
  std::ostringstream out;
  using ortkit::report::Format;
  for (const Format format : {Format::kText, Format::kJson, Format::kCsv, Format::kMarkdown}) {
    ortkit::report::RenderProfile(run, 5, format, out);
    ortkit::report::RenderProfileDiff(diff, 0, format, out);
  }
  return 0;
}
