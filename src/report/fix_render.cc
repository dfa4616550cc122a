// Renderers of `ortkit fix`'s report: aligned text for people, JSON for tools.
#include "report/fix_render.h"

#include <cmath>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include "report/gate_json.h"
#include "report/text_table.h"

namespace ortkit::report {
namespace {

using graph::FixReport;
using graph::PassReport;
using graph::Verification;
using Json = nlohmann::ordered_json;  // keys in the order written, for people reading the output

// Differences in a fixed scientific form, so that columns align and golden tests can mask them.
std::string Sci(double v) { return fmt::format("{:.2e}", v); }

std::string CountsCell(const graph::FixChanges& changes) {
  std::string out;
  for (const auto& c : changes.counts) {
    // "label: n" reads right for any n, where "n label" would need plurals.
    if (c.value != 0) out += fmt::format("{}{}: {}", out.empty() ? "" : ", ", c.label, c.value);
  }
  return out.empty() ? "nothing to change" : out;
}

std::string ToleranceText(const Verification& v) {
  return fmt::format("rtol {}, atol {}, seed {}", Sci(v.tolerance.rtol), Sci(v.tolerance.atol), v.seed);
}

constexpr const char* kNoReference = "outputs not compared: no reference";

std::size_t Failing(const Verification& v) {
  std::size_t failing = 0;
  for (const auto& o : v.comparison.outputs) failing += o.pass ? 0 : 1;
  return failing;
}

std::string VerificationHeadline(const FixReport& report) {
  const Verification& v = report.verification;
  if (!v.ran) return "skipped (--no-verify)";
  if (!v.failure.empty()) return "FAILED: " + v.failure;
  const auto& outputs = v.comparison.outputs;
  if (!v.non_finite_outputs.empty()) {
    return fmt::format("FAILED: the fixed model's output{} '{}' hold{} NaN or infinity",
                       v.non_finite_outputs.size() == 1 ? "" : "s", fmt::join(v.non_finite_outputs, "', '"),
                       v.non_finite_outputs.size() == 1 ? "s" : "");
  }
  if (v.gate) {
    const auto& g = *v.gate;
    std::size_t failing = 0;
    for (const auto& o : g.outputs) failing += o.pass ? 0 : 1;
    const std::string samples = g.inputs.empty() ? fmt::format("{} samples from seed {}", g.samples, g.first_seed)
                                                  : fmt::format("{} samples: the {}", g.samples, g.inputs);
    const std::string rule = fmt::format("cosine >= {}, top-1 disagreement <= {}%, {}", g.options.min_cosine,
                                         100 * g.options.max_top1_disagreement, samples);
    if (v.passed) return fmt::format("passed the accuracy gate: all {} outputs ({})", g.outputs.size(), rule);
    return fmt::format("FAILED the accuracy gate: {} of {} outputs ({})", failing, g.outputs.size(), rule);
  }
  switch (v.reference) {
    case graph::Reference::kNone:
      return std::string("passed: the fixed model runs and every output is finite; ") + kNoReference;
    case graph::Reference::kCastRepaired:
      if (v.passed) {
        return fmt::format("passed: the fixed model runs, every output is finite, and all {} outputs match a "
                           "cast-repaired copy of the original ({})", outputs.size(), ToleranceText(v));
      }
      return fmt::format("FAILED: {} of {} outputs differ from a cast-repaired copy of the original ({})", Failing(v),
                         outputs.size(), ToleranceText(v));
    case graph::Reference::kOriginal: break;
  }
  if (v.passed) return fmt::format("passed: all {} outputs match ({})", outputs.size(), ToleranceText(v));
  return fmt::format("FAILED: {} of {} outputs differ ({})", Failing(v), outputs.size(), ToleranceText(v));
}

// When ORT refuses the original, which of the two checks (runs; matches a reference) were done.
void RenderUnloadableOriginal(const Verification& v, std::ostream& out) {
  if (v.reference == graph::Reference::kOriginal) return;
  out << "  original   does not load in ONNX Runtime: " << v.original_error << "\n";
  if (v.reference == graph::Reference::kCastRepaired) {
    out << "  reference  a copy of the original with Casts at its type conflicts:\n";
    for (const auto& r : v.reference_repairs) out << "               " << r << "\n";
  } else {
    out << "  reference  none: " << v.reference_error << "\n";
  }
  if (!v.failure.empty()) return;
  out << "  check (a)  the fixed model runs with finite outputs: "
      << (v.non_finite_outputs.empty() ? "passed" : "FAILED") << "\n";
  out << "  check (b)  its outputs match the reference: ";
  if (v.reference == graph::Reference::kNone) {
    out << "not done (" << kNoReference << ")\n";
  } else {
    out << (v.comparison.pass ? "passed" : "FAILED") << "\n";
  }
}

void RenderPasses(const FixReport& report, std::ostream& out) {
  out << "\npasses\n";
  TextTable table({"pass", "changes"});
  for (const PassReport& p : report.passes) table.AddRow({p.name, CountsCell(p.changes)});
  table.Render(out, 2);
  for (const PassReport& p : report.passes) {
    const auto& details = p.changes.details;
    if (details.empty()) continue;
    out << "\n" << p.name << "\n";
    for (std::size_t i = 0; i < details.size() && i < kMaxDetailLines; ++i) out << "  " << details[i] << "\n";
    if (details.size() > kMaxDetailLines) {
      out << "  ... and " << details.size() - kMaxDetailLines << " more (--json lists them all)\n";
    }
  }
}

// The accuracy gate's figures, one row per output; "-" where a figure does not apply.
void RenderGate(const compare::GateResult& g, std::ostream& out) {
  TextTable table({"output", "type", "shape", "cosine", "max abs", "max rel", "top-1 agree", "top-5 overlap", "result"},
                  {false, false, false, true, true, true, true, true, false});
  for (const auto& o : g.outputs) {
    const bool is_float = o.note.empty();
    table.AddRow({o.name, o.type, ShapeToString(o.shape), is_float ? fmt::format("{:.6f}", o.cosine) : "-",
                  Sci(o.max_abs), Sci(o.max_rel),
                  o.scores ? fmt::format("{:.2f}%", 100 * (1 - o.top1_disagreement())) : "-",
                  o.scores ? fmt::format("{:.3f}", o.top5_overlap) : "-",
                  o.pass ? (is_float ? "ok" : "ok (" + o.note + ")") : "FAILS: " + o.failure});
  }
  table.Render(out, 2);
}

void RenderVerification(const FixReport& report, std::ostream& out) {
  const Verification& v = report.verification;
  out << "\nverification  " << VerificationHeadline(report) << "\n";
  if (v.ran) RenderUnloadableOriginal(v, out);
  if (!v.inputs.empty()) {
    std::string inputs;
    for (const auto& i : v.inputs) inputs += (inputs.empty() ? "" : "; ") + i;
    out << "  inputs  " << inputs << "\n";
  }
  if (v.gate) return RenderGate(*v.gate, out);
  if (v.comparison.outputs.empty()) return;
  TextTable table({"output", "type", "shape", "max abs", "max rel", "mismatches", "result"},
                  {false, false, false, true, true, true, false});
  for (const auto& o : v.comparison.outputs) {
    std::string result = o.pass ? "ok" : "DIFFERS";
    if (!o.note.empty()) result += " (" + o.note + ")";
    table.AddRow({o.name, o.type_b, ShapeToString(o.shape_b), Sci(o.max_abs), Sci(o.max_rel),
                  fmt::format("{} of {}", o.mismatches, o.elements), result});
  }
  table.Render(out, 2);
}

Json PassJson(const PassReport& p) {
  Json counts = Json::object();
  for (const auto& c : p.changes.counts) counts[c.key] = c.value;
  return Json{{"name", p.name}, {"summary", p.summary}, {"changed", p.changes.changed()},
              {"counts", counts}, {"changes", p.changes.details}};
}

Json VerificationJson(const Verification& v) {
  Json outputs = Json::array();
  for (const auto& o : v.comparison.outputs) {
    outputs.push_back(Json{{"name", o.name},         {"type", o.type_b},          {"fixed_type", o.type_a},
                           {"shape", o.shape_b},     {"fixed_shape", o.shape_a},  {"elements", o.elements},
                           {"max_abs", o.max_abs},   {"max_rel", o.max_rel},      {"mismatches", o.mismatches},
                           {"pass", o.pass},         {"note", o.note}});
  }
  // The two checks made when ORT refuses the original (null: not done); the original is otherwise
  // the reference and `passed` says it all.
  const bool checked = v.ran && v.failure.empty() && v.reference != graph::Reference::kOriginal;
  const Json runs = checked ? Json(v.non_finite_outputs.empty()) : Json(nullptr);
  const Json matches = checked && v.reference == graph::Reference::kCastRepaired ? Json(v.comparison.pass) : Json(nullptr);
  const bool no_reference = v.ran && v.failure.empty() && v.reference == graph::Reference::kNone;
  Json doc{{"ran", v.ran},
              {"passed", v.passed},
              {"failure", v.failure},
              {"reference", ToString(v.reference)},
              {"original_error", v.original_error},
              {"reference_repairs", v.reference_repairs},
              {"reference_error", v.reference_error},
              {"runs_with_finite_outputs", runs},
              {"matches_reference", matches},
              {"non_finite_outputs", v.non_finite_outputs},
              {"note", no_reference ? kNoReference : ""},
              {"rtol", v.tolerance.rtol},
              {"atol", v.tolerance.atol},
              {"seed", v.seed},
              {"inputs", v.inputs},
              {"outputs", outputs}};
  if (v.gate) doc["accuracy_gate"] = AccuracyGateJson(*v.gate);  // only with a lossy pass: other goldens stay as they are
  return doc;
}

}  // namespace

void RenderFixText(const FixReport& report, std::ostream& out) {
  out << "model    " << report.input_path << "\n";
  out << "output   " << report.output_path << " (" << ToString(report.format) << ", "
      << (report.written ? "written" : "NOT written: verification failed; --keep-unverified writes it anyway")
      << ")\n";
  out << "size     " << report.input_bytes << " -> " << report.output_bytes << " bytes\n";
  if (!report.checker_note.empty()) {
    out << "note     the original model fails onnx::checker, so the result was not held to it: "
        << report.checker_note << "\n";
  }
  RenderPasses(report, out);
  RenderVerification(report, out);
  if (report.latency) {
    const auto& l = *report.latency;
    out << fmt::format("\nlatency (median of {} runs after {} warm-up, 1 intra-op thread)\n", l.runs, l.warmup);
    out << fmt::format("  before   {:.3f} ms\n  after    {:.3f} ms\n  speedup  {:.2f}x (noise +-{:.1f}%)\n", l.before_ms,
                       l.after_ms, l.speedup(), 100 * l.noise);
  } else if (!report.latency_note.empty()) {
    out << "\nlatency  " << report.latency_note << "\n";
  }
}

void RenderFixJson(const FixReport& report, std::ostream& out) {
  Json passes = Json::array();
  for (const PassReport& p : report.passes) passes.push_back(PassJson(p));
  Json doc{{"model", report.input_path},     {"output", report.output_path},
           {"format", ToString(report.format)}, {"written", report.written},
           {"input_bytes", report.input_bytes}, {"output_bytes", report.output_bytes},
           {"checker_note", report.checker_note}, {"changed", report.changed()},
           {"passes", passes},               {"verification", VerificationJson(report.verification)}};
  if (report.latency) {
    const auto& l = *report.latency;
    doc["latency"] = Json{{"runs", l.runs},         {"warmup", l.warmup},       {"before_ms", l.before_ms},
                          {"after_ms", l.after_ms}, {"speedup", l.speedup()}, {"noise", l.noise}};
  } else {
    doc["latency"] = nullptr;
  }
  doc["latency_note"] = report.latency_note;
  out << doc.dump(2) << "\n";
}

}  // namespace ortkit::report
