// Renderers of `ortkit compress`'s report: one aligned table for people, JSON for tools.
#include "report/compress_render.h"

#include <cmath>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "report/gate_json.h"
#include "report/human_size.h"
#include "report/text_table.h"
#include "workload/dim_flag.h"

namespace ortkit::report {
namespace {

using compress::CompressReport;
using compress::Latency;
using compress::VariantResult;
using Json = nlohmann::ordered_json;  // keys in the order written, for people reading the output

constexpr const char* kParetoOver =
    "Pareto-optimal over file size, p50 at 1 intra-op thread (as the ratio to the original) and peak RSS, among "
    "the variants that pass the gate";

// "0.48x" against the original; nothing on the original's own row, where it is 1 by definition.
std::string Ratio(const VariantResult& v, double ratio) {
  return v.name == compress::kOriginal ? "" : fmt::format(" {:.2f}x", ratio);
}

double Over(double a, double b) { return b > 0 ? a / b : 0; }

std::string MsCell(const VariantResult& v, double ms, double ratio) {
  return fmt::format("{:.3f} ms{}", ms, Ratio(v, ratio));
}

std::string GateCell(const VariantResult& v) {
  if (v.name == compress::kOriginal) return "reference";
  return v.passes_gate ? "pass" : "FAIL";
}

std::string TopOneCell(const VariantResult& v) {
  if (!v.gate) return "-";
  bool scores = false;
  for (const auto& o : v.gate->outputs) scores = scores || o.scores;
  return scores ? fmt::format("{:.1f}%", 100 * v.worst_top1_disagreement) : "no scores";
}

// Where the gate's samples came from: the calibration sets when the fix engine used them, else seeds.
std::string GateInputs(const CompressReport& report) {
  for (const auto& v : report.variants) {
    if (v.gate && !v.gate->inputs.empty()) return "from " + v.gate->inputs;
  }
  return fmt::format("from seed {}", report.options.fix.seed);
}

void RenderTable(const CompressReport& report, std::ostream& out) {
  TextTable table({"variant", "size", "p50 1T", "p99 1T", "p50 default", "p99 default", "peak RSS", "cold start",
                   "min cosine", "top-1 flips", "gate"},
                  {false, true, true, true, true, true, true, true, true, true, false});
  const VariantResult& original = report.variants.front();
  for (const auto& v : report.variants) {
    if (!v.measured()) continue;
    table.AddRow({v.name + (v.pareto ? " *" : ""),
                  HumanBytes(v.file_bytes) + Ratio(v, Over(static_cast<double>(v.file_bytes),
                                                           static_cast<double>(original.file_bytes))),
                  MsCell(v, v.one_thread.p50_ms, v.one_thread.p50_ratio),
                  MsCell(v, v.one_thread.p99_ms, v.one_thread.p99_ratio),
                  MsCell(v, v.default_threads.p50_ms, v.default_threads.p50_ratio),
                  MsCell(v, v.default_threads.p99_ms, v.default_threads.p99_ratio),
                  fmt::format("{:.1f} MiB{}", v.peak_rss_mib, Ratio(v, Over(v.peak_rss_mib, original.peak_rss_mib))),
                  MsCell(v, v.cold_start_ms, Over(v.cold_start_ms, original.cold_start_ms)),
                  v.gate ? fmt::format("{:.5f}", v.min_cosine) : "-", TopOneCell(v), GateCell(v)});
  }
  table.Render(out);
}

}  // namespace

void RenderCompressText(const CompressReport& report, std::ostream& out) {
  const auto& o = report.options;
  const auto& g = o.fix.gate;
  out << "model    " << report.model_path << "\n";
  out << fmt::format("gate     cosine >= {}, top-1 disagreement <= {}%, {} samples {}\n", g.min_cosine,
                     100 * g.max_top1_disagreement, g.samples, GateInputs(report));
  out << fmt::format(
      "latency  p50/p99{}: median of {} repeats of {} runs, each variant alternating with the original in one "
      "process after {} warm-up runs; 1T: 1 intra-op thread, default: ONNX Runtime's thread count; ratios against "
      "the original in the same repeats\n",
      o.dims.empty() ? "" : " at " + workload::SizesLabel(o.dims), o.repeats, o.runs, o.warmup);
  out << fmt::format("memory   peak RSS and cold start (session creation + first run): median of {} fresh "
                     "process{} per variant, each running the model {} times after its cold start\n\n",
                     o.cold_runs, o.cold_runs == 1 ? "" : "es", o.rss_runs);
  RenderTable(report, out);
  out << "\n* " << kParetoOver << "\n";
  for (const auto& v : report.variants) {
    if (!v.measured()) out << "skipped  " << v.name << ": " << v.skipped << "\n";
  }
  for (const auto& v : report.variants) {
    if (v.measured() && !v.passes_gate) out << "fails    " << v.name << ": " << v.gate_failure << "\n";
  }
  if (report.best.empty()) {
    out << "best     none: no compressed variant passes the gate"
        << (report.output_path.empty() ? "" : "; nothing written to " + report.output_path) << "\n";
  } else {
    out << "best     " << report.best << " (by " << ToString(o.objective) << ")"
        << (report.written ? ", written to " + report.output_path : "") << "\n";
  }
  for (const auto& note : report.notes) out << "note     " << note << "\n";
}

namespace {

Json Number(double v) { return std::isfinite(v) ? Json(v) : Json(nullptr); }

Json LatencyJson(const Latency& l) {
  return Json{{"intra_op_threads", l.intra_op_threads}, {"p50_ms", l.p50_ms},       {"p99_ms", l.p99_ms},
              {"p50_ratio", Number(l.p50_ratio)},       {"p99_ratio", Number(l.p99_ratio)},
              {"p50_ratio_noise", Number(l.p50_ratio_noise)}};
}

Json VariantJson(const VariantResult& v, const VariantResult& original) {
  Json doc{{"name", v.name}, {"measured", v.measured()}, {"skipped", v.skipped}};
  if (!v.measured()) return doc;
  doc["file_bytes"] = v.file_bytes;
  doc["size_ratio"] = Over(static_cast<double>(v.file_bytes), static_cast<double>(original.file_bytes));
  doc["latency"] = Json::array({LatencyJson(v.one_thread), LatencyJson(v.default_threads)});
  doc["peak_rss_mib"] = v.peak_rss_mib;
  doc["peak_rss_ratio"] = Over(v.peak_rss_mib, original.peak_rss_mib);
  doc["cold_start_ms"] = v.cold_start_ms;
  doc["cold_start_ratio"] = Over(v.cold_start_ms, original.cold_start_ms);
  doc["passes_gate"] = v.passes_gate;
  doc["gate_failure"] = v.gate_failure;
  doc["min_cosine"] = v.gate ? Number(v.min_cosine) : Json(nullptr);
  doc["worst_top1_disagreement"] = v.gate ? Json(v.worst_top1_disagreement) : Json(nullptr);
  doc["accuracy"] = v.gate ? AccuracyGateJson(*v.gate) : Json(nullptr);
  doc["pareto"] = v.pareto;
  return doc;
}

}  // namespace

void RenderCompressJson(const CompressReport& report, std::ostream& out) {
  const auto& o = report.options;
  Json variants = Json::array();
  for (const auto& v : report.variants) variants.push_back(VariantJson(v, report.variants.front()));
  const Json doc{
      {"model", report.model_path},
      {"objective", ToString(o.objective)},
      {"pareto_over", Json::array({"file_bytes", "p50_ms at 1 intra-op thread", "peak_rss_mib"})},
      {"gate",
       Json{{"samples", o.fix.gate.samples},
            {"min_cosine", o.fix.gate.min_cosine},
            {"max_top1_disagreement", o.fix.gate.max_top1_disagreement},
            {"seed", o.fix.seed}}},
      {"measurement",
       Json{{"runs", o.runs},
            {"repeats", o.repeats},
            {"warmup", o.warmup},
            {"cold_runs", o.cold_runs},
            {"rss_runs", o.rss_runs}}},
      {"dims", o.dims},
      {"calibration_dir", o.fix.calibration_dir},
      {"variants", variants},
      {"best", report.best.empty() ? Json(nullptr) : Json(report.best)},
      {"output", report.output_path.empty() ? Json(nullptr) : Json(report.output_path)},
      {"written", report.written},
      {"notes", report.notes}};
  out << doc.dump(2) << "\n";
}

}  // namespace ortkit::report
