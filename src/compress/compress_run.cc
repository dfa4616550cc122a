// `ortkit compress` as a library call: make, gate, measure, choose and write.
#include "compress/compress_run.h"

#include <algorithm>
#include <filesystem>

#include <fmt/format.h>

#include "bench/stats.h"
#include "compress/fresh_process.h"
#include "compress/pareto.h"
#include "compress/variant_latency.h"
#include "core/atomic_file.h"
#include "core/scratch_dir.h"
#include "graph/fix_engine.h"
#include "ortkit/error.h"
#include "ortkit/model.h"

namespace ortkit::compress {
namespace {

namespace fs = std::filesystem;

constexpr const char* kNoCalibration =
    "no --calibration DIR: static quantization needs calibration inputs (activation ranges from random inputs "
    "mean nothing)";

void Progress(const CompressEnvironment& environment, const std::string& text) {
  if (environment.progress) environment.progress(text);
}

// The gate's figures in one row: the worst cosine and top-1 disagreement over the outputs, and
// the first failing output's reason.
void Summarize(const compare::GateResult& gate, VariantResult& row) {
  for (const auto& o : gate.outputs) {
    row.min_cosine = std::min(row.min_cosine, o.cosine);
    if (o.scores) row.worst_top1_disagreement = std::max(row.worst_top1_disagreement, o.top1_disagreement());
    if (!o.pass && row.gate_failure.empty()) row.gate_failure = o.name + ": " + o.failure;
  }
}

// Makes one variant with its fix pass; the row says why when it can't be measured.
VariantResult MakeVariant(const std::string& model_path, const std::string& pass, const std::string& out_path,
                          const CompressOptions& options) {
  VariantResult row;
  row.name = pass;
  if (pass == "quantize-static" && options.fix.calibration_dir.empty()) {
    row.skipped = kNoCalibration;
    return row;
  }
  graph::FixOptions fix = options.fix;
  fix.passes = {pass};
  fix.verify_dims = options.dims;  // judged at the sizes it is timed at
  fix.keep_unverified = true;  // a variant that fails the gate is still measured and reported
  fix.force = true;            // the scratch directory is ours
  fix.verify = true;
  fix.bench = false;
  graph::FixReport report;
  try {
    report = graph::FixModel(model_path, out_path, fix);
  } catch (const Error& e) {
    row.skipped = e.what();
    return row;
  }
  if (!report.changed()) {
    row.skipped = "the pass found nothing to rewrite: the variant would be the original";
  } else if (!report.verification.failure.empty()) {
    row.skipped = report.verification.failure;
  } else if (!report.written) {
    row.skipped = "the fix engine did not write the variant";
  }
  if (!row.measured()) return row;
  row.file_bytes = fs::file_size(out_path);
  row.gate = report.verification.gate;
  row.passes_gate = report.verification.passed;
  if (row.gate) Summarize(*row.gate, row);
  if (!row.passes_gate && row.gate_failure.empty()) row.gate_failure = "the accuracy gate was not run";
  return row;
}

void MeasureLatencies(const std::string& model_path, const std::string& scratch, const CompressOptions& options,
                      const CompressEnvironment& environment, std::vector<VariantResult>& rows) {
  VariantResult& original = rows.front();
  for (int threads : {1, 0}) {
    std::vector<double> p50, p99;
    for (std::size_t i = 1; i < rows.size(); ++i) {
      if (!rows[i].measured()) continue;
      Progress(environment, fmt::format("{}: latency against the original, {}", rows[i].name,
                                        threads == 1 ? "1 intra-op thread" : "default threads"));
      const PairedLatency paired =
          MeasurePairedLatency(model_path, scratch + "/" + rows[i].name + ".onnx", threads, options);
      (threads == 1 ? rows[i].one_thread : rows[i].default_threads) = paired.variant;
      p50.push_back(paired.original.p50_ms);
      p99.push_back(paired.original.p99_ms);
    }
    Latency& o = threads == 1 ? original.one_thread : original.default_threads;
    o.intra_op_threads = threads;
    // The original was timed beside each variant: its figure is the median over those pairings.
    o.p50_ms = bench::Median(p50);
    o.p99_ms = bench::Median(p99);
  }
}

}  // namespace

CompressReport RunCompress(const std::string& model_path, const std::string& output_path,
                           const CompressOptions& options, const CompressEnvironment& environment) {
  options.Validate();
  std::error_code same_error;
  if (!output_path.empty() && fs::equivalent(model_path, output_path, same_error)) {
    throw Error(ErrorCategory::kIo, "-o '" + output_path + "' is the input model: compress never writes its input");
  }
  if (!output_path.empty()) {
    core::CheckWritable(output_path, options.fix.force ? core::Overwrite::kReplace : core::Overwrite::kRefuse, "-o");
  }
  CompressReport report;
  report.model_path = model_path;
  report.output_path = output_path;
  report.options = options;
  {
    // Refused here, in one line, rather than once per variant inside each fix.
    Progress(environment, "loading the original");
    SessionConfig config;
    config.custom_op_libraries = options.fix.custom_op_libraries;
    Model::Load(model_path, config);
  }
  const core::ScratchDir scratch("compress");
  VariantResult original;
  original.name = kOriginal;
  original.file_bytes = fs::file_size(model_path);
  original.passes_gate = true;
  report.variants.push_back(original);
  for (const auto& pass : VariantPasses()) {
    if (pass != "quantize-static" || !options.fix.calibration_dir.empty()) {
      Progress(environment, pass + ": rewrite and accuracy gate");
    }
    report.variants.push_back(MakeVariant(model_path, pass, scratch.File(pass + ".onnx"), options));
  }
  const bool any = std::any_of(report.variants.begin() + 1, report.variants.end(),
                               [](const VariantResult& v) { return v.measured(); });
  if (any) {
    MeasureLatencies(model_path, scratch.path(), options, environment, report.variants);
    std::vector<std::string> paths;
    std::vector<VariantResult*> measured;
    for (auto& v : report.variants) {
      if (!v.measured()) continue;
      paths.push_back(v.name == kOriginal ? model_path : scratch.File(v.name + ".onnx"));
      measured.push_back(&v);
    }
    const auto figures = MeasureFreshProcesses(paths, options, environment.executable, environment.progress);
    for (std::size_t i = 0; i < measured.size(); ++i) {
      measured[i]->cold_start_ms = figures[i].cold_start_ms;
      measured[i]->peak_rss_mib = figures[i].peak_rss_mib;
    }
  } else {
    report.notes.push_back("no compressed variant could be made: nothing was measured");
  }
  if (options.runs < 100) {
    report.notes.push_back(fmt::format("p99 from {} runs per repeat is close to the slowest run", options.runs));
  }
  MarkPareto(report.variants);
  report.best = ChooseBest(report.variants, options.objective);
  if (!report.best.empty()) {
    const VariantResult& best = *report.Find(report.best);
    const double ours = ObjectiveValue(best, options.objective);
    const double theirs = ObjectiveValue(report.variants.front(), options.objective);
    if (theirs > 0 && ours >= theirs) {
      report.notes.push_back(fmt::format("{}, the best that passes the gate by {}, is no better than the original "
                                         "by it ({:.2f}x)",
                                         best.name, ToString(options.objective), ours / theirs));
    }
    if (!output_path.empty()) {
      core::WriteFileAtomically(output_path, core::ReadWholeFile(scratch.File(best.name + ".onnx")),
                                options.fix.force ? core::Overwrite::kReplace : core::Overwrite::kRefuse);
      report.written = true;
    }
  }
  return report;
}

}  // namespace ortkit::compress
