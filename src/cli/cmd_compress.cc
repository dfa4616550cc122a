// `ortkit compress`: every compressed variant of a model (float16, quantize-dynamic,
// quantize-static) made, gated and measured against the original side by side; the best written.
#include <memory>
#include <sstream>
#include <string>

#include <CLI/CLI.hpp>

#include "cli/cli_common.h"
#include "cli/custom_op_flag.h"
#include "cli/lossy_pass_flags.h"
#include "cli/output.h"
#include "cli/progress.h"
#include "compress/compress_run.h"
#include "ortkit/error.h"
#include "report/compress_render.h"
#include "workload/dim_flag.h"

namespace ortkit::cli {
namespace {

constexpr const char* kNotes = R"(
Each variant is made by the `ortkit fix` pass of its name, one at a time, in a private scratch
directory: float16 (float32 inputs and outputs kept, Casts at the boundary), quantize-dynamic (int8
weights of MatMul/Gemm), and quantize-static (QDQ with activation ranges from --calibration DIR:
one subdirectory per input set, one .npy or .pb per input; without it the variant is skipped, since
ranges from random inputs mean nothing). Each is judged by fix's accuracy gate against the original
(--samples input sets: the --calibration sets when given, else seeded ones; per output cosine >=
--min-cosine, and for score outputs at most --max-top1-disagreement of rows whose argmax differs).
A variant that fails is measured and shown, but never chosen.

Latency: each variant is loaded beside the original in one process and the two run alternately
(--warmup untimed runs each, then --repeats blocks of --runs runs each); p50 and p99 are the medians
of the blocks' figures and the ratios the medians of the blocks' ratios, so drift in the machine's
speed touches both alike. This is done at 1 intra-op thread (1T) and at ONNX Runtime's default
thread count. Peak RSS and cold start (session creation + first run) come from fresh processes,
--cold-runs per variant, the variants taking turns.

Pareto-optimal rows (*) pass the gate, and no other row that passes is at least as good in all of
file size, p50 at 1 thread and peak RSS and better in one (p50 as the paired ratio to the original,
which is 1 for the original itself). -o writes the variant that passes the gate and is
best by --objective (p50 at 1 thread, file size or peak RSS); when none passes, nothing is written
and the exit status is 1. OUT is written atomically and replaces a file only with --force.
)";

constexpr const char* kExamples = R"(
Examples:
  ortkit compress model.onnx                                  the table: original, float16, quantize-dynamic
  ortkit compress model.onnx -o small.onnx --objective size   also write the smallest that passes the gate
  ortkit compress model.onnx --calibration calib/ -o q.onnx   add quantize-static, calibrated on calib/*/
  ortkit compress model.onnx --max-top1-disagreement 5% --samples 32 --json
  ortkit compress model.onnx --dim batch=1 --dim seq=128 --runs 50 --repeats 5 --report compress.txt
)";

struct Options {
  std::string model_path;
  std::string out_path;
  std::string objective = "p50";
  std::vector<std::string> dims;  // NAME=SIZE
  compress::CompressOptions compress;
  LossyPassFlags lossy;
  OutputOptions output;
};

std::string CheckObjectiveFlag(const std::string& text) {
  return compress::ParseObjective(text) ? "" : "expected p50, size or peak-memory, got '" + text + "'";
}

int Execute(Options& o, const Context& context) {
  CheckReportPath(o.output);
  o.compress.fix.force = o.output.force;
  o.compress.objective = *compress::ParseObjective(o.objective);  // CLI11 checked it
  o.lossy.Apply(o.compress.fix);
  o.compress.dims = workload::SingleSizes(workload::ParseDimFlags(o.dims), "compress");
  ProgressLine bar(context);
  compress::CompressEnvironment environment;
  environment.progress = [&bar](const std::string& what) { bar.Show("compress: " + what); };
  const compress::CompressReport report = compress::RunCompress(o.model_path, o.out_path, o.compress, environment);
  bar.Clear();
  std::ostringstream text;
  if (o.output.format == Format::kJson) {
    report::RenderCompressJson(report, text);
  } else {
    report::RenderCompressText(report, text);
  }
  EmitReport(context, o.output, text.str());
  return report.best.empty() ? kExitFindings : kExitOk;
}

Action Setup(CLI::App& app) {
  auto o = std::make_shared<Options>();
  compress::CompressOptions& c = o->compress;
  app.add_option("MODEL", o->model_path, "The ONNX model to compress (never written)")->required()->type_name("FILE");
  app.add_option("-o,--output", o->out_path, "Write the best variant that passes the gate here")->type_name("OUT");
  app.add_option("--objective", o->objective, "What -o's best means: p50 (default), size or peak-memory")
      ->type_name("p50|size|peak-memory")
      ->check(FlagCheck(CheckObjectiveFlag));
  AddCalibrationOptions(app, c.fix, o->lossy);
  AddGateOptions(app, c.fix.gate, o->lossy, "every variant");
  AddNodeSelectionOptions(app, c.fix.include_nodes, c.fix.exclude_nodes, "every variant");
  app.add_option("--dim", o->dims,
                 "Give the free dimension NAME this size in the gate's inputs, when timing and in the fresh "
                 "processes (repeatable; default: sizes that run, from 1)")
      ->type_name("NAME=SIZE")
      ->allow_extra_args(false)
      ->check(FlagCheck(workload::CheckDimFlag));
  app.add_option("--seed", c.fix.seed, "Seed of the random inputs (default 0)")->type_name("N");
  app.add_option("--runs", c.runs, "Timed runs per model in each latency block (default 20)")->type_name("N");
  app.add_option("--repeats", c.repeats, "Latency blocks per variant and thread setting (default 3)")->type_name("N");
  app.add_option("--warmup", c.warmup, "Untimed runs of each model before its latency blocks (default 3)")
      ->type_name("N");
  app.add_option("--cold-runs", c.cold_runs, "Fresh processes per variant for cold start and peak RSS (default 3)")
      ->type_name("N");
  app.add_option("--rss-runs", c.rss_runs, "Runs each fresh process makes after its cold start (default 5)")
      ->type_name("N");
  AddCustomOpLibraryOption(app, c.fix.custom_op_libraries);
  AddOutputOptions(app, o->output, {Format::kText, Format::kJson});
  app.footer(std::string(kNotes) + kExamples);
  return [o](const Context& context) { return Execute(*o, context); };
}

const CommandRegistration kRegistration{
    Command{"compress", "Make float16 and int8 variants of a model; gate, measure and compare them; write the best",
            Needs::kSession, Setup}};

}  // namespace
}  // namespace ortkit::cli
